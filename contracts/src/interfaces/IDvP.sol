// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IDvP
/// @notice Delivery versus payment between investors: a seller offers tokens of an asset for a price in a payment
/// token, to a named buyer or to any verified buyer, until an expiry; the buyer takes the offer and both legs settle
/// in one transaction (payment tokens buyer -> seller, asset tokens seller -> buyer) or not at all.
/// @dev One contract per chain serves every asset the platform's TokenFactory deployed (`ITokenFactory.isToken`); the
/// issuer enables it per asset with `ITokenLock.setLocker(dvp, true)` on the token. Offered tokens are LOCKED in the
/// seller's wallet (`ITokenLock.lock`): not frozen, not escrowed, so they still count for holders, record dates and
/// distributions, but the seller cannot transfer them elsewhere. Settlement delivers them with
/// `ITokenLock.transferLocked`, a holder transfer under every token rule (pause, freezes, the buyer's verification,
/// every compliance module), so the compliance runs on-chain at settlement as well as in the pre-checks.
/// The seller names the payment token (any ERC-20 contract): apps should show offers only in the payment tokens they
/// know (`deployments.paymentToken`); a fee-on-transfer token pays the seller less than `price`.
/// Units: `amount` in token base units (10^-decimals of a whole token); `price` in payment-token base units (e.g.
/// 10^-6 TUSD) for the whole `amount` (not per unit); `expiry` in unix seconds. An offer is takeable while
/// `block.timestamp < expiry`. Offers are taken whole (no partial takes): one price, one settlement, one event.
/// Pre-check codes (`checkOffer`, `checkTake`): 0 allowed, 1..17 the shared restriction table (`RestrictionCodes`,
/// ERC-1404), 100..112 DvP codes (`DvPCodes`); the returned reason says it in words.
interface IDvP {
    /// @notice The life of an offer. `None`: no such id. `Open`: takeable until expiry, its tokens locked. `Taken`:
    /// settled. `Cancelled`: closed by the seller or by an agent of the asset. `Released`: closed after expiry.
    enum OfferStatus {
        None,
        Open,
        Taken,
        Cancelled,
        Released
    }

    /// @notice An offer. A closed offer (taken, cancelled, released) keeps `seller`, `expiry` and `status`; its other
    /// fields are cleared (their values are in `OfferCreated`), which refunds gas to the closing transaction.
    /// @param seller The seller, whose tokens are locked while the offer is open.
    /// @param expiry Unix seconds; takeable while `block.timestamp < expiry`.
    /// @param status The offer's state.
    /// @param token The asset's token.
    /// @param paymentToken The ERC-20 the price is paid in.
    /// @param buyer The named buyer, or zero for any verified buyer.
    /// @param amount Token base units offered (the whole offer is taken at once).
    /// @param price Payment-token base units for the whole `amount`.
    struct Offer {
        address seller;
        uint64 expiry;
        OfferStatus status;
        address token;
        address paymentToken;
        address buyer;
        uint128 amount;
        uint128 price;
    }

    /// @notice `seller` offered `amount` token base units of `token` for `price` payment-token base units of
    /// `paymentToken` to `buyer` (zero: any verified buyer) until `expiry` (unix seconds); the amount is locked.
    event OfferCreated(
        uint256 indexed id,
        address indexed seller,
        address indexed token,
        uint256 amount,
        address paymentToken,
        uint256 price,
        address buyer,
        uint64 expiry
    );
    /// @notice `buyer` took offer `id`: `price` payment-token base units of `paymentToken` moved from `buyer` to
    /// `seller` and `amount` token base units of `token` from `seller` to `buyer`, in this one transaction.
    event OfferTaken(
        uint256 indexed id,
        address indexed buyer,
        address indexed seller,
        address token,
        uint256 amount,
        address paymentToken,
        uint256 price
    );
    /// @notice `by` (the seller, an agent of the asset or a holder of its role TRANSFER_MANAGER or ISSUER) cancelled
    /// offer `id`; `unlocked` token base units of the seller were released (less than the offer's amount when an
    /// agent move had already taken locked tokens).
    event OfferCancelled(uint256 indexed id, address indexed by, uint256 unlocked);
    /// @notice `by` (anyone) closed offer `id` after its expiry; `unlocked` token base units of the seller were
    /// released (less than the offer's amount when an agent move had already taken locked tokens).
    event OfferReleased(uint256 indexed id, address indexed by, uint256 unlocked);

