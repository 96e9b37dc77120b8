// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {IERC7540Operator, IERC7540Deposit, IERC7540Redeem} from "./IERC7540.sol";
import {IERC7575} from "./IERC7575.sol";
import {IERC7887Deposit, IERC7887Redeem} from "./IERC7887.sol";

/// @title ITesseraVault
/// @notice An asset's subscription and redemption vault: a fully asynchronous ERC-7540 vault (ERC-7575 `share()` is
/// the asset's Tessera token, `asset()` its payment token) with ERC-7887 cancelation, dealing dates with a cut-off,
/// minimum amounts, and an on-chain NAV per share with history and a second approval for large moves.
///
/// Amounts: `assets` are payment-token base units; `shares` are token base units; NAV per share is payment-token base
/// units per whole share (10**decimals share base units). Times are unix seconds.
///
/// Request ids: every Request has `requestId` 0 (ERC-7540 "Request Ids"): Requests are discriminated by controller
/// alone, because the fund administrator fulfils each controller's Request for its own amount (partial fulfilment),
/// which ERC-7540 forbids among Requests sharing a non-zero id. Functions taking a `requestId` ignore it. A
/// controller has at most one Pending deposit Request and one Pending redeem Request, each queued for one dealing
/// date (`pendingDepositDealingDate`, `pendingRedeemDealingDate`): a Request made at time t is queued for the first
/// dealing date D with t <= D - cutoff (`dealingDateAt`). Adding to a Pending Request is allowed for the same
/// dealing date only.
///
/// Flows:
/// - Subscription: `requestDeposit` moves payment tokens into the vault (escrow) after checking that the controller
///   may hold shares (the token's restriction code for a mint to it). FUND_ADMIN `fulfillDeposits` at the NAV whose
///   valuation date is the dealing date: shares become Claimable and the fulfilled payment tokens go to `treasury()`
///   in the same transaction (the fund receives the money when it issues the shares). `deposit`/`mint` mints the
///   shares to the receiver (the token re-checks verification and compliance then).
/// - Redemption: `requestRedeem` locks the owner's shares in place (ITokenLock; controller must be the owner).
///   FUND_ADMIN `fulfillRedeems` at NAV: unlocks and burns the shares and pulls the payout from the caller into the
///   vault; `redeem`/`withdraw` pays the controller's receiver.
/// - Cancelation (ERC-7887, synchronous: straight to Claimable): the controller or an operator up to the cut-off of
///   the Request's dealing date, the FUND_ADMIN at any time (refusing an order); only the Pending part (never a
///   fulfilled one). `claimCancelDepositRequest` returns payment tokens, `claimCancelRedeemRequest` releases the lock.
///
/// Escrow: the vault's payment-token balance equals pending deposits + canceled deposits not yet claimed back +
/// claimable redemption payouts (fee-on-transfer payment tokens are not supported).
/// Rounding: in the vault's favour, at most one base unit per fulfilment (shares = assets * 10**decimals / nav and
/// payout = shares * nav / 10**decimals, both rounded down); claims of part of a Claimable amount round down for
/// the claimant too, and the last claim takes the rest exactly.
interface ITesseraVault is
    IERC165,
    IERC7575,
    IERC7540Operator,
    IERC7540Deposit,
    IERC7540Redeem,
    IERC7887Deposit,
    IERC7887Redeem
{
    /// @notice Dealing schedule and minimums.
    /// @param firstDealing The first dealing date (unix seconds); dealing dates are firstDealing + k * interval.
    /// @param interval Seconds between dealing dates (e.g. 86,400 for daily dealing).
    /// @param cutoff Seconds before a dealing date after which Requests go to the next dealing date; below interval.
    /// @param minDeposit Minimum subscription per Request, payment-token base units (0: none beyond non-zero).
    /// @param minRedeem Minimum redemption per Request, share base units (0: none beyond non-zero).
    struct DealingTerms {
        uint40 firstDealing;
        uint32 interval;
        uint32 cutoff;
        uint128 minDeposit;
        uint128 minRedeem;
    }

    /// @notice FUND_ADMIN fulfilled `assets` payment-token base units of `controller`'s deposit Request at the NAV of
    /// `dealingDate`: `shares` share base units became Claimable.
    event DepositFulfilled(address indexed controller, uint256 indexed dealingDate, uint256 assets, uint256 shares);
    /// @notice FUND_ADMIN fulfilled `shares` share base units of `controller`'s redeem Request at the NAV of
    /// `dealingDate` (the shares were burned): `assets` payment-token base units became Claimable.
    event RedeemFulfilled(address indexed controller, uint256 indexed dealingDate, uint256 shares, uint256 assets);
    /// @notice A NAV per share (payment-token base units per whole share) took effect for `valuationDate`.
    /// `approver` is zero when the move was within the limit; the initial NAV's `proposer` is the vault's deployer
    /// (the VaultFactory when deployed through it).
    event NavUpdated(uint256 indexed valuationDate, uint256 navPerShare, address proposer, address approver);
    /// @notice A NAV update moving more than the limit awaits a NAV_APPROVER (replacing any earlier proposal).
    event NavProposed(uint256 indexed valuationDate, uint256 navPerShare, uint256 previousNav, address proposer);
    /// @notice The largest NAV move, in basis points of the last NAV, that takes effect without a second approval.
    event NavMoveLimitSet(uint256 maxMoveBps);
    /// @notice The dealing schedule and minimums changed (Pending Requests keep their dealing dates).
    event DealingTermsSet(
        uint256 firstDealing, uint256 interval, uint256 cutoff, uint256 minDeposit, uint256 minRedeem
    );
    /// @notice The account that receives fulfilled subscription money changed.
    event TreasurySet(address indexed treasury);

    /// @notice `token` was not deployed by the platform's factory (a role counts only on the platform's tokens).
    error UnknownToken(address token);
    /// @notice A required address is zero or not allowed (the payment token equal to the share).
    error InvalidAddress(address value);
    /// @notice The caller lacks `role` (immediate membership) on the asset's AccessManager.
    error CallerMissingRole(address caller, uint64 role);
    /// @notice `caller` is neither `account` nor an operator `account` approved (ERC-7540).
    error NotOwnerOrOperator(address caller, address account);
    /// @notice A redeem Request's controller must be the owner of the shares (they stay locked in its wallet).
    error ControllerNotOwner(address controller, address owner);
    /// @notice A zero amount.
    error ZeroAmount();
    /// @notice `amount` is below the Request minimum `minimum` (payment-token base units for deposits, share base
    /// units for redemptions).
    error BelowMinimum(uint256 amount, uint256 minimum);
    /// @notice The controller may not hold the shares now: `code` is the token's ERC-1404 restriction code (3 frozen,
    /// 5 not verified, 6 country not allowed, 8 max balance, ...).
    error ControllerRestricted(address controller, uint8 code);
    /// @notice The controller has a Request Pending for an earlier dealing date (`pendingDealingDate`) than the one
    /// open now: wait for its fulfilment or cancel it first.
    error RequestPendingForEarlierDealing(address controller, uint256 pendingDealingDate);
    /// @notice Nothing is Pending for `controller` (never requested, fully fulfilled, or canceled).
    error NoPendingRequest(address controller);
    /// @notice The controller's cancelation comes after the cut-off (`cutoffTime`) of the Request's dealing date;
    /// only the FUND_ADMIN may cancel it now.
    error CancelAfterCutoff(address controller, uint256 cutoffTime);
    /// @notice Fulfilling `amount` exceeds the controller's Pending amount `pending`.
    error FulfillExceedsPending(address controller, uint256 pending, uint256 amount);
    /// @notice The controller's Request is queued for `requestDealingDate`, after the fulfilment's `dealingDate`.
    error RequestNotDue(address controller, uint256 requestDealingDate, uint256 dealingDate);
    /// @notice No NAV has `dealingDate` as its valuation date.
    error NoNavForDealingDate(uint256 dealingDate);
    /// @notice The amount converts to zero shares or zero payment-token base units (dust).
    error DustAmount(uint256 amount);
    /// @notice Claiming `amount` exceeds the Claimable `claimable`.
    error ExceedsClaimable(address controller, uint256 claimable, uint256 amount);
    /// @notice Nothing is Claimable for `controller`.
    error NothingToClaim(address controller);
    /// @notice Previews revert for asynchronous flows (ERC-7540 "Request Flows").
    error AsyncFlow();
    /// @notice A NAV per share of zero.
    error ZeroNav();
    /// @notice The valuation date `valuationDate` is after now (`nowTime`).
    error ValuationDateInFuture(uint256 valuationDate, uint256 nowTime);
    /// @notice The valuation date `valuationDate` is not after the last one (`lastValuationDate`).
    error ValuationDateNotAfterLast(uint256 valuationDate, uint256 lastValuationDate);
    /// @notice No NAV proposal matches (`valuationDate`, `navPerShare`).
    error NoSuchNavProposal(uint256 valuationDate, uint256 navPerShare);
    /// @notice The approver proposed the NAV itself (a second account must approve).
    error ApproverIsProposer(address approver);
    /// @notice Invalid dealing terms (interval zero, cut-off not below the interval, or first dealing date zero).
    error InvalidDealingTerms();
    /// @notice The NAV move limit is above 10,000 basis points (100%).
    error InvalidNavMoveLimit(uint256 maxMoveBps);
    /// @notice Two batch arrays have different lengths.
    error BatchLengthMismatch(uint256 expected, uint256 actual);

    /// @notice Fulfils deposit Requests at the NAV of `dealingDate`: for each i, `assets[i]` payment-token base units
    /// of `controllers[i]`'s Pending Request (all or part; the rest stays Pending and may be fulfilled at a later
    /// dealing date) become Claimable as `assets[i] * 10**decimals / nav` shares (rounded down); the batch's payment
    /// tokens go to `treasury()`.
    /// @dev Role FUND_ADMIN. Emits `DepositFulfilled` per entry. Reverts with `CallerMissingRole`,
    /// `BatchLengthMismatch`, `NoNavForDealingDate`, `ZeroAmount`, `FulfillExceedsPending`, `RequestNotDue` or
    /// `DustAmount`.
    function fulfillDeposits(uint256 dealingDate, address[] calldata controllers, uint256[] calldata assets) external;

    /// @notice Fulfils redeem Requests at the NAV of `dealingDate`: for each i, `shares[i]` share base units of
    /// `controllers[i]`'s Pending Request are unlocked and burned, and `shares[i] * nav / 10**decimals` payment-token
    /// base units (rounded down) become Claimable; the batch's payout is pulled from the caller (approve the vault).
    /// @dev Role FUND_ADMIN. Emits `RedeemFulfilled` per entry. Reverts as `fulfillDeposits`, with the token's
    /// `UnlockExceedsLocked` (an agent took the locked shares) or the payment token's transfer error.
    function fulfillRedeems(uint256 dealingDate, address[] calldata controllers, uint256[] calldata shares) external;

    /// @notice Sets the NAV per share for `valuationDate` (payment-token base units per whole share). Within the move
    /// limit it takes effect now (`NavUpdated`); a larger move waits for `approveNav` (`NavProposed`).
    /// @dev Role NAV_AGENT. Reverts with `CallerMissingRole`, `ZeroNav`, `ValuationDateInFuture` or
    /// `ValuationDateNotAfterLast`.
    function updateNav(uint256 navPerShare, uint256 valuationDate) external;

    /// @notice Approves the pending NAV proposal (`navPerShare` for `valuationDate`, restated so the approver signs
    /// exactly what takes effect). Emits `NavUpdated`.
    /// @dev Role NAV_APPROVER, not the proposer. Reverts with `CallerMissingRole`, `NoSuchNavProposal`,
    /// `ApproverIsProposer` or `ValuationDateNotAfterLast` (a later NAV took effect meanwhile).
    function approveNav(uint256 navPerShare, uint256 valuationDate) external;

    /// @notice Sets the NAV move limit in basis points of the last NAV (0: every change needs approval).
    /// @dev Role FUND_ADMIN or ADMIN. Emits `NavMoveLimitSet`. Reverts with `CallerMissingRole` or
    /// `InvalidNavMoveLimit`.
    function setNavMoveLimit(uint256 maxMoveBps) external;

    /// @notice Sets the dealing schedule and minimums; Pending Requests keep their dealing dates.
    /// @dev Role FUND_ADMIN. Emits `DealingTermsSet`. Reverts with `CallerMissingRole` or `InvalidDealingTerms`.
    function setDealingTerms(DealingTerms calldata terms) external;

    /// @notice Sets the account receiving fulfilled subscription money.
    /// @dev Role ADMIN (the issuer: the fund administrator operates, the issuer decides where money goes). Emits
    /// `TreasurySet`. Reverts with `CallerMissingRole` or `InvalidAddress` (zero, or the vault itself).
    function setTreasury(address treasury) external;

    /// @notice The latest NAV per share in effect (payment-token base units per whole share) and its valuation date.
    function navPerShare() external view returns (uint256 nav, uint256 valuationDate);

    /// @notice The NAV per share whose valuation date is `valuationDate` (0 when none).
    function navAt(uint256 valuationDate) external view returns (uint256 nav);

    /// @notice How many NAVs took effect (the initial one included).
    function navCount() external view returns (uint256);

    /// @notice The `index`-th NAV in effect, oldest first. Reverts (array bounds) when `index >= navCount()`.
    function navHistory(uint256 index) external view returns (uint256 valuationDate, uint256 nav);

    /// @notice The NAV proposal awaiting approval (zeros when none).
    function pendingNav() external view returns (uint256 nav, uint256 valuationDate, address proposer);

    /// @notice The NAV move limit in basis points.
    function navMoveLimit() external view returns (uint256 maxMoveBps);

    /// @notice The dealing schedule and minimums.
    function dealingTerms() external view returns (DealingTerms memory);

    /// @notice The dealing date a Request made at `timestamp` is queued for.
    function dealingDateAt(uint256 timestamp) external view returns (uint256);

    /// @notice The dealing date `controller`'s Pending (or last) deposit Request is queued for (0: never requested).
    function pendingDepositDealingDate(address controller) external view returns (uint256);

    /// @notice The dealing date `controller`'s Pending (or last) redeem Request is queued for (0: never requested).
    function pendingRedeemDealingDate(address controller) external view returns (uint256);

    /// @notice Share base units Claimable by `controller` for its Claimable deposit assets (`maxMint`).
    function claimableDepositShares(address controller) external view returns (uint256);

    /// @notice Payment-token base units Claimable by `controller` for its Claimable redeem shares (`maxWithdraw`).
    function claimableRedeemAssets(address controller) external view returns (uint256);

    /// @notice The account receiving fulfilled subscription money.
    function treasury() external view returns (address);

    /// @notice The TokenFactory that deployed the share token.
    function factory() external view returns (address);
}
