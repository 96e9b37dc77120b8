// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IBond
/// @notice The platform's bond contract: the terms of every bond asset (asset class 1) and its redemption at maturity,
/// one contract per chain keyed by token. Terms are set once by the asset's CORPORATE_ACTIONS role. After the maturity
/// date that role funds the redemption in the payment token; once the funds cover the face value of the whole supply
/// the asset is marked matured and holders redeem at face value: their tokens are burned (this contract holds the
/// asset's SUPPLY role) and the payment token is paid out. The coupon schedule is derived off-chain from the terms
/// (the SDK's `couponSchedule`); each coupon, the last one included, is paid as a distribution, not here.
/// @dev Units: token amounts in token base units (10^-decimals of a whole token); face value and payments in
/// payment-token base units; dates in unix seconds (UTC); `couponRate` in `RATE_SCALE` units per year (1e8 = 100%).
/// Roles are the token's AccessManager roles (`Roles`), held without execution delay; a token counts only if the
/// platform's TokenFactory deployed it.
interface IBond {
    /// @notice The terms of one bond asset.
    /// @param paymentToken The ERC-20 of the face value and the coupons (the asset's payment token).
    /// @param issueDate Issue date, unix seconds (the start of the first coupon period).
    /// @param couponFrequency Coupon payments per year: 1, 2, 4 or 12; 0 for a zero-coupon bond.
    /// @param dayCount Day-count convention of the coupon accrual: 0 ACT/360, 1 ACT/365 (fixed), 2 30/360 (US bond
    /// basis).
    /// @param couponRate Annual coupon rate in units of 1e-8 (`RATE_SCALE` = 1e8 = 100% per year; 1 basis point =
    /// 10,000): finer than basis points so rates such as 4.125% (4,125,000) are exact. 0 exactly for a zero-coupon
    /// bond; at most 100% per year.
    /// @param faceValue Face value of one whole token (10^decimals base units), in payment-token base units.
    /// @param maturityDate Maturity date, unix seconds, after `issueDate`: the last coupon date and the date from which
    /// the face value is repaid.
    struct BondTerms {
        address paymentToken;
        uint48 issueDate;
        uint8 couponFrequency;
        uint8 dayCount;
        uint32 couponRate;
        uint128 faceValue;
        uint48 maturityDate;
    }

    /// @notice The redemption accounts of one bond, in payment-token base units.
    /// @param funded Total received by `fundRedemption`.
    /// @param paid Total paid to holders by redemptions.
    /// @param reclaimed Total returned to the issuer side by `reclaimExcess`.
    /// @param matured Whether the asset is marked matured (redemptions open).
    struct Redemption {
        uint128 funded;
        uint128 paid;
        uint128 reclaimed;
        bool matured;
    }

    /// @notice The terms of `token` were set (once).
    /// @param token The bond asset.
    /// @param paymentToken The payment token.
    /// @param faceValue Payment-token base units per whole token.
    /// @param couponRate Annual rate, 1e8 = 100%.
    /// @param couponFrequency Payments per year (0 zero-coupon).
    /// @param dayCount 0 ACT/360, 1 ACT/365, 2 30/360.
    /// @param issueDate Unix seconds.
    /// @param maturityDate Unix seconds.
    event BondTermsSet(
        address indexed token,
        address indexed paymentToken,
        uint256 faceValue,
        uint32 couponRate,
        uint8 couponFrequency,
        uint8 dayCount,
        uint48 issueDate,
        uint48 maturityDate
    );

    /// @notice `from` funded the redemption of `token` with `amount` payment-token base units (as received);
    /// `funded` is the total funded so far.
    event RedemptionFunded(address indexed token, address indexed from, uint256 amount, uint256 funded);

    /// @notice `token` is marked matured: the funds held (`available`, payment-token base units) cover the face value
    /// of its whole supply (`supply`, token base units); holders may redeem from now on.
    event BondMatured(address indexed token, uint256 supply, uint256 available);

