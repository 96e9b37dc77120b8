// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "forge-std/Test.sol";
import {VaultBase} from "./VaultBase.sol";
import {TesseraVault} from "../../src/vault/TesseraVault.sol";
import {TestUSD} from "../../src/payment/TestUSD.sol";
import {Token} from "../../src/token/Token.sol";

/// @dev Drives every entry point of the vault with valid inputs (invalid ones are refused by the unit tests):
/// requests, cancelations and their claims (by the controller before the cut-off or by the fund administrator),
/// fulfilments in parts at dealing-date NAVs (within the limit, or approved), and claims by assets or by shares.
/// Ghost totals record what the fulfilments owe, computed independently of the vault.
contract VaultHandler is Test {
    TesseraVault internal vault;
    TestUSD internal usd;
    Token internal token;
    address internal fundAdmin;
    address internal navAgent;
    address internal navApprover;
    uint256 internal immutable unit = 1e18;
    address[] public actors;

    uint256 public lastNavDate; // the latest dealing date with a NAV in effect (0: none yet)
    uint256 public ghostShareOwed; // sum of floor(assets * unit / nav) over deposit fulfilments
    uint256 public ghostMinted; // shares minted by deposit/mint claims
    uint256 public ghostPayoutOwed; // sum of floor(shares * nav / unit) over redeem fulfilments
    uint256 public ghostPaid; // payment tokens paid by redeem/withdraw claims
    uint256 public ghostFulfilledAssets; // payment tokens of deposit fulfilments (sent to the treasury)
    uint256 public ghostBurned; // shares burned by redeem fulfilments
    uint256 public ghostDepositFulfilments;
    uint256 public roundingViolations; // a fulfilment or claim rounded in the investor's favour, or by >= 1 unit
    uint256 public calls;

    constructor(
        TesseraVault vault_,
        TestUSD usd_,
        Token token_,
        address[] memory actors_,
        address fundAdmin_,
        address navAgent_,
        address navApprover_
    ) {
        vault = vault_;
        usd = usd_;
        token = token_;
        actors = actors_;
        fundAdmin = fundAdmin_;
        navAgent = navAgent_;
        navApprover = navApprover_;
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    function _actor(uint256 seed) internal view returns (address) {
        return actors[seed % actors.length];
    }

    /// @dev The first actor from `seed` on for whom `kind` has something to act on (or the seed's actor when none),
    /// so that claims and cancelations find work instead of returning early.
    function _find(uint256 seed, uint8 kind) internal view returns (address) {
        for (uint256 k; k < actors.length; ++k) {
            address a = actors[(seed % actors.length + k) % actors.length];
            uint256 v;
            if (kind == 0) v = vault.pendingDepositRequest(0, a);
            else if (kind == 1) v = vault.pendingRedeemRequest(0, a);
            else if (kind == 2) v = vault.claimableCancelDepositRequest(0, a);
            else if (kind == 3) v = vault.claimableCancelRedeemRequest(0, a);
            else if (kind == 4) v = vault.maxMint(a);
            else v = vault.maxRedeem(a) + vault.maxWithdraw(a);
            if (v != 0) return a;
        }
        return _actor(seed);
    }

    function _open(uint256 pending, uint256 pendingDate) internal view returns (bool) {
        return pending == 0 || pendingDate == vault.dealingDateAt(block.timestamp);
    }

    // ------------------------------------------------------------------ requests

    function requestDeposit(uint256 seed, uint256 assets, bool viaOperator) external {
        address a = _actor(seed);
        if (!_open(vault.pendingDepositRequest(0, a), vault.pendingDepositDealingDate(a))) return;
        assets = bound(assets, 100e6, 50_000e6);
        if (usd.balanceOf(a) < assets) return;
        address sender = a;
        if (viaOperator) {
            sender = _actor(seed % actors.length + 1);
            vm.prank(a);
            vault.setOperator(sender, true);
        }
        vm.prank(sender);
        vault.requestDeposit(assets, a, a);
        ++calls;
    }

    function requestRedeem(uint256 seed, uint256 shares) external {
        address a = _actor(seed);
        if (!_open(vault.pendingRedeemRequest(0, a), vault.pendingRedeemDealingDate(a))) return;
        uint256 available = token.balanceOf(a) - token.getLockedTokens(a);
        if (available < 1e18) return;
        shares = bound(shares, 1e18, available);
        vm.prank(a);
        vault.requestRedeem(shares, a, a);
        ++calls;
    }

    // ------------------------------------------------------------------ cancelations (ERC-7887)

    function cancelDeposit(uint256 seed, bool byAdmin) external {
        address a = _find(seed, 0);
        if (vault.pendingDepositRequest(0, a) == 0) return;
        if (!byAdmin && block.timestamp + 2 hours > vault.pendingDepositDealingDate(a)) return;
        vm.prank(byAdmin ? fundAdmin : a);
        vault.cancelDepositRequest(0, a);
        ++calls;
    }

    function cancelRedeem(uint256 seed, bool byAdmin) external {
        address a = _find(seed, 1);
        if (vault.pendingRedeemRequest(0, a) == 0) return;
        if (!byAdmin && block.timestamp + 2 hours > vault.pendingRedeemDealingDate(a)) return;
        vm.prank(byAdmin ? fundAdmin : a);
        vault.cancelRedeemRequest(0, a);
        ++calls;
    }

    function claimCancelDeposit(uint256 seed) external {
        address a = _find(seed, 2);
        if (vault.claimableCancelDepositRequest(0, a) == 0) return;
        vm.prank(a);
        vault.claimCancelDepositRequest(0, _actor(seed % actors.length + 1), a);
        ++calls;
    }

    function claimCancelRedeem(uint256 seed, bool inPlace) external {
        address a = _find(seed, 3);
        if (vault.claimableCancelRedeemRequest(0, a) == 0) return;
        vm.prank(a);
        vault.claimCancelRedeemRequest(0, inPlace ? a : _actor(seed % actors.length + 1), a);
        ++calls;
    }

    // ------------------------------------------------------------------ NAV and dealing dates

    /// @dev Moves to the next dealing date and puts a NAV in effect for it: within 10% of the last, or a larger move
    /// approved by a second account.
    function advance(uint256 navSeed, bool largeMove) external {
        uint256 date = vault.dealingDateAt(block.timestamp);
        vm.warp(date);
        (uint256 last,) = vault.navPerShare();
        uint256 nav =
            largeMove ? bound(navSeed, last / 2 + 1, last * 2) : bound(navSeed, last - last / 10, last + last / 10);
        vm.prank(navAgent);
        vault.updateNav(nav, date);
        if (vault.navAt(date) == 0) {
            vm.prank(navApprover);
            vault.approveNav(nav, date);
        }
        lastNavDate = date;
        ++calls;
    }

    // ------------------------------------------------------------------ fulfilments

    function fulfillDeposits(uint256 seed) external {
        uint256 date = lastNavDate;
        if (date == 0) return;
        uint256 nav = vault.navAt(date);
        (address[] memory cs, uint256[] memory amounts) = _batch(seed, date, true);
        if (cs.length == 0) return;
        vm.prank(fundAdmin);
        vault.fulfillDeposits(date, cs, amounts);
        for (uint256 i; i < cs.length; ++i) {
            uint256 a = amounts[i];
            uint256 shares = a * unit / nav;
            if (shares * nav > a * unit || a * unit - shares * nav >= nav) ++roundingViolations;
            ghostShareOwed += shares;
            ghostFulfilledAssets += a;
            ++ghostDepositFulfilments;
        }
        ++calls;
    }

    function fulfillRedeems(uint256 seed) external {
        uint256 date = lastNavDate;
        if (date == 0) return;
        uint256 nav = vault.navAt(date);
        (address[] memory cs, uint256[] memory amounts) = _batch(seed, date, false);
        if (cs.length == 0) return;
        vm.prank(fundAdmin);
        vault.fulfillRedeems(date, cs, amounts);
        for (uint256 i; i < cs.length; ++i) {
            uint256 s = amounts[i];
            uint256 assets = s * nav / unit;
            if (assets * unit > s * nav || s * nav - assets * unit >= unit) ++roundingViolations;
            ghostPayoutOwed += assets;
            ghostBurned += s;
        }
        ++calls;
    }

    /// @dev Every actor with a Pending Request due at `date`, each for a random part (at least a tenth) of it.
    function _batch(uint256 seed, uint256 date, bool deposits)
        internal
        view
        returns (address[] memory cs, uint256[] memory amounts)
    {
        uint256 n;
        address[] memory tmpC = new address[](actors.length);
        uint256[] memory tmpA = new uint256[](actors.length);
        for (uint256 i; i < actors.length; ++i) {
            address a = actors[i];
            uint256 pending = deposits ? vault.pendingDepositRequest(0, a) : vault.pendingRedeemRequest(0, a);
            uint256 due = deposits ? vault.pendingDepositDealingDate(a) : vault.pendingRedeemDealingDate(a);
            if (pending == 0 || due > date) continue;
            uint256 part = bound(uint256(keccak256(abi.encode(seed, i))), pending / 10 + 1, pending);
            tmpC[n] = a;
            tmpA[n] = part;
            ++n;
        }
        cs = new address[](n);
        amounts = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            cs[i] = tmpC[i];
            amounts[i] = tmpA[i];
        }
    }

    // ------------------------------------------------------------------ claims

    function claimDeposit(uint256 seed, uint256 part, bool byShares) external {
        address a = _find(seed, 4);
        uint256 maxAssets = vault.maxDeposit(a);
        uint256 maxShares = vault.maxMint(a);
        if (byShares) {
            if (maxShares == 0) return;
            part = bound(part, 1, maxShares);
            uint256 before = token.balanceOf(a);
            vm.prank(a);
            uint256 assets = vault.mint(part, a, a);
            ghostMinted += token.balanceOf(a) - before;
            // A part by shares pays its assets rounded up: never fewer assets per share than the whole.
            if (part < maxShares && assets * maxShares < part * maxAssets) ++roundingViolations;
        } else {
            if (maxAssets == 0) return;
            part = bound(part, 1, maxAssets);
            uint256 expected = part == maxAssets ? maxShares : maxShares * part / maxAssets;
            if (expected == 0) return; // refused as dust (unit tests)
            vm.prank(a);
            uint256 shares = vault.deposit(part, a, a);
            ghostMinted += shares;
            if (shares * maxAssets > maxShares * part) ++roundingViolations;
        }
        ++calls;
    }

    function claimRedeem(uint256 seed, uint256 part, bool byAssets) external {
        address a = _find(seed, 5);
        uint256 maxAssets = vault.maxWithdraw(a);
        uint256 maxShares = vault.maxRedeem(a);
        uint256 before = usd.balanceOf(a);
        if (byAssets) {
            if (maxAssets == 0) return;
            part = bound(part, 1, maxAssets);
            vm.prank(a);
            uint256 shares = vault.withdraw(part, a, a);
            if (part < maxAssets && shares * maxAssets < part * maxShares) ++roundingViolations;
        } else {
            if (maxShares == 0) return;
            part = bound(part, 1, maxShares);
            uint256 expected = part == maxShares ? maxAssets : maxAssets * part / maxShares;
            if (expected == 0) return;
            vm.prank(a);
            uint256 assets = vault.redeem(part, a, a);
            if (assets * maxShares > maxAssets * part) ++roundingViolations;
        }
        ghostPaid += usd.balanceOf(a) - before;
        ++calls;
    }
}

