// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IAccessManager} from "@openzeppelin/contracts/access/manager/IAccessManager.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IDvP} from "../interfaces/IDvP.sol";
import {IToken} from "../interfaces/IToken.sol";
import {ITokenLock} from "../interfaces/ITokenLock.sol";
import {ITokenFactory} from "../interfaces/ITokenFactory.sol";
import {IManaged} from "../interfaces/IManaged.sol";
import {IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";
import {IModularCompliance} from "../interfaces/IModularCompliance.sol";
import {RestrictionCodes} from "../libraries/RestrictionCodes.sol";
import {Roles} from "../libraries/Roles.sol";
import {DvPCodes} from "./DvPCodes.sol";

/// @title DvP
/// @notice Delivery versus payment between investors, one contract per chain for every asset of the platform: see
/// `IDvP`. Offered tokens stay in the seller's wallet, locked (`ITokenLock`); settlement moves the payment
/// (SafeERC20 `transferFrom`, buyer -> seller) and the tokens (`transferLocked`, seller -> buyer, every token rule and
/// compliance module applied) in one transaction, so either leg failing reverts both.
/// @dev The contract never holds payment tokens or asset tokens. State-changing entry points are `nonReentrant`
/// (OpenZeppelin's ReentrancyGuardTransient, EIP-1153) and follow checks-effects-interactions: the offer is closed
/// in storage before any external call that moves value.
/// Agent moves: the token's burn, forced transfer and recovery may take locked tokens (an agent's order wins). A
/// later settlement then reverts with the token's `UnlockExceedsLocked`, and closing the offer (cancel, release)
/// unlocks only min(offer amount, the seller's locked tokens) so the offer still closes. The token keeps one locked
/// total per wallet for all lockers, so after such an agent move the DvP's release may consume another locker's
/// share of that total; the issuer settles that case by hand.
contract DvP is IDvP, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    address private immutable _factory;
    uint256 private _offerCount;
    mapping(uint256 id => Offer) private _offers;

    /// @param factory_ The platform's TokenFactory: only its tokens (`isToken`) can be offered.
    constructor(address factory_) {
        if (factory_ == address(0)) revert InvalidAddress(address(0));
        _factory = factory_;
    }

    // ------------------------------------------------------------------ offers

    /// @inheritdoc IDvP
    function createOffer(
        address token,
        uint256 amount,
        address paymentToken,
        uint256 price,
        address buyer,
        uint64 expiry
    ) external nonReentrant returns (uint256 id) {
        if (amount == 0 || amount > type(uint128).max) revert InvalidAmount(amount);
        if (price == 0 || price > type(uint128).max) revert InvalidPrice(price);
        if (paymentToken == address(0) || paymentToken == token || paymentToken.code.length == 0) {
            revert InvalidPaymentToken(paymentToken);
        }
        // Offer expiries are minutes to days: validator timestamp drift (seconds) does not matter.
        // forge-lint: disable-next-line(block-timestamp)
        if (expiry <= block.timestamp) revert InvalidExpiry(expiry, block.timestamp);
        uint8 code = _offerCode(token, msg.sender, buyer, amount);
        if (code == DvPCodes.UNKNOWN_TOKEN) revert UnknownToken(token);
        if (code != RestrictionCodes.SUCCESS) revert OfferRestricted(token, msg.sender, buyer, amount, code);

        id = ++_offerCount;
        // Cannot truncate: amount and price are at most 2^128 - 1, checked above.
        _offers[id] = Offer({
            seller: msg.sender,
            expiry: expiry,
            status: OfferStatus.Open,
            token: token,
            paymentToken: paymentToken,
            buyer: buyer,
            // forge-lint: disable-next-line(unsafe-typecast)
            amount: uint128(amount),
            // forge-lint: disable-next-line(unsafe-typecast)
            price: uint128(price)
        });
        emit OfferCreated(id, msg.sender, token, amount, paymentToken, price, buyer, expiry);
        ITokenLock(token).lock(msg.sender, amount);
    }

    /// @inheritdoc IDvP
    function takeOffer(uint256 id) external nonReentrant {
        _take(id);
    }

    /// @inheritdoc IDvP
    function takeOfferWithPermit(uint256 id, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external nonReentrant {
        Offer storage o = _offers[id];
        address paymentToken = o.paymentToken;
        // A closed or unknown offer has no payment token: `_take` reverts with the reason.
        if (paymentToken != address(0)) {
            // A failed permit is ignored: it may have been front-run (the allowance then stands); settlement needs it.
            try IERC20Permit(paymentToken).permit(msg.sender, address(this), o.price, deadline, v, r, s) {} catch {}
        }
        _take(id);
    }

    /// @inheritdoc IDvP
    function cancelOffer(uint256 id) external nonReentrant {
        Offer memory o = _openOffer(id);
        if (msg.sender != o.seller && !_isStopper(o.token, msg.sender)) revert NotOfferCanceller(id, msg.sender);
        uint256 unlocked = _close(id, o, OfferStatus.Cancelled);
        emit OfferCancelled(id, msg.sender, unlocked);
        if (unlocked != 0) ITokenLock(o.token).unlock(o.seller, unlocked);
    }

    /// @inheritdoc IDvP
    function releaseExpired(uint256 id) external nonReentrant {
        Offer memory o = _openOffer(id);
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp < o.expiry) revert OfferNotExpired(id, o.expiry);
        uint256 unlocked = _close(id, o, OfferStatus.Released);
        emit OfferReleased(id, msg.sender, unlocked);
        if (unlocked != 0) ITokenLock(o.token).unlock(o.seller, unlocked);
    }

    // ------------------------------------------------------------------ pre-checks and views

    /// @inheritdoc IDvP
    function checkOffer(address token, address seller, address buyer, uint256 amount)
        external
        view
        returns (uint8 code, string memory reason)
    {
        code = _offerCode(token, seller, buyer, amount);
        reason = DvPCodes.message(code);
    }

    /// @inheritdoc IDvP
    function checkTake(uint256 id, address buyer) external view returns (uint8 code, string memory reason) {
        code = _takeCode(_offers[id], buyer);
        reason = DvPCodes.buyerMessage(code);
    }

    /// @inheritdoc IDvP
    function getOffer(uint256 id) external view returns (Offer memory) {
        return _offers[id];
    }

    /// @inheritdoc IDvP
    function offerCount() external view returns (uint256) {
        return _offerCount;
    }

    /// @inheritdoc IDvP
    function factory() external view returns (address) {
        return _factory;
    }

    // ------------------------------------------------------------------ internals

    /// @dev Settles offer `id` with the caller as buyer. Checks, then the offer is closed (its terms cleared: a gas
    /// refund), then the two legs; the token's own rules (pause, freezes, verification, compliance) run in
    /// `transferLocked`, and any revert undoes both legs and the closing.
    function _take(uint256 id) private {
        Offer memory o = _offers[id];
        if (o.status != OfferStatus.Open) {
            if (o.status == OfferStatus.None) revert OfferNotFound(id);
            revert OfferNotOpen(id, o.status);
        }
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp >= o.expiry) revert OfferExpired(id, o.expiry);
        if ((o.buyer != address(0) && o.buyer != msg.sender) || msg.sender == o.seller) {
            revert NotOfferBuyer(id, msg.sender);
        }
        _offers[id] = Offer({
            seller: o.seller,
            expiry: o.expiry,
            status: OfferStatus.Taken,
            token: address(0),
            paymentToken: address(0),
            buyer: address(0),
            amount: 0,
            price: 0
        });
        emit OfferTaken(id, msg.sender, o.seller, o.token, o.amount, o.paymentToken, o.price);
        // Payment leg: buyer -> seller directly (the DvP never holds the payment).
        IERC20(o.paymentToken).safeTransferFrom(msg.sender, o.seller, o.price);
        // Delivery leg: a holder transfer of the locked tokens under every rule of the token; a factory token
        // reverts on any refusal, so its boolean is always true.
        ITokenLock(o.token).transferLocked(o.seller, msg.sender, o.amount);
    }

    /// @dev The open offer `id`, or a revert with `OfferNotFound` / `OfferNotOpen`.
    function _openOffer(uint256 id) private view returns (Offer memory o) {
        o = _offers[id];
        if (o.status != OfferStatus.Open) {
            if (o.status == OfferStatus.None) revert OfferNotFound(id);
            revert OfferNotOpen(id, o.status);
        }
    }

    /// @dev Closes open offer `o` with `status` (terms cleared) and returns what to unlock: min(amount, the seller's
    /// locked tokens), so an offer whose locked tokens an agent move took still closes.
    function _close(uint256 id, Offer memory o, OfferStatus status) private returns (uint256 unlocked) {
        uint256 locked = ITokenLock(o.token).getLockedTokens(o.seller);
        unlocked = o.amount < locked ? o.amount : locked;
        _offers[id] = Offer({
            seller: o.seller,
            expiry: o.expiry,
            status: status,
            token: address(0),
            paymentToken: address(0),
            buyer: address(0),
            amount: 0,
            price: 0
        });
    }

    /// @dev Whether `caller` may stop offers of `token`: an agent of the token, or a holder of the asset's
    /// AccessManager role TRANSFER_MANAGER or ISSUER without execution delay (fixed role ids).
    function _isStopper(address token, address caller) private view returns (bool) {
        if (IToken(token).isAgent(caller)) return true;
        address manager = IManaged(token).authority();
        if (manager == address(0)) return false;
        (bool member, uint32 delay) = IAccessManager(manager).hasRole(Roles.TRANSFER_MANAGER, caller);
        if (member && delay == 0) return true;
        (member, delay) = IAccessManager(manager).hasRole(Roles.ISSUER, caller);
        return member && delay == 0;
    }

    /// @dev The first reason `seller` could not offer `amount` of `token` to `buyer` (zero: any buyer) now; 0 if none.
    /// The token's own `detectTransferRestriction` counts locked tokens as unavailable, so the check is composed from
    /// its parts: pause, freezes, available balance, the buyer's verification, the compliance's code.
    function _offerCode(address token, address seller, address buyer, uint256 amount) private view returns (uint8) {
        if (!ITokenFactory(_factory).isToken(token)) return DvPCodes.UNKNOWN_TOKEN;
        if (!ITokenLock(token).isLocker(address(this))) return DvPCodes.DVP_NOT_ENABLED;
        IToken t = IToken(token);
        if (t.paused()) return RestrictionCodes.TOKEN_PAUSED;
        if (t.isFrozen(seller)) return RestrictionCodes.SENDER_FROZEN;
        if (buyer == seller) return DvPCodes.SELF_TRADE;
        uint256 used = t.getFrozenTokens(seller) + ITokenLock(token).getLockedTokens(seller);
        uint256 balance = IERC20(token).balanceOf(seller);
        if (used > balance || amount > balance - used) return DvPCodes.AVAILABLE_BALANCE_SHORT;
        if (buyer == address(0)) return RestrictionCodes.SUCCESS;
        return _buyerCode(t, seller, buyer, amount);
    }

    /// @dev The first reason offer `o` could not be taken by `buyer` now; 0 if none.
    function _takeCode(Offer memory o, address buyer) private view returns (uint8 code) {
        if (o.status != OfferStatus.Open) {
            if (o.status == OfferStatus.None) return DvPCodes.OFFER_NOT_FOUND;
            if (o.status == OfferStatus.Taken) return DvPCodes.OFFER_TAKEN;
            if (o.status == OfferStatus.Cancelled) return DvPCodes.OFFER_CANCELLED;
            return DvPCodes.OFFER_RELEASED;
        }
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp >= o.expiry) return DvPCodes.OFFER_EXPIRED;
        if (o.buyer != address(0) && o.buyer != buyer) return DvPCodes.NOT_OFFER_BUYER;
        if (buyer == o.seller) return DvPCodes.SELF_TRADE;
        if (!ITokenLock(o.token).isLocker(address(this))) return DvPCodes.DVP_NOT_ENABLED;
        IToken t = IToken(o.token);
        if (t.paused()) return RestrictionCodes.TOKEN_PAUSED;
        if (t.isFrozen(o.seller)) return RestrictionCodes.SENDER_FROZEN;
        uint256 locked = ITokenLock(o.token).getLockedTokens(o.seller);
        if (locked < o.amount) return DvPCodes.LOCKED_TOKENS_SHORT;
        // Frozen and locked tokens are separate parts of the balance: after an agent froze part of the seller's
        // locked tokens, the delivery would need frozen ones and the token refuses it.
        if (IERC20(o.token).balanceOf(o.seller) < t.getFrozenTokens(o.seller) + locked) {
            return RestrictionCodes.INSUFFICIENT_UNFROZEN_BALANCE;
        }
        code = _buyerCode(t, o.seller, buyer, o.amount);
        if (code != RestrictionCodes.SUCCESS) return code;
        if (IERC20(o.paymentToken).balanceOf(buyer) < o.price) return DvPCodes.PAYMENT_BALANCE_SHORT;
        if (IERC20(o.paymentToken).allowance(buyer, address(this)) < o.price) return DvPCodes.PAYMENT_ALLOWANCE_SHORT;
    }

    /// @dev The buyer's side of a transfer of `amount` from `seller`: frozen, verified, then the compliance's code.
    function _buyerCode(IToken t, address seller, address buyer, uint256 amount) private view returns (uint8) {
        if (t.isFrozen(buyer)) return RestrictionCodes.RECIPIENT_FROZEN;
        if (!IIdentityRegistry(t.identityRegistry()).isVerified(buyer)) return RestrictionCodes.RECIPIENT_NOT_VERIFIED;
        return IModularCompliance(t.compliance()).detectTransferRestriction(seller, buyer, amount);
    }
}