    /// @notice `amount` token base units of `holder` were burned and `payment` payment-token base units paid to
    /// `holder`; `by` is the caller (the holder, or a CORPORATE_ACTIONS member in a batch).
    event RedeemedAtMaturity(
        address indexed token, address indexed holder, address indexed by, uint256 amount, uint256 payment
    );

    /// @notice Funds beyond what the supply still needs (`amount`, payment-token base units) went to `to`.
    event RedemptionExcessReclaimed(address indexed token, address indexed to, uint256 amount);

    /// @notice `token` was not deployed by the platform's TokenFactory.
    error UnknownToken(address token);
    /// @notice `token` is not a bond (its `assetClass()` is `assetClass`, not 1).
    error NotABond(address token, uint8 assetClass);
    /// @notice The terms of `token` are already set (they are set once).
    error BondTermsAlreadySet(address token);
    /// @notice `token` has no terms.
    error BondTermsNotSet(address token);
    /// @notice The payment token is zero, has no code, or is the bond itself.
    error InvalidPaymentToken(address paymentToken);
    /// @notice The face value is zero.
    error InvalidFaceValue();
    /// @notice The coupon frequency is not 0, 1, 2, 4 or 12.
    error InvalidCouponFrequency(uint8 couponFrequency);
    /// @notice The coupon rate is above 100% per year, zero for a coupon bond, or not zero for a zero-coupon bond.
    error InvalidCouponRate(uint32 couponRate, uint8 couponFrequency);
    /// @notice The day-count convention is not 0 (ACT/360), 1 (ACT/365) or 2 (30/360).
    error InvalidDayCount(uint8 dayCount);
    /// @notice The issue date is zero or the maturity date is not after it.
    error InvalidBondDates(uint48 issueDate, uint48 maturityDate);
    /// @notice The maturity date (unix seconds) is not in the future (`timestamp` is now).
    error MaturityInPast(uint48 maturityDate, uint256 timestamp);
    /// @notice The maturity date of `token` (unix seconds) has not come yet.
    error BondNotMatured(address token, uint48 maturityDate);
    /// @notice Redemptions of `token` are not open: the funds held (`available`) do not yet cover the face value of
    /// the supply (`required`), payment-token base units.
    error RedemptionNotFunded(address token, uint256 available, uint256 required);
    /// @notice A payment of `payment` would exceed the funds held for `token` (`available`), payment-token base units
    /// (the supply grew after funding: fund the difference).
    error InsufficientRedemptionFunds(address token, uint256 available, uint256 payment);
    /// @notice `amount` is more than `holder` may redeem (`redeemable`: balance minus frozen and locked tokens).
    error RedemptionExceedsRedeemable(address holder, uint256 redeemable, uint256 amount);
    /// @notice The amount is zero, or so small (`amount` token base units) that its payment rounds down to zero.
    error RedemptionAmountTooSmall(uint256 amount);
    /// @notice A funding amount of zero.
    error ZeroFunding();
    /// @notice The funds held for `token` do not exceed what its supply needs: nothing to reclaim.
    error NothingToReclaim(address token);

    /// @notice The TokenFactory whose tokens this contract trusts.
    function factory() external view returns (address);

    /// @notice Sets the terms of bond `token`, once.
    /// @dev Caller: CORPORATE_ACTIONS on the token's AccessManager. Emits `BondTermsSet`. Reverts with `UnknownToken`,
    /// `AccessManagerUnauthorizedAccount(caller, 11)`, `NotABond`, `BondTermsAlreadySet`, `InvalidPaymentToken`,
    /// `InvalidFaceValue`, `InvalidCouponFrequency`, `InvalidCouponRate`, `InvalidDayCount`, `InvalidBondDates` or
    /// `MaturityInPast`.
    /// @param token The bond asset (asset class 1).
    /// @param terms The terms (see `BondTerms` for units).
    function setTerms(address token, BondTerms calldata terms) external;

