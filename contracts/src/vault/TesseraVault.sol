// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {IAccessManager} from "@openzeppelin/contracts/access/manager/IAccessManager.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {ITesseraVault} from "../interfaces/ITesseraVault.sol";
import {IERC7575} from "../interfaces/IERC7575.sol";
import {IERC7540Operator, IERC7540Deposit, IERC7540Redeem} from "../interfaces/IERC7540.sol";
import {IERC7887Deposit, IERC7887Redeem} from "../interfaces/IERC7887.sol";
import {IToken} from "../interfaces/IToken.sol";
import {ITokenLock} from "../interfaces/ITokenLock.sol";
import {ITokenFactory} from "../interfaces/ITokenFactory.sol";
import {IManaged} from "../interfaces/IManaged.sol";
import {Roles} from "../libraries/Roles.sol";
import {RestrictionCodes} from "../libraries/RestrictionCodes.sol";

/// @title TesseraVault
/// @notice One asset's ERC-7540 subscription and redemption vault with its on-chain NAV (see `ITesseraVault`).
/// @dev A plain contract per asset (constructor arguments, immutables: the request paths read no configuration slot
/// they do not need). To work it needs, on the asset: role SUPPLY on the token's AccessManager (mint at claims) and
/// `setLocker(vault, true)` on the token (redemption locks, burned with `burnLocked` at fulfilment); the fund's
/// accounts need FUND_ADMIN, NAV_AGENT and NAV_APPROVER. Roles are read live from the token's `authority()`.
/// Storage is packed per controller and side: one slot for the Request (Pending amount, dealing date, canceled
/// amount) and one for the Claimable pair (assets, shares), so a request writes one slot and a fulfilment two;
/// neither slot returns to zero once used (the dealing date stays, and the Claimable pair keeps a `used` flag), so a
/// returning investor's request and fulfilment rewrite live slots.
contract TesseraVault is ITesseraVault, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;
    using SafeCast for uint256;

    /// @dev A controller's Request on one side: Pending amount (payment-token base units for deposits, share base
    /// units for redemptions), its dealing date, and the canceled amount Claimable back.
    struct Request {
        uint112 pending;
        uint40 dealingDate;
        uint104 canceled;
    }

    /// @dev A controller's Claimable pair on one side (assets in payment-token base units, shares in share base units:
    /// 120 bits hold the token's MAX_SUPPLY). `used` stays true once set, so the slot never returns to zero: the next
    /// fulfilment for a returning investor rewrites a live slot (2,900 gas) instead of filling an empty one (20,000).
    struct Claimable {
        uint128 assets;
        uint120 shares;
        bool used;
    }

    /// @dev Dealing schedule and minimum subscription, read together by `requestDeposit`.
    struct Schedule {
        uint40 firstDealing;
        uint32 interval;
        uint32 cutoff;
        uint128 minDeposit;
    }

    /// @dev The NAV in effect.
    struct Nav {
        uint192 nav;
        uint64 valuationDate;
    }

    /// @dev A NAV move above the limit awaiting approval.
    struct NavProposal {
        uint192 nav;
        uint64 valuationDate;
        address proposer;
    }

    uint256 private constant BPS = 10_000;

    /// @inheritdoc IERC7575
    address public immutable share;
    /// @inheritdoc IERC7575
    address public immutable asset;
    /// @inheritdoc ITesseraVault
    address public immutable factory;
    /// @dev 10**decimals of the share: share base units per whole share.
    uint256 private immutable _unit;

    Schedule private _schedule;
    uint128 private _minRedeem;
    uint16 private _navMoveLimit;
    address private _treasury;
    Nav private _nav;
    NavProposal private _proposal;
    uint64[] private _navDates;
    mapping(uint256 valuationDate => uint256 nav) private _navAt;

    mapping(address controller => Request) private _depositRequests;
    mapping(address controller => Claimable) private _depositClaims;
    mapping(address controller => Request) private _redeemRequests;
    mapping(address controller => Claimable) private _redeemClaims;
    mapping(address controller => mapping(address operator => bool)) private _operators;

    /// @notice Deploys the vault of `token`, paying in `paymentToken`.
    /// @dev Emits `NavUpdated` (the initial NAV, proposer the deployer), `DealingTermsSet`, `NavMoveLimitSet` and
    /// `TreasurySet`. Reverts with `InvalidAddress`, `UnknownToken` (not `ITokenFactory(factory_).isToken`),
    /// `ZeroNav`, `ValuationDateInFuture`, `InvalidDealingTerms` or `InvalidNavMoveLimit`.
    /// @param factory_ The platform's TokenFactory.
    /// @param token The asset's token (the share).
    /// @param paymentToken The payment token (the asset), e.g. TestUSD or USDC.
    /// @param initialNav The first NAV per share, payment-token base units per whole share.
    /// @param initialValuationDate Its valuation date (unix seconds, not in the future).
    /// @param terms The dealing schedule and minimums.
    /// @param navMoveLimitBps The NAV move limit in basis points.
    /// @param treasury_ The account receiving fulfilled subscription money (the fund's, e.g. the issuer).
    constructor(
        address factory_,
        address token,
        address paymentToken,
        uint256 initialNav,
        uint256 initialValuationDate,
        DealingTerms memory terms,
        uint256 navMoveLimitBps,
        address treasury_
    ) {
        if (factory_ == address(0)) revert InvalidAddress(factory_);
        if (token == address(0) || !ITokenFactory(factory_).isToken(token)) revert UnknownToken(token);
        if (paymentToken == address(0) || paymentToken == token) revert InvalidAddress(paymentToken);
        if (treasury_ == address(0)) revert InvalidAddress(treasury_);
        factory = factory_;
        share = token;
        asset = paymentToken;
        _unit = 10 ** IERC20Metadata(token).decimals();
        _validateNav(initialNav, initialValuationDate, 0);
        _recordNav(initialNav, initialValuationDate, msg.sender, address(0));
        _setDealingTerms(terms);
        _setNavMoveLimit(navMoveLimitBps);
        _treasury = treasury_;
        emit TreasurySet(treasury_);
    }

    // ------------------------------------------------------------------ ERC-7540 operators

    /// @inheritdoc IERC7540Operator
    function setOperator(address operator, bool approved) external returns (bool) {
        _operators[msg.sender][operator] = approved;
        emit OperatorSet(msg.sender, operator, approved);
        return true;
    }

    /// @inheritdoc IERC7540Operator
    function isOperator(address controller, address operator) external view returns (bool) {
        return _operators[controller][operator];
    }

    // ------------------------------------------------------------------ subscriptions

    /// @inheritdoc IERC7540Deposit
    /// @dev Pulls `assets` from `owner` with ERC-20 `transferFrom` (approve the vault first, or use the payment
    /// token's ERC-2612 permit). The controller must be able to hold shares now: not frozen and a mint of the
    /// estimated shares (at the latest NAV) allowed by verification and every compliance module; the token re-checks
    /// at claim. Returns 0 (see "Request ids"). Reverts with `NotOwnerOrOperator`, `ZeroAmount`, `BelowMinimum`,
    /// `DustAmount`, `ControllerRestricted`, `RequestPendingForEarlierDealing`, SafeCast's overflow error, or the
    /// payment token's transfer error.
    function requestDeposit(uint256 assets, address controller, address owner) external nonReentrant returns (uint256) {
        _checkSelfOrOperator(owner);
        if (assets == 0) revert ZeroAmount();
        Schedule memory s = _schedule;
        if (assets < s.minDeposit) revert BelowMinimum(assets, s.minDeposit);
        uint256 estimate = Math.mulDiv(assets, _unit, _nav.nav);
        if (estimate == 0) revert DustAmount(assets);
        _checkCanHold(controller, estimate);
        _queue(_depositRequests[controller], controller, assets, _dealingDate(s, block.timestamp));
        IERC20(asset).safeTransferFrom(owner, address(this), assets);
        emit DepositRequest(controller, owner, 0, msg.sender, assets);
        return 0;
    }

    /// @inheritdoc ITesseraVault
    function fulfillDeposits(uint256 dealingDate, address[] calldata controllers, uint256[] calldata assets)
        external
        nonReentrant
    {
        _checkRole(Roles.FUND_ADMIN);
        uint256 n = controllers.length;
        if (assets.length != n) revert BatchLengthMismatch(n, assets.length);
        uint256 nav = _navAt[dealingDate];
        if (nav == 0) revert NoNavForDealingDate(dealingDate);
        uint256 unit = _unit;
        uint256 total;
        for (uint256 i; i < n; ++i) {
            address controller = controllers[i];
            uint256 a = assets[i];
            _take(_depositRequests[controller], controller, a, dealingDate);
            uint256 shares = Math.mulDiv(a, unit, nav);
            if (shares == 0) revert DustAmount(a);
            _credit(_depositClaims[controller], a, shares);
            total += a;
            emit DepositFulfilled(controller, dealingDate, a, shares);
        }
        if (total != 0) IERC20(asset).safeTransfer(_treasury, total);
    }

    /// @inheritdoc IERC7540Deposit
    /// @dev Mints through the token (`IToken.mint`), which re-checks that `receiver` is verified and allowed by every
    /// compliance module: reverts then with the token's `RecipientNotVerified` or `TransferNotCompliant`. A part of
    /// the Claimable assets gets its share of the Claimable shares rounded down; claiming all of them takes the rest.
    /// Reverts also with `NotOwnerOrOperator`, `ZeroAmount`, `ExceedsClaimable` or `DustAmount`.
    function deposit(uint256 assets, address receiver, address controller) public nonReentrant returns (uint256) {
        _checkSelfOrOperator(controller);
        if (assets == 0) revert ZeroAmount();
        Claimable storage c = _depositClaims[controller];
        uint256 claimableAssets = c.assets;
        uint256 claimableShares = c.shares;
        if (assets > claimableAssets) revert ExceedsClaimable(controller, claimableAssets, assets);
        uint256 shares =
            assets == claimableAssets ? claimableShares : Math.mulDiv(claimableShares, assets, claimableAssets);
        if (shares == 0) revert DustAmount(assets);
        // Cannot underflow: assets <= claimableAssets, shares <= claimableShares (a part rounds down).
        unchecked {
            // forge-lint: disable-next-line(unsafe-typecast)
            c.assets = uint128(claimableAssets - assets);
            // forge-lint: disable-next-line(unsafe-typecast)
            c.shares = uint120(claimableShares - shares);
        }
        IToken(share).mint(receiver, shares);
        emit Deposit(controller, receiver, assets, shares);
        return shares;
    }

    /// @inheritdoc IERC7540Deposit
    /// @dev As `deposit`, by shares: a part of the Claimable shares takes its share of the Claimable assets rounded
    /// up. Reverts with `NotOwnerOrOperator`, `ZeroAmount`, `ExceedsClaimable` or as the token's `mint`.
    function mint(uint256 shares, address receiver, address controller) public nonReentrant returns (uint256) {
        _checkSelfOrOperator(controller);
        if (shares == 0) revert ZeroAmount();
        Claimable storage c = _depositClaims[controller];
        uint256 claimableAssets = c.assets;
        uint256 claimableShares = c.shares;
        if (shares > claimableShares) revert ExceedsClaimable(controller, claimableShares, shares);
        uint256 assets = shares == claimableShares
            ? claimableAssets
            : Math.mulDiv(claimableAssets, shares, claimableShares, Math.Rounding.Ceil);
        // Cannot underflow: shares <= claimableShares, so assets <= claimableAssets even rounded up.
        unchecked {
            // forge-lint: disable-next-line(unsafe-typecast)
            c.assets = uint128(claimableAssets - assets);
            // forge-lint: disable-next-line(unsafe-typecast)
            c.shares = uint120(claimableShares - shares);
        }
        IToken(share).mint(receiver, shares);
        emit Deposit(controller, receiver, assets, shares);
        return assets;
    }

    /// @inheritdoc IERC7575
    function deposit(uint256 assets, address receiver) external returns (uint256) {
        return deposit(assets, receiver, msg.sender);
    }

    /// @inheritdoc IERC7575
    function mint(uint256 shares, address receiver) external returns (uint256) {
        return mint(shares, receiver, msg.sender);
    }

    /// @inheritdoc IERC7887Deposit
    /// @dev Synchronous: the whole Pending amount becomes Claimable back at once (`pendingCancelDepositRequest` is
    /// always false). The controller or its operator may cancel up to the cut-off of the Request's dealing date; the
    /// FUND_ADMIN at any time (refusing an order). A fulfilled amount cannot be canceled. Reverts with
    /// `NoPendingRequest`, `CancelAfterCutoff` or `NotOwnerOrOperator`.
    function cancelDepositRequest(uint256, address controller) external nonReentrant {
        Request storage r = _depositRequests[controller];
        uint256 pending = r.pending;
        if (pending == 0) revert NoPendingRequest(controller);
        _checkCanCancel(controller, r.dealingDate);
        r.pending = 0;
        r.canceled = (r.canceled + pending).toUint104();
        emit CancelDepositRequest(controller, 0, msg.sender);
    }

    /// @inheritdoc IERC7887Deposit
    function pendingCancelDepositRequest(uint256, address) external pure returns (bool) {
        return false;
    }

    /// @inheritdoc IERC7887Deposit
    function claimableCancelDepositRequest(uint256, address controller) external view returns (uint256) {
        return _depositRequests[controller].canceled;
    }

    /// @inheritdoc IERC7887Deposit
    /// @dev Sends every canceled payment-token base unit of `controller` to `receiver`. Reverts with
    /// `NotOwnerOrOperator`, `NothingToClaim` or the payment token's transfer error.
    function claimCancelDepositRequest(uint256, address receiver, address controller) external nonReentrant {
        _checkSelfOrOperator(controller);
        Request storage r = _depositRequests[controller];
        uint256 assets = r.canceled;
        if (assets == 0) revert NothingToClaim(controller);
        r.canceled = 0;
        IERC20(asset).safeTransfer(receiver, assets);
        emit CancelDepositClaim(controller, receiver, 0, msg.sender, assets);
    }

    // ------------------------------------------------------------------ redemptions

    /// @inheritdoc IERC7540Redeem
    /// @dev Locks the shares in the owner's wallet (`ITokenLock.lock`): ERC-7540's "removed from the custody of owner"
    /// is met by the lock (the owner can no longer move them; only the vault releases or burns them), and they still
    /// count for holders and record dates until burned at fulfilment. The controller must be the owner (the lock stays
    /// in its wallet, so the Request is keyed by the wallet whose shares it burns). The caller
    /// must be the owner or its ERC-7540 operator: an ERC-20 allowance cannot authorize it, because a lock moves no
    /// tokens and so could not consume the allowance as ERC-7540 requires. Returns 0. Reverts with
    /// `NotOwnerOrOperator`, `ControllerNotOwner`, `ZeroAmount`, `BelowMinimum`, `DustAmount`,
    /// `RequestPendingForEarlierDealing`, or the token's `WalletFrozen`, `LockExceedsAvailable` or `CallerNotLocker`.
    function requestRedeem(uint256 shares, address controller, address owner) external nonReentrant returns (uint256) {
        _checkSelfOrOperator(owner);
        if (controller != owner) revert ControllerNotOwner(controller, owner);
        if (shares == 0) revert ZeroAmount();
        uint256 minimum = _minRedeem;
        if (shares < minimum) revert BelowMinimum(shares, minimum);
        if (Math.mulDiv(shares, _nav.nav, _unit) == 0) revert DustAmount(shares);
        _queue(_redeemRequests[controller], controller, shares, _dealingDate(_schedule, block.timestamp));
        ITokenLock(share).lock(owner, shares);
        emit RedeemRequest(controller, owner, 0, msg.sender, shares);
        return 0;
    }

    /// @inheritdoc ITesseraVault
    function fulfillRedeems(uint256 dealingDate, address[] calldata controllers, uint256[] calldata shares)
        external
        nonReentrant
    {
        _checkRole(Roles.FUND_ADMIN);
        uint256 n = controllers.length;
        if (shares.length != n) revert BatchLengthMismatch(n, shares.length);
        uint256 nav = _navAt[dealingDate];
        if (nav == 0) revert NoNavForDealingDate(dealingDate);
        uint256 unit = _unit;
        uint256 total;
        for (uint256 i; i < n; ++i) {
            address controller = controllers[i];
            uint256 s = shares[i];
            _take(_redeemRequests[controller], controller, s, dealingDate);
            uint256 assets = Math.mulDiv(s, nav, unit);
            if (assets == 0) revert DustAmount(s);
            _credit(_redeemClaims[controller], assets, s);
            total += assets;
            ITokenLock(share).burnLocked(controller, s);
            emit RedeemFulfilled(controller, dealingDate, s, assets);
        }
        if (total != 0) IERC20(asset).safeTransferFrom(msg.sender, address(this), total);
    }

    /// @inheritdoc IERC7575
    /// @dev ERC-7540 claim: `owner` is the controller. A part of the Claimable shares gets its share of the Claimable
    /// assets rounded down; claiming all of them takes the rest. Reverts with `NotOwnerOrOperator`, `ZeroAmount`,
    /// `ExceedsClaimable`, `DustAmount` or the payment token's transfer error.
    function redeem(uint256 shares, address receiver, address owner) external nonReentrant returns (uint256) {
        _checkSelfOrOperator(owner);
        if (shares == 0) revert ZeroAmount();
        Claimable storage c = _redeemClaims[owner];
        uint256 claimableAssets = c.assets;
        uint256 claimableShares = c.shares;
        if (shares > claimableShares) revert ExceedsClaimable(owner, claimableShares, shares);
        uint256 assets =
            shares == claimableShares ? claimableAssets : Math.mulDiv(claimableAssets, shares, claimableShares);
        if (assets == 0) revert DustAmount(shares);
        // Cannot underflow: shares <= claimableShares, assets <= claimableAssets (a part rounds down).
        unchecked {
            // forge-lint: disable-next-line(unsafe-typecast)
            c.assets = uint128(claimableAssets - assets);
            // forge-lint: disable-next-line(unsafe-typecast)
            c.shares = uint120(claimableShares - shares);
        }
        IERC20(asset).safeTransfer(receiver, assets);
        emit Withdraw(msg.sender, receiver, owner, assets, shares);
        return assets;
    }

    /// @inheritdoc IERC7575
    /// @dev ERC-7540 claim by assets: a part of the Claimable assets takes its share of the Claimable shares rounded
    /// up. Reverts with `NotOwnerOrOperator`, `ZeroAmount`, `ExceedsClaimable` or the payment token's transfer error.
    function withdraw(uint256 assets, address receiver, address owner) external nonReentrant returns (uint256) {
        _checkSelfOrOperator(owner);
        if (assets == 0) revert ZeroAmount();
        Claimable storage c = _redeemClaims[owner];
        uint256 claimableAssets = c.assets;
        uint256 claimableShares = c.shares;
        if (assets > claimableAssets) revert ExceedsClaimable(owner, claimableAssets, assets);
        uint256 shares = assets == claimableAssets
            ? claimableShares
            : Math.mulDiv(claimableShares, assets, claimableAssets, Math.Rounding.Ceil);
        // Cannot underflow: assets <= claimableAssets, so shares <= claimableShares even rounded up.
        unchecked {
            // forge-lint: disable-next-line(unsafe-typecast)
            c.assets = uint128(claimableAssets - assets);
            // forge-lint: disable-next-line(unsafe-typecast)
            c.shares = uint120(claimableShares - shares);
        }
        IERC20(asset).safeTransfer(receiver, assets);
        emit Withdraw(msg.sender, receiver, owner, assets, shares);
        return shares;
    }

    /// @inheritdoc IERC7887Redeem
    /// @dev As `cancelDepositRequest`; the shares stay locked until `claimCancelRedeemRequest`.
    function cancelRedeemRequest(uint256, address controller) external nonReentrant {
        Request storage r = _redeemRequests[controller];
        uint256 pending = r.pending;
        if (pending == 0) revert NoPendingRequest(controller);
        _checkCanCancel(controller, r.dealingDate);
        r.pending = 0;
        r.canceled = (r.canceled + pending).toUint104();
        emit CancelRedeemRequest(controller, 0, msg.sender);
    }

    /// @inheritdoc IERC7887Redeem
    function pendingCancelRedeemRequest(uint256, address) external pure returns (bool) {
        return false;
    }

    /// @inheritdoc IERC7887Redeem
    function claimableCancelRedeemRequest(uint256, address controller) external view returns (uint256) {
        return _redeemRequests[controller].canceled;
    }

    /// @inheritdoc IERC7887Redeem
    /// @dev Releases the canceled shares of `owner` (the controller): unlocked in place when `receiver` is the owner,
    /// else delivered with `ITokenLock.transferLocked` as a holder transfer under every rule of the token. Reverts
    /// with `NotOwnerOrOperator`, `NothingToClaim`, or the token's `UnlockExceedsLocked` (an agent took the locked
    /// shares) or transfer errors.
    function claimCancelRedeemRequest(uint256, address receiver, address owner) external nonReentrant {
        _checkSelfOrOperator(owner);
        Request storage r = _redeemRequests[owner];
        uint256 shares = r.canceled;
        if (shares == 0) revert NothingToClaim(owner);
        r.canceled = 0;
        if (receiver == owner) ITokenLock(share).unlock(owner, shares);
        else ITokenLock(share).transferLocked(owner, receiver, shares);
        emit CancelRedeemClaim(owner, receiver, 0, msg.sender, shares);
    }

    // ------------------------------------------------------------------ NAV

    /// @inheritdoc ITesseraVault
    function updateNav(uint256 navPerShare_, uint256 valuationDate) external {
        _checkRole(Roles.NAV_AGENT);
        Nav memory last = _nav;
        _validateNav(navPerShare_, valuationDate, last.valuationDate);
        uint256 previous = last.nav;
        uint256 move = navPerShare_ > previous ? navPerShare_ - previous : previous - navPerShare_;
        // Cannot overflow: NAVs fit 192 bits, so move * 10,000 and previous * limit fit 256.
        if (move * BPS <= previous * _navMoveLimit) {
            _recordNav(navPerShare_, valuationDate, msg.sender, address(0));
        } else {
            // Fits 64 bits: not after block.timestamp.
            // forge-lint: disable-next-line(unsafe-typecast)
            _proposal = NavProposal(navPerShare_.toUint192(), uint64(valuationDate), msg.sender);
            emit NavProposed(valuationDate, navPerShare_, previous, msg.sender);
        }
    }

    /// @inheritdoc ITesseraVault
    function approveNav(uint256 navPerShare_, uint256 valuationDate) external {
        _checkRole(Roles.NAV_APPROVER);
        NavProposal memory p = _proposal;
        if (p.proposer == address(0) || p.nav != navPerShare_ || p.valuationDate != valuationDate) {
            revert NoSuchNavProposal(valuationDate, navPerShare_);
        }
        if (p.proposer == msg.sender) revert ApproverIsProposer(msg.sender);
        _validateNav(navPerShare_, valuationDate, _nav.valuationDate);
        delete _proposal;
        _recordNav(navPerShare_, valuationDate, p.proposer, msg.sender);
    }

    /// @inheritdoc ITesseraVault
    function setNavMoveLimit(uint256 maxMoveBps) external {
        if (!_hasRole(Roles.FUND_ADMIN, msg.sender)) _checkRole(Roles.ADMIN);
        _setNavMoveLimit(maxMoveBps);
    }

    /// @inheritdoc ITesseraVault
    function setDealingTerms(DealingTerms calldata terms) external {
        _checkRole(Roles.FUND_ADMIN);
        _setDealingTerms(terms);
    }

    /// @inheritdoc ITesseraVault
    function setTreasury(address treasury_) external {
        _checkRole(Roles.ADMIN);
        if (treasury_ == address(0) || treasury_ == address(this)) revert InvalidAddress(treasury_);
        _treasury = treasury_;
        emit TreasurySet(treasury_);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IERC7540Deposit
    function pendingDepositRequest(uint256, address controller) external view returns (uint256) {
        return _depositRequests[controller].pending;
    }

    /// @inheritdoc IERC7540Deposit
    function claimableDepositRequest(uint256, address controller) external view returns (uint256) {
        return _depositClaims[controller].assets;
    }

    /// @inheritdoc IERC7540Redeem
    function pendingRedeemRequest(uint256, address controller) external view returns (uint256) {
        return _redeemRequests[controller].pending;
    }

    /// @inheritdoc IERC7540Redeem
    function claimableRedeemRequest(uint256, address controller) external view returns (uint256) {
        return _redeemClaims[controller].shares;
    }

    /// @inheritdoc ITesseraVault
    function claimableDepositShares(address controller) external view returns (uint256) {
        return _depositClaims[controller].shares;
    }

    /// @inheritdoc ITesseraVault
    function claimableRedeemAssets(address controller) external view returns (uint256) {
        return _redeemClaims[controller].assets;
    }

    /// @inheritdoc ITesseraVault
    function pendingDepositDealingDate(address controller) external view returns (uint256) {
        return _depositRequests[controller].dealingDate;
    }

    /// @inheritdoc ITesseraVault
    function pendingRedeemDealingDate(address controller) external view returns (uint256) {
        return _redeemRequests[controller].dealingDate;
    }

    /// @inheritdoc IERC7575
    /// @dev The share's total supply at the latest NAV.
    function totalAssets() external view returns (uint256) {
        return Math.mulDiv(IERC20(share).totalSupply(), _nav.nav, _unit);
    }

    /// @inheritdoc IERC7575
    /// @dev At the latest NAV, rounded down.
    function convertToShares(uint256 assets) external view returns (uint256) {
        return Math.mulDiv(assets, _unit, _nav.nav);
    }

    /// @inheritdoc IERC7575
    /// @dev At the latest NAV, rounded down.
    function convertToAssets(uint256 shares) external view returns (uint256) {
        return Math.mulDiv(shares, _nav.nav, _unit);
    }

    /// @inheritdoc IERC7575
    function maxDeposit(address controller) external view returns (uint256) {
        return _depositClaims[controller].assets;
    }

    /// @inheritdoc IERC7575
    function maxMint(address controller) external view returns (uint256) {
        return _depositClaims[controller].shares;
    }

    /// @inheritdoc IERC7575
    function maxWithdraw(address controller) external view returns (uint256) {
        return _redeemClaims[controller].assets;
    }

    /// @inheritdoc IERC7575
    function maxRedeem(address controller) external view returns (uint256) {
        return _redeemClaims[controller].shares;
    }

    /// @inheritdoc IERC7575
    function previewDeposit(uint256) external pure returns (uint256) {
        revert AsyncFlow();
    }

    /// @inheritdoc IERC7575
    function previewMint(uint256) external pure returns (uint256) {
        revert AsyncFlow();
    }

    /// @inheritdoc IERC7575
    function previewWithdraw(uint256) external pure returns (uint256) {
        revert AsyncFlow();
    }

    /// @inheritdoc IERC7575
    function previewRedeem(uint256) external pure returns (uint256) {
        revert AsyncFlow();
    }

    /// @inheritdoc ITesseraVault
    function navPerShare() external view returns (uint256 nav, uint256 valuationDate) {
        Nav memory n = _nav;
        return (n.nav, n.valuationDate);
    }

    /// @inheritdoc ITesseraVault
    function navAt(uint256 valuationDate) external view returns (uint256) {
        return _navAt[valuationDate];
    }

    /// @inheritdoc ITesseraVault
    function navCount() external view returns (uint256) {
        return _navDates.length;
    }

    /// @inheritdoc ITesseraVault
    function navHistory(uint256 index) external view returns (uint256 valuationDate, uint256 nav) {
        valuationDate = _navDates[index];
        nav = _navAt[valuationDate];
    }

    /// @inheritdoc ITesseraVault
    function pendingNav() external view returns (uint256 nav, uint256 valuationDate, address proposer) {
        NavProposal memory p = _proposal;
        return (p.nav, p.valuationDate, p.proposer);
    }

    /// @inheritdoc ITesseraVault
    function navMoveLimit() external view returns (uint256) {
        return _navMoveLimit;
    }

    /// @inheritdoc ITesseraVault
    function dealingTerms() external view returns (DealingTerms memory) {
        Schedule memory s = _schedule;
        return DealingTerms(s.firstDealing, s.interval, s.cutoff, s.minDeposit, _minRedeem);
    }

    /// @inheritdoc ITesseraVault
    function dealingDateAt(uint256 timestamp) external view returns (uint256) {
        return _dealingDate(_schedule, timestamp);
    }

    /// @inheritdoc ITesseraVault
    function treasury() external view returns (address) {
        return _treasury;
    }

    /// @inheritdoc IERC165
    /// @dev ERC-165 ids (ERC-7540 and ERC-7887 "ERC-165 support"): ERC-165, ERC-7575 `0x2f0a18c5`, operators
    /// `0xe3bc4e65`, async deposit `0xce3bbe50`, async redeem `0x620ee8e4`, deposit cancelation `0x8bf840e3`, redeem
    /// cancelation `0xe76cffc7`.
    function supportsInterface(bytes4 interfaceId) external pure returns (bool) {
        return interfaceId == type(IERC165).interfaceId || interfaceId == type(IERC7575).interfaceId
            || interfaceId == type(IERC7540Operator).interfaceId || interfaceId == type(IERC7540Deposit).interfaceId
            || interfaceId == type(IERC7540Redeem).interfaceId || interfaceId == type(IERC7887Deposit).interfaceId
            || interfaceId == type(IERC7887Redeem).interfaceId;
    }

    // ------------------------------------------------------------------ internals

    /// @dev The first dealing date D with `time` <= D - cutoff.
    function _dealingDate(Schedule memory s, uint256 time) private pure returns (uint256) {
        uint256 earliest = time + s.cutoff;
        if (earliest <= s.firstDealing) return s.firstDealing;
        return s.firstDealing + Math.ceilDiv(earliest - s.firstDealing, s.interval) * s.interval;
    }

    /// @dev Adds `amount` to `controller`'s Pending Request, queued for `dealingDate`.
    function _queue(Request storage r, address controller, uint256 amount, uint256 dealingDate) private {
        uint256 pending = r.pending;
        if (pending != 0 && r.dealingDate != dealingDate) {
            revert RequestPendingForEarlierDealing(controller, r.dealingDate);
        }
        r.pending = (pending + amount).toUint112();
        // Fits 40 bits: a dealing date near block.timestamp (SafeCast would only cost gas).
        // forge-lint: disable-next-line(unsafe-typecast)
        r.dealingDate = uint40(dealingDate);
    }

    /// @dev Takes `amount` from `controller`'s Pending Request for a fulfilment at `dealingDate`: one storage read and
    /// one write.
    function _take(Request storage r, address controller, uint256 amount, uint256 dealingDate) private {
        if (amount == 0) revert ZeroAmount();
        uint256 word;
        assembly ("memory-safe") {
            word := sload(r.slot)
        }
        // The slot's layout (Solidity packing, lowest bits first): pending (112 bits), dealing date (40), canceled.
        // forge-lint: disable-next-line(unsafe-typecast) -- the low 112 bits are the pending field
        uint256 pending = uint112(word);
        if (amount > pending) revert FulfillExceedsPending(controller, pending, amount);
        // forge-lint: disable-next-line(unsafe-typecast) -- bits 112 to 151 are the dealing date
        uint256 requestDate = uint40(word >> 112);
        if (requestDate > dealingDate) revert RequestNotDue(controller, requestDate, dealingDate);
        // Lowers only the pending field: amount <= pending, checked above, so nothing borrows from the fields above.
        unchecked {
            word -= amount;
        }
        assembly ("memory-safe") {
            sstore(r.slot, word)
        }
    }

    /// @dev Adds a fulfilment (`assets` payment-token base units, `shares` share base units) to a Claimable pair and
    /// marks it used: one storage read and one write. Reverts with SafeCast's overflow error when a sum does not fit.
    function _credit(Claimable storage c, uint256 assets, uint256 shares) private {
        uint256 word;
        assembly ("memory-safe") {
            word := sload(c.slot)
        }
        // The slot's layout (Solidity packing, lowest bits first): assets (128 bits), shares (120), used (8).
        // forge-lint: disable-next-line(unsafe-typecast) -- the low 128 bits are the assets field
        uint256 newAssets = (uint256(uint128(word)) + assets).toUint128();
        // forge-lint: disable-next-line(unsafe-typecast) -- bits 128 to 247 are the shares field
        uint256 newShares = (uint256(uint120(word >> 128)) + shares).toUint120();
        assembly ("memory-safe") {
            sstore(c.slot, or(or(newAssets, shl(128, newShares)), shl(248, 1)))
        }
    }

    /// @dev The controller (or its operator) before the cut-off of `dealingDate`, or the FUND_ADMIN at any time.
    function _checkCanCancel(address controller, uint256 dealingDate) private view {
        bool own = msg.sender == controller || _operators[controller][msg.sender];
        uint256 cutoff = _schedule.cutoff;
        // forge-lint: disable-next-line(block-timestamp)
        bool beforeCutoff = block.timestamp + cutoff <= dealingDate;
        if (own && beforeCutoff) return;
        if (_hasRole(Roles.FUND_ADMIN, msg.sender)) return;
        if (own) revert CancelAfterCutoff(controller, dealingDate > cutoff ? dealingDate - cutoff : 0);
        revert NotOwnerOrOperator(msg.sender, controller);
    }

    function _checkSelfOrOperator(address account) private view {
        if (msg.sender != account && !_operators[account][msg.sender]) revert NotOwnerOrOperator(msg.sender, account);
    }

    /// @dev The controller may hold `shares` now: not frozen, and a mint to it passes verification and compliance.
    function _checkCanHold(address controller, uint256 shares) private view {
        IToken t = IToken(share);
        uint8 code = t.isFrozen(controller)
            ? RestrictionCodes.RECIPIENT_FROZEN
            : t.detectTransferRestriction(address(0), controller, shares);
        if (code != 0) revert ControllerRestricted(controller, code);
    }

    /// @dev Membership of `role` with no execution delay, on the asset's AccessManager (the token's authority).
    function _hasRole(uint64 role, address account) private view returns (bool) {
        address manager = IManaged(share).authority();
        if (manager == address(0)) return false;
        (bool member, uint32 delay) = IAccessManager(manager).hasRole(role, account);
        return member && delay == 0;
    }

    function _checkRole(uint64 role) private view {
        if (!_hasRole(role, msg.sender)) revert CallerMissingRole(msg.sender, role);
    }

    function _validateNav(uint256 nav, uint256 valuationDate, uint256 lastValuationDate) private view {
        if (nav == 0) revert ZeroNav();
        // forge-lint: disable-next-line(block-timestamp)
        if (valuationDate > block.timestamp) revert ValuationDateInFuture(valuationDate, block.timestamp);
        if (valuationDate <= lastValuationDate) revert ValuationDateNotAfterLast(valuationDate, lastValuationDate);
    }

    function _recordNav(uint256 nav, uint256 valuationDate, address proposer, address approver) private {
        // Fits 64 bits: not after block.timestamp.
        // forge-lint: disable-next-line(unsafe-typecast)
        _nav = Nav(nav.toUint192(), uint64(valuationDate));
        _navAt[valuationDate] = nav;
        // forge-lint: disable-next-line(unsafe-typecast)
        _navDates.push(uint64(valuationDate));
        emit NavUpdated(valuationDate, nav, proposer, approver);
    }

    function _setDealingTerms(DealingTerms memory t) private {
        if (t.interval == 0 || t.cutoff >= t.interval || t.firstDealing == 0) revert InvalidDealingTerms();
        _schedule = Schedule(t.firstDealing, t.interval, t.cutoff, t.minDeposit);
        _minRedeem = t.minRedeem;
        emit DealingTermsSet(t.firstDealing, t.interval, t.cutoff, t.minDeposit, t.minRedeem);
    }

    function _setNavMoveLimit(uint256 maxMoveBps) private {
        if (maxMoveBps > BPS) revert InvalidNavMoveLimit(maxMoveBps);
        // Fits 16 bits: at most 10,000.
        // forge-lint: disable-next-line(unsafe-typecast)
        _navMoveLimit = uint16(maxMoveBps);
        emit NavMoveLimitSet(maxMoveBps);
    }
}