    /// @notice The constructor's factory is zero.
    error InvalidAddress(address value);
    /// @notice The amount is zero, or above 2^128 - 1 token base units.
    error InvalidAmount(uint256 amount);
    /// @notice The price is zero, or above 2^128 - 1 payment-token base units.
    error InvalidPrice(uint256 price);
    /// @notice The payment token is zero, or the asset's own token.
    error InvalidPaymentToken(address paymentToken);
    /// @notice The expiry (unix seconds) is not after the block's timestamp `now`.
    error InvalidExpiry(uint64 expiry, uint256 now);
    /// @notice `token` was not deployed by the platform's TokenFactory.
    error UnknownToken(address token);
    /// @notice The offer cannot be made (or taken) now: `code` is a restriction code (1..17) or a DvP code (100..112)
    /// whose text `DvPCodes.message(code)` gives; e.g. 5: the named buyer is not verified for the asset,
    /// 7: the buyer would exceed the maximum number of holders, 107: the issuer has not enabled DvP for the asset.
    error OfferRestricted(address token, address seller, address buyer, uint256 amount, uint8 code);
    /// @notice No offer has this id.
    error OfferNotFound(uint256 id);
    /// @notice The offer is taken, cancelled or released.
    error OfferNotOpen(uint256 id, OfferStatus status);
    /// @notice The offer expired at `expiry` (unix seconds): it can only be cancelled or released.
    error OfferExpired(uint256 id, uint64 expiry);
    /// @notice The offer has not expired yet (`releaseExpired` before `expiry`).
    error OfferNotExpired(uint256 id, uint64 expiry);
    /// @notice `caller` is not the offer's named buyer, or is its seller.
    error NotOfferBuyer(uint256 id, address caller);
    /// @notice `caller` is neither the seller, nor an agent of the asset, nor a holder of its role TRANSFER_MANAGER or
    /// ISSUER (without execution delay).
    error NotOfferCanceller(uint256 id, address caller);

    /// @notice Offers `amount` token base units of `token` from the caller (the seller) for `price` payment-token
    /// base units of `paymentToken` (for the whole amount), to `buyer` (zero: any verified buyer), until `expiry`.
    /// Locks the amount in the seller's wallet.
    /// @dev Refuses bad terms (`InvalidAmount`, `InvalidPrice`, `InvalidPaymentToken`, `InvalidExpiry`,
    /// `UnknownToken`) and, with `OfferRestricted(code)`, whatever `checkOffer` reports (paused asset, frozen
    /// seller or buyer, DvP not enabled, available balance short, and for a named buyer: not verified or refused by
    /// the compliance). Emits `OfferCreated` (and the token's `TokensLocked`).
    /// @param token The asset's token (deployed by the platform's factory).
    /// @param amount Token base units to sell, > 0.
    /// @param paymentToken The ERC-20 to be paid in (not the asset itself).
    /// @param price Payment-token base units for the whole amount, > 0.
    /// @param buyer The named buyer, or zero for any verified buyer.
    /// @param expiry Unix seconds, after the current block's timestamp.
    /// @return id The offer id (sequential from 1).
    function createOffer(
        address token,
        uint256 amount,
        address paymentToken,
        uint256 price,
        address buyer,
        uint64 expiry
    ) external returns (uint256 id);

    /// @notice Takes offer `id` as the caller (the buyer): `price` payment tokens move from the caller to the
    /// seller (the caller approved this contract for at least `price`) and the offered tokens from the seller to the
    /// caller, both or neither.
    /// @dev Reverts with `OfferNotFound`, `OfferNotOpen`, `OfferExpired`, `NotOfferBuyer`, the payment token's
    /// errors (`ERC20InsufficientAllowance`, `ERC20InsufficientBalance`, or SafeERC20's `SafeERC20FailedOperation`)
    /// or the token's (`TokenPaused`, `WalletFrozen`, `RecipientNotVerified`, `TransferNotCompliant`,
    /// `UnlockExceedsLocked` when an agent took the locked tokens). Emits `OfferTaken`.
    /// @param id The offer.
    function takeOffer(uint256 id) external;