    /// @notice Pulls `amount` payment-token base units from the caller (who approved this contract) into the
    /// redemption of `token`, credited as received. Once the funds held cover the face value of the whole supply,
    /// the asset is marked matured (`BondMatured`) and redemptions open. May be called again, e.g. after a mint.
    /// @dev Caller: CORPORATE_ACTIONS. From the maturity date on. Emits `RedemptionFunded` (and `BondMatured` once).
    /// Reverts with `UnknownToken`, `AccessManagerUnauthorizedAccount`, `BondTermsNotSet`, `BondNotMatured`,
    /// `ZeroFunding`, or the payment token's own error.
    /// @param token The bond asset.
    /// @param amount Payment-token base units to pull.
    function fundRedemption(address token, uint256 amount) external;

    /// @notice Redeems `amount` token base units of the caller at face value: burns them and pays
    /// `amount * faceValue / 10**decimals` payment-token base units (rounded down) to the caller. The caller's wallet
    /// must not be frozen and `amount` must not exceed its balance minus frozen and locked tokens; KYC verification is
    /// not required (an investor whose KYC lapsed still gets its principal back, to the wallet that holds the tokens).
    /// Works while the token is paused (a burn is an agent move).
    /// @dev Emits `RedeemedAtMaturity` (and the token's `Transfer` to zero). Reverts with `UnknownToken`,
    /// `BondTermsNotSet`, `BondNotMatured`, `RedemptionNotFunded`, `RedemptionAmountTooSmall`, `WalletFrozen`,
    /// `RedemptionExceedsRedeemable`, `InsufficientRedemptionFunds`.
    /// @param token The bond asset.
    /// @param amount Token base units to redeem.
    /// @return payment Payment-token base units paid.
    function redeemAtMaturity(address token, uint256 amount) external returns (uint256 payment);

    /// @notice Redeems, for each of `holders`, its whole redeemable balance (balance minus frozen and locked tokens),
    /// paying each holder as `redeemAtMaturity` does. Skips, without reverting, a frozen wallet, a wallet with
    /// nothing redeemable and one whose payment would round to zero: their tokens and the funds for them stay.
    /// @dev Caller: CORPORATE_ACTIONS. Emits `RedeemedAtMaturity` per redeemed holder. Reverts as `redeemAtMaturity`
    /// (but never for a skipped holder) and with `AccessManagerUnauthorizedAccount`.
    /// @param token The bond asset.
    /// @param holders Wallets to redeem.
    /// @return redeemed Holders redeemed.
    /// @return paid Payment-token base units paid in total.
    function redeemAtMaturityFor(address token, address[] calldata holders)
        external
        returns (uint256 redeemed, uint256 paid);

    /// @notice Sends the funds held for `token` beyond the face value of its remaining supply to `to`: overfunding,
    /// rounding remainders, or everything once the supply is redeemed.
    /// @dev Caller: CORPORATE_ACTIONS. Emits `RedemptionExcessReclaimed`. Reverts with `UnknownToken`,
    /// `AccessManagerUnauthorizedAccount`, `BondTermsNotSet`, `NothingToReclaim`.
    /// @param token The bond asset.
    /// @param to Recipient of the excess.
    /// @return amount Payment-token base units sent.
    function reclaimExcess(address token, address to) external returns (uint256 amount);

    /// @notice The terms of `token` (all zero when not set).
    function terms(address token) external view returns (BondTerms memory);

    /// @notice The redemption accounts of `token`.
    function redemption(address token) external view returns (Redemption memory);

    /// @notice Payment-token base units paid for redeeming `amount` token base units of `token`
    /// (`amount * faceValue / 10**decimals`, rounded down).
    function redemptionPayment(address token, uint256 amount) external view returns (uint256);

    /// @notice Payment-token base units the current supply of `token` needs at face value (rounded down).
    function redemptionRequired(address token) external view returns (uint256);

    /// @notice Token base units `holder` may redeem now: balance minus frozen and locked tokens, zero for a frozen
    /// wallet.
    function redeemableBalance(address token, address holder) external view returns (uint256);
}
