// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IAccessManager} from "@openzeppelin/contracts/access/manager/IAccessManager.sol";
import {IBond} from "../interfaces/IBond.sol";
import {IToken} from "../interfaces/IToken.sol";
import {ITokenLock} from "../interfaces/ITokenLock.sol";
import {ITokenFactory} from "../interfaces/ITokenFactory.sol";
import {IManaged} from "../interfaces/IManaged.sol";
import {Roles} from "../libraries/Roles.sol";

/// @title Bond
/// @notice The platform's bond contract (one per chain): terms of every bond asset and its redemption at face value
/// at maturity. See `IBond`.
/// @dev Needs, per bond asset, the role SUPPLY (1) on the asset's AccessManager (it burns redeemed tokens with
/// `IToken.burn`). Funds of different bonds sharing a payment token are kept apart by per-bond accounts: a bond's
/// payments and reclaims never exceed what was funded for it.
/// Redemption policy (never lose a token or a payment): a burn is an agent move, so pause, compliance modules and KYC
/// verification do not stop it; but this contract redeems only a wallet's free tokens (balance minus frozen minus
/// locked) and never a frozen wallet, because a freeze or a lock is another party's claim on those tokens (an agent's
/// order, a pending vault request or DvP offer). Such tokens stay, and so do the funds for them: `reclaimExcess`
/// never takes what the remaining supply needs. Redemptions open only when the funds cover the whole supply, so a
/// partly funded bond (a default) does not pay the fastest holders first.
contract Bond is IBond, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /// @notice 100% per year in `BondTerms.couponRate` units.
    uint32 public constant RATE_SCALE = 1e8;
    /// @notice Day-count convention ACT/360.
    uint8 public constant DAY_COUNT_ACT_360 = 0;
    /// @notice Day-count convention ACT/365 (fixed).
    uint8 public constant DAY_COUNT_ACT_365 = 1;
    /// @notice Day-count convention 30/360 (US bond basis).
    uint8 public constant DAY_COUNT_30_360 = 2;

    /// @dev One bond: terms (two slots) plus the decimals of its token, then the redemption accounts (two slots).
    struct BondState {
        BondTerms terms;
        uint8 decimals;
        Redemption redemption;
    }

    /// @inheritdoc IBond
    address public immutable factory;

    mapping(address token => BondState) private _bonds;

    /// @param tokenFactory The platform's TokenFactory (`isToken`).
    constructor(address tokenFactory) {
        if (tokenFactory == address(0)) revert IToken.InvalidAddress(tokenFactory);
        factory = tokenFactory;
    }

    // ------------------------------------------------------------------ terms

    /// @inheritdoc IBond
    function setTerms(address token, BondTerms calldata t) external {
        _checkRole(token, Roles.CORPORATE_ACTIONS);
        uint8 cls = IToken(token).assetClass();
        if (cls != 1) revert NotABond(token, cls);
        BondState storage b = _bonds[token];
        if (b.terms.paymentToken != address(0)) revert BondTermsAlreadySet(token);
        if (t.paymentToken == address(0) || t.paymentToken == token || t.paymentToken.code.length == 0) {
            revert InvalidPaymentToken(t.paymentToken);
        }
        if (t.faceValue == 0) revert InvalidFaceValue();
        uint8 f = t.couponFrequency;
        if (f != 0 && f != 1 && f != 2 && f != 4 && f != 12) revert InvalidCouponFrequency(f);
        if (t.couponRate > RATE_SCALE || (f == 0) != (t.couponRate == 0)) {
            revert InvalidCouponRate(t.couponRate, f);
        }
        if (t.dayCount > DAY_COUNT_30_360) revert InvalidDayCount(t.dayCount);
        if (t.issueDate == 0 || t.maturityDate <= t.issueDate) revert InvalidBondDates(t.issueDate, t.maturityDate);
        // forge-lint: disable-next-line(block-timestamp)
        if (t.maturityDate <= block.timestamp) revert MaturityInPast(t.maturityDate, block.timestamp);

        b.terms = t;
        b.decimals = IERC20Metadata(token).decimals();
        emit BondTermsSet(
            token, t.paymentToken, t.faceValue, t.couponRate, t.couponFrequency, t.dayCount, t.issueDate, t.maturityDate
        );
    }

    // ------------------------------------------------------------------ maturity

    /// @inheritdoc IBond
    function fundRedemption(address token, uint256 amount) external nonReentrant {
        _checkRole(token, Roles.CORPORATE_ACTIONS);
        BondState storage b = _maturedTerms(token);
        if (amount == 0) revert ZeroFunding();
        IERC20 pay = IERC20(b.terms.paymentToken);
        // Credited as received, so a token that keeps a fee on transfer cannot leave the accounts above the balance.
        uint256 before = pay.balanceOf(address(this));
        pay.safeTransferFrom(msg.sender, address(this), amount);
        uint256 received = pay.balanceOf(address(this)) - before;
        Redemption memory r = b.redemption;
        r.funded = SafeCast.toUint128(uint256(r.funded) + received);
        emit RedemptionFunded(token, msg.sender, received, r.funded);
        if (!r.matured) {
            uint256 supply = IERC20(token).totalSupply();
            uint256 available = _available(r);
            if (available >= _payment(supply, b.terms.faceValue, b.decimals)) {
                r.matured = true;
                emit BondMatured(token, supply, available);
            }
        }
        b.redemption = r;
    }

    /// @inheritdoc IBond
    function redeemAtMaturity(address token, uint256 amount) external nonReentrant returns (uint256 payment) {
        _checkToken(token);
        BondState storage b = _open(token);
        if (IToken(token).isFrozen(msg.sender)) revert IToken.WalletFrozen(msg.sender);
        uint256 redeemable = _redeemable(token, msg.sender);
        if (amount > redeemable) revert RedemptionExceedsRedeemable(msg.sender, redeemable, amount);
        payment = _payment(amount, b.terms.faceValue, b.decimals);
        if (payment == 0) revert RedemptionAmountTooSmall(amount);
        Redemption memory r = b.redemption;
        uint256 available = _available(r);
        if (payment > available) revert InsufficientRedemptionFunds(token, available, payment);
        // Cannot overflow: paid + payment <= funded, a uint128 (payment <= available = funded - paid - reclaimed).
        unchecked {
            // forge-lint: disable-next-line(unsafe-typecast)
            b.redemption.paid = uint128(r.paid + payment);
        }
        IToken(token).burn(msg.sender, amount);
        IERC20(b.terms.paymentToken).safeTransfer(msg.sender, payment);
        emit RedeemedAtMaturity(token, msg.sender, msg.sender, amount, payment);
    }

    /// @inheritdoc IBond
    function redeemAtMaturityFor(address token, address[] calldata holders)
        external
        nonReentrant
        returns (uint256 redeemed, uint256 paid)
    {
        _checkRole(token, Roles.CORPORATE_ACTIONS);
        BondState storage b = _open(token);
        uint256 paidBefore = b.redemption.paid;
        uint256 available = _available(b.redemption);
        uint256 n = holders.length;
        for (uint256 i; i < n; ++i) {
            uint256 payment = _redeemWhole(token, b, holders[i], available);
            if (payment == 0) continue;
            // Cannot underflow: `_redeemWhole` pays at most `available`.
            unchecked {
                available -= payment;
            }
            paid += payment;
            ++redeemed;
        }
        // Cannot overflow: paid <= the available funds at the start, so paidBefore + paid <= funded (a uint128).
        unchecked {
            // forge-lint: disable-next-line(unsafe-typecast)
            b.redemption.paid = uint128(paidBefore + paid);
        }
    }

    /// @inheritdoc IBond
    function reclaimExcess(address token, address to) external nonReentrant returns (uint256 amount) {
        _checkRole(token, Roles.CORPORATE_ACTIONS);
        BondState storage b = _bonds[token];
        if (b.terms.paymentToken == address(0)) revert BondTermsNotSet(token);
        if (to == address(0)) revert IToken.InvalidAddress(to);
        Redemption memory r = b.redemption;
        uint256 available = _available(r);
        uint256 required = _payment(IERC20(token).totalSupply(), b.terms.faceValue, b.decimals);
        if (available <= required) revert NothingToReclaim(token);
        // Cannot underflow: available > required, checked just above; r.reclaimed + amount <= funded, a uint128.
        unchecked {
            amount = available - required;
            // forge-lint: disable-next-line(unsafe-typecast)
            b.redemption.reclaimed = uint128(r.reclaimed + amount);
        }
        IERC20(b.terms.paymentToken).safeTransfer(to, amount);
        emit RedemptionExcessReclaimed(token, to, amount);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IBond
    function terms(address token) external view returns (BondTerms memory) {
        return _bonds[token].terms;
    }

    /// @inheritdoc IBond
    function redemption(address token) external view returns (Redemption memory) {
        return _bonds[token].redemption;
    }

    /// @inheritdoc IBond
    function redemptionPayment(address token, uint256 amount) external view returns (uint256) {
        BondState storage b = _bonds[token];
        return _payment(amount, b.terms.faceValue, b.decimals);
    }

    /// @inheritdoc IBond
    function redemptionRequired(address token) external view returns (uint256) {
        BondState storage b = _bonds[token];
        if (b.terms.paymentToken == address(0)) return 0;
        return _payment(IERC20(token).totalSupply(), b.terms.faceValue, b.decimals);
    }

    /// @inheritdoc IBond
    function redeemableBalance(address token, address holder) external view returns (uint256) {
        if (IToken(token).isFrozen(holder)) return 0;
        return _redeemable(token, holder);
    }

    // ------------------------------------------------------------------ internals

    /// @dev `amount * faceValue / 10**decimals`, rounded down (in the issuer's favour, by less than one base unit).
    function _payment(uint256 amount, uint256 faceValue, uint8 decimals) private pure returns (uint256) {
        return Math.mulDiv(amount, faceValue, 10 ** decimals);
    }

    /// @dev Funds held for the bond: funded minus paid minus reclaimed (never negative: every payment and reclaim is
    /// checked against it).
    function _available(Redemption memory r) private pure returns (uint256) {
        return uint256(r.funded) - r.paid - r.reclaimed;
    }

    /// @dev Balance minus frozen minus locked tokens (zero when those exceed it), token base units.
    function _redeemable(address token, address holder) private view returns (uint256) {
        uint256 balance = IERC20(token).balanceOf(holder);
        uint256 held = IToken(token).getFrozenTokens(holder) + ITokenLock(token).getLockedTokens(holder);
        return balance > held ? balance - held : 0;
    }

    /// @dev Redeems the whole redeemable balance of `holder` for the batch (the caller stores the paid total):
    /// returns 0, doing nothing, for a frozen wallet or a payment that rounds to zero.
    function _redeemWhole(address token, BondState storage b, address holder, uint256 available)
        private
        returns (uint256 payment)
    {
        if (IToken(token).isFrozen(holder)) return 0;
        uint256 amount = _redeemable(token, holder);
        payment = _payment(amount, b.terms.faceValue, b.decimals);
        if (payment == 0) return 0;
        if (payment > available) revert InsufficientRedemptionFunds(token, available, payment);
        IToken(token).burn(holder, amount);
        IERC20(b.terms.paymentToken).safeTransfer(holder, payment);
        emit RedeemedAtMaturity(token, holder, msg.sender, amount, payment);
    }

    /// @dev A bond with terms whose maturity date has come.
    function _maturedTerms(address token) private view returns (BondState storage b) {
        b = _bonds[token];
        if (b.terms.paymentToken == address(0)) revert BondTermsNotSet(token);
        // forge-lint: disable-next-line(block-timestamp)
        if (block.timestamp < b.terms.maturityDate) revert BondNotMatured(token, b.terms.maturityDate);
    }

    /// @dev A bond whose redemptions are open (matured and funded).
    function _open(address token) private view returns (BondState storage b) {
        b = _maturedTerms(token);
        Redemption memory r = b.redemption;
        if (!r.matured) {
            revert RedemptionNotFunded(
                token, _available(r), _payment(IERC20(token).totalSupply(), b.terms.faceValue, b.decimals)
            );
        }
    }

    /// @dev Reverts unless the platform's factory deployed `token`.
    function _checkToken(address token) private view {
        if (!ITokenFactory(factory).isToken(token)) revert UnknownToken(token);
    }

    /// @dev Reverts unless `token` is the platform's and the caller holds `role` on its AccessManager without delay.
    function _checkRole(address token, uint64 role) private view {
        _checkToken(token);
        address manager = IManaged(token).authority();
        if (manager != address(0)) {
            (bool member, uint32 delay) = IAccessManager(manager).hasRole(role, msg.sender);
            if (member && delay == 0) return;
        }
        revert IAccessManager.AccessManagerUnauthorizedAccount(msg.sender, role);
    }
}