    /// @notice `takeOffer` after an ERC-2612 permit for this contract to spend `price` of the caller's payment
    /// tokens (signed by the caller; EIP-2612 `permit(owner, spender, value, deadline, v, r, s)`).
    /// @dev A failed permit is ignored (it may have been front-run: the allowance then already stands); settlement
    /// then needs the allowance. Reverts as `takeOffer`.
    /// @param id The offer.
    /// @param deadline The permit's deadline (unix seconds).
    /// @param v The signature's v.
    /// @param r The signature's r.
    /// @param s The signature's s.
    function takeOfferWithPermit(uint256 id, uint256 deadline, uint8 v, bytes32 r, bytes32 s) external;

    /// @notice Cancels open offer `id` (expired or not) and releases its lock: by the seller, or by an agent of the
    /// asset or a holder of its role TRANSFER_MANAGER or ISSUER (a compliance officer's stop).
    /// @dev Unlocks min(amount, the seller's locked tokens): when an agent move already took locked tokens, the
    /// offer still closes. Emits `OfferCancelled`. Reverts with `OfferNotFound`, `OfferNotOpen`, `NotOfferCanceller`,
    /// or the token's `CallerNotLocker` while the issuer has the DvP disabled (`setLocker(dvp, false)`): the offer
    /// stays open, since closing it without the unlock would leave the tokens locked for good; enable the DvP again
    /// to close it (an issuer should cancel open offers before disabling the DvP).
    /// @param id The offer.
    function cancelOffer(uint256 id) external;

    /// @notice Closes open offer `id` after its expiry and releases its lock; anyone may call it.
    /// @dev Unlocks min(amount, the seller's locked tokens), as `cancelOffer`. Emits `OfferReleased`. Reverts with
    /// `OfferNotFound`, `OfferNotOpen`, `OfferNotExpired`, or `CallerNotLocker` as `cancelOffer`.
    /// @param id The offer.
    function releaseExpired(uint256 id) external;

    /// @notice Whether `seller` may offer `amount` token base units of `token` to `buyer` (zero: any buyer) now,
    /// with the reason in words: unknown token, DvP not enabled, paused, frozen wallets, the seller's available
    /// balance (not frozen, not locked), and for a named buyer its verification and the compliance's code.
    /// @param token The asset's token.
    /// @param seller The seller.
    /// @param buyer The named buyer, or zero.
    /// @param amount Token base units.
    /// @return code 0 when allowed, else a restriction code (1..17) or a DvP code (100..112).
    /// @return reason The code's text (`DvPCodes.message`).
    function checkOffer(address token, address seller, address buyer, uint256 amount)
        external
        view
        returns (uint8 code, string memory reason);

    /// @notice Whether `buyer` could take offer `id` now, with the reason in words: the offer's state and expiry,
    /// the named buyer, DvP enabled, pause, frozen wallets, the seller's locked tokens, the buyer's verification
    /// ("you are not verified for this asset"), the compliance ("the transfer would exceed the maximum number of
    /// holders", ...), then the buyer's payment-token balance and allowance (checked last: a buyer who signs a permit
    /// with `takeOfferWithPermit` may ignore code 112).
    /// @param id The offer.
    /// @param buyer The would-be buyer.
    /// @return code 0 when allowed, else a restriction code (1..17) or a DvP code (100..112).
    /// @return reason The code's text, worded for the buyer.
    function checkTake(uint256 id, address buyer) external view returns (uint8 code, string memory reason);

    /// @notice Offer `id` (all zero for an unknown id; closed offers keep seller, expiry and status only).
    function getOffer(uint256 id) external view returns (Offer memory);

    /// @notice The number of offers created; ids run from 1 to `offerCount()`.
    function offerCount() external view returns (uint256);

    /// @notice The TokenFactory whose tokens this DvP trusts.
    function factory() external view returns (address);
}