/// @dev Invariants of issue 11 for the vault: escrowed payment tokens equal pending deposits plus canceled deposits not
/// yet claimed back plus claimable redemptions (subscription money leaves for the treasury at fulfilment); shares
/// minted plus shares still claimable equal the fulfilled subscriptions at their NAV rounded down (within one share
/// base unit per fulfilment, never in the investor's favour); payouts likewise; the token's locks equal the vault's
/// pending and canceled redemptions; supply moves only by claims and redemption burns.
/// forge-config: ci.invariant.runs = 96
/// forge-config: ci.invariant.depth = 48
contract VaultInvariantTest is VaultBase {
    VaultHandler internal handler;
    address[] internal actors;
    uint256 internal initialSupply;

    function setUp() public override {
        super.setUp();
        address dan = makeAddr("dan");
        address fay = makeAddr("fay");
        _register(dan, DEU);
        _register(fay, USA);
        actors.push(alice);
        actors.push(bob);
        actors.push(carol);
        actors.push(dan);
        actors.push(fay);
        vm.startPrank(issuer);
        usd.mint(dan, USD_FUNDS);
        usd.mint(fay, USD_FUNDS);
        usd.mint(fundAdmin, 1_000 * USD_FUNDS);
        for (uint256 i; i < actors.length; ++i) {
            token.mint(actors[i], 10_000 * SHARE);
        }
        vm.stopPrank();
        _approveAll(dan);
        _approveAll(fay);
        initialSupply = token.totalSupply();
        handler = new VaultHandler(vault, usd, token, actors, fundAdmin, navAgent, navApprover);
        targetContract(address(handler));
    }

    function invariant_escrowEqualsPendingPlusCanceledPlusClaimableRedemptions() public view {
        uint256 sum;
        for (uint256 i; i < actors.length; ++i) {
            address a = actors[i];
            sum += vault.pendingDepositRequest(0, a) + vault.claimableCancelDepositRequest(0, a) + vault.maxWithdraw(a);
        }
        assertEq(usd.balanceOf(address(vault)), sum);
        assertEq(usd.balanceOf(treasury), handler.ghostFulfilledAssets());
    }

    function invariant_sharesMintedEqualFulfilledSubscriptionsAtNav() public view {
        uint256 claimable;
        for (uint256 i; i < actors.length; ++i) {
            claimable += vault.maxMint(actors[i]);
        }
        assertEq(handler.ghostMinted() + claimable, handler.ghostShareOwed());
        assertEq(handler.roundingViolations(), 0);
    }

    function invariant_payoutsEqualFulfilledRedemptionsAtNav() public view {
        uint256 claimable;
        for (uint256 i; i < actors.length; ++i) {
            claimable += vault.maxWithdraw(actors[i]);
        }
        assertEq(handler.ghostPaid() + claimable, handler.ghostPayoutOwed());
    }

    function invariant_locksEqualPendingAndCanceledRedemptions() public view {
        for (uint256 i; i < actors.length; ++i) {
            address a = actors[i];
            assertEq(
                token.getLockedTokens(a), vault.pendingRedeemRequest(0, a) + vault.claimableCancelRedeemRequest(0, a)
            );
        }
    }

    function invariant_supplyMovesByClaimsAndBurnsOnly() public view {
        assertEq(token.totalSupply(), initialSupply + handler.ghostMinted() - handler.ghostBurned());
    }

    /// @dev The run exercised the vault (not only early returns).
    function afterInvariant() public view {
        assertGt(handler.calls(), 0);
    }

    /// @dev The handler's paths do real work in a sensible order (so the invariant runs are not early returns), and
    /// the invariants hold after it.
    function test_handler_Success_EveryPathInOrder() public {
        for (uint256 i; i < 5; ++i) {
            handler.requestDeposit(i, 1000e6 + i * 12_345, i == 4);
            handler.requestRedeem(i, 7e18 + i);
        }
        handler.cancelDeposit(3, false);
        handler.cancelRedeem(3, true);
        handler.claimCancelDeposit(3);
        handler.claimCancelRedeem(3, false);
        handler.advance(1_300_000, false);
        handler.fulfillDeposits(1);
        handler.fulfillRedeems(2);
        handler.advance(3_000_000, true);
        handler.fulfillDeposits(3);
        handler.fulfillRedeems(4);
        for (uint256 i; i < 5; ++i) {
            handler.claimDeposit(i, 123e6, i % 2 == 0);
            handler.claimDeposit(i, type(uint256).max, false);
            handler.claimRedeem(i, 1e6, i % 2 == 0);
            handler.claimRedeem(i, type(uint256).max, true);
        }
        assertGt(handler.ghostMinted(), 0);
        assertGt(handler.ghostPaid(), 0);
        assertGt(handler.ghostBurned(), 0);
        assertGt(handler.ghostDepositFulfilments(), 4);
        invariant_escrowEqualsPendingPlusCanceledPlusClaimableRedemptions();
        invariant_sharesMintedEqualFulfilledSubscriptionsAtNav();
        invariant_payoutsEqualFulfilledRedemptionsAtNav();
        invariant_locksEqualPendingAndCanceledRedemptions();
        invariant_supplyMovesByClaimsAndBurnsOnly();
    }
}
