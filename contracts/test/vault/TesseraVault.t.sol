// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {VaultBase} from "./VaultBase.sol";
import {TesseraVault} from "../../src/vault/TesseraVault.sol";
import {ITesseraVault} from "../../src/interfaces/ITesseraVault.sol";
import {IERC7575} from "../../src/interfaces/IERC7575.sol";
import {IERC7540Operator, IERC7540Deposit, IERC7540Redeem} from "../../src/interfaces/IERC7540.sol";
import {IERC7887Deposit, IERC7887Redeem} from "../../src/interfaces/IERC7887.sol";
import {IToken} from "../../src/interfaces/IToken.sol";
import {IAgentRole} from "../../src/interfaces/IAgentRole.sol";
import {ITokenLock} from "../../src/interfaces/ITokenLock.sol";
import {Token} from "../../src/token/Token.sol";
import {Roles} from "../../src/libraries/Roles.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";
import {TestUSD} from "../../src/payment/TestUSD.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @dev Every flow of the asset's ERC-7540 vault and every refusal, with the ERC-165 ids and events of ERC-7540,
/// ERC-7575 and ERC-7887.
contract TesseraVaultTest is VaultBase {
    // ------------------------------------------------------------------ deployment and introspection

    function test_constructor_Success_WhenPlatformToken() public view {
        assertEq(vault.share(), address(token));
        assertEq(vault.asset(), address(usd));
        assertEq(vault.factory(), address(factory));
        assertEq(vault.treasury(), treasury);
        (uint256 nav, uint256 date) = vault.navPerShare();
        assertEq(nav, NAV);
        assertEq(date, block.timestamp - 1 hours);
        assertEq(vault.navCount(), 1);
        (uint256 d0, uint256 n0) = vault.navHistory(0);
        assertEq(d0, date);
        assertEq(n0, NAV);
        ITesseraVault.DealingTerms memory t = vault.dealingTerms();
        assertEq(t.firstDealing, firstDealing);
        assertEq(t.interval, 1 days);
        assertEq(t.cutoff, CUTOFF);
        assertEq(t.minDeposit, MIN_DEPOSIT);
        assertEq(t.minRedeem, MIN_REDEEM);
        assertEq(vault.navMoveLimit(), LIMIT_BPS);
    }

    function test_supportsInterface_Success_WhenEipIds() public view {
        // The ids the EIPs list (ERC-7540 and ERC-7887 "ERC-165 support").
        assertEq(type(IERC7540Operator).interfaceId, bytes4(0xe3bc4e65));
        assertEq(type(IERC7540Deposit).interfaceId, bytes4(0xce3bbe50));
        assertEq(type(IERC7540Redeem).interfaceId, bytes4(0x620ee8e4));
        assertEq(type(IERC7575).interfaceId, bytes4(0x2f0a18c5));
        assertEq(type(IERC7887Deposit).interfaceId, bytes4(0x8bf840e3));
        assertEq(type(IERC7887Redeem).interfaceId, bytes4(0xe76cffc7));
        assertTrue(vault.supportsInterface(0xe3bc4e65));
        assertTrue(vault.supportsInterface(0xce3bbe50));
        assertTrue(vault.supportsInterface(0x620ee8e4));
        assertTrue(vault.supportsInterface(0x2f0a18c5));
        assertTrue(vault.supportsInterface(0x8bf840e3));
        assertTrue(vault.supportsInterface(0xe76cffc7));
        assertTrue(vault.supportsInterface(type(IERC165).interfaceId));
        assertFalse(vault.supportsInterface(0xffffffff));
        assertFalse(vault.supportsInterface(0x36372b07)); // ERC-20: the vault is not one (ERC-7575)
    }

    function test_constructor_RevertWhen_TokenNotFromFactory() public {
        TestUSD fake = new TestUSD(issuer); // an ERC-20 with decimals, not deployed by the factory
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.UnknownToken.selector, address(fake)));
        _newVault(address(fake), NAV, block.timestamp);
    }

    function test_constructor_RevertWhen_BadArguments() public {
        vm.expectRevert(ITesseraVault.ZeroNav.selector);
        _newVault(address(token), 0, block.timestamp);
        vm.expectRevert(
            abi.encodeWithSelector(ITesseraVault.ValuationDateInFuture.selector, block.timestamp + 1, block.timestamp)
        );
        _newVault(address(token), NAV, block.timestamp + 1);
        ITesseraVault.DealingTerms memory t = _terms();
        t.cutoff = 1 days;
        vm.expectRevert(ITesseraVault.InvalidDealingTerms.selector);
        new TesseraVault(address(factory), address(token), address(usd), NAV, block.timestamp, t, 100, treasury);
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.InvalidNavMoveLimit.selector, 10_001));
        new TesseraVault(
            address(factory), address(token), address(usd), NAV, block.timestamp, _terms(), 10_001, treasury
        );
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.InvalidAddress.selector, address(token)));
        new TesseraVault(
            address(factory), address(token), address(token), NAV, block.timestamp, _terms(), 100, treasury
        );
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.InvalidAddress.selector, address(0)));
        new TesseraVault(
            address(factory), address(token), address(usd), NAV, block.timestamp, _terms(), 100, address(0)
        );
    }

    function test_previews_RevertWhen_Async() public {
        vm.expectRevert(ITesseraVault.AsyncFlow.selector);
        vault.previewDeposit(1);
        vm.expectRevert(ITesseraVault.AsyncFlow.selector);
        vault.previewMint(1);
        vm.expectRevert(ITesseraVault.AsyncFlow.selector);
        vault.previewWithdraw(1);
        vm.expectRevert(ITesseraVault.AsyncFlow.selector);
        vault.previewRedeem(1);
    }

    function test_convert_Success_AtLatestNav() public {
        assertEq(vault.convertToShares(125 * TUSD), 100 * SHARE);
        assertEq(vault.convertToAssets(100 * SHARE), 125 * TUSD);
        _mint(alice, 10 * SHARE);
        assertEq(vault.totalAssets(), 12_500_000);
    }

    // ------------------------------------------------------------------ operators

    function test_setOperator_Success_EmitsOperatorSet() public {
        vm.expectEmit(address(vault));
        emit IERC7540Operator.OperatorSet(alice, bob, true);
        vm.prank(alice);
        assertTrue(vault.setOperator(bob, true));
        assertTrue(vault.isOperator(alice, bob));
        vm.prank(alice);
        vault.setOperator(bob, false);
        assertFalse(vault.isOperator(alice, bob));
    }

    // ------------------------------------------------------------------ subscriptions

    function test_requestDeposit_Success_EscrowsAndQueues() public {
        uint256 dealing = vault.dealingDateAt(block.timestamp);
        assertEq(dealing, firstDealing);
        vm.expectEmit(address(vault));
        emit IERC7540Deposit.DepositRequest(alice, alice, 0, alice, 1000 * TUSD);
        vm.prank(alice);
        uint256 id = vault.requestDeposit(1000 * TUSD, alice, alice);
        assertEq(id, 0);
        assertEq(usd.balanceOf(address(vault)), 1000 * TUSD);
        assertEq(usd.balanceOf(alice), USD_FUNDS - 1000 * TUSD);
        assertEq(vault.pendingDepositRequest(0, alice), 1000 * TUSD);
        assertEq(vault.claimableDepositRequest(0, alice), 0);
        assertEq(vault.pendingDepositDealingDate(alice), dealing);
        // A second request for the same dealing date adds up.
        _requestDeposit(alice, 500 * TUSD);
        assertEq(vault.pendingDepositRequest(0, alice), 1500 * TUSD);
    }

    function test_requestDeposit_Success_ByOperatorForAnotherController() public {
        vm.prank(alice);
        vault.setOperator(carol, true);
        vm.expectEmit(address(vault));
        emit IERC7540Deposit.DepositRequest(bob, alice, 0, carol, 200 * TUSD);
        vm.prank(carol);
        vault.requestDeposit(200 * TUSD, bob, alice);
        assertEq(vault.pendingDepositRequest(0, bob), 200 * TUSD);
        assertEq(usd.balanceOf(alice), USD_FUNDS - 200 * TUSD);
    }

    function test_requestDeposit_RevertWhen_NotOwnerOrOperator() public {
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.NotOwnerOrOperator.selector, bob, alice));
        vm.prank(bob);
        vault.requestDeposit(200 * TUSD, bob, alice);
    }

    function test_requestDeposit_RevertWhen_ZeroOrBelowMinimum() public {
        vm.startPrank(alice);
        vm.expectRevert(ITesseraVault.ZeroAmount.selector);
        vault.requestDeposit(0, alice, alice);
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.BelowMinimum.selector, 99 * TUSD, MIN_DEPOSIT));
        vault.requestDeposit(99 * TUSD, alice, alice);
        vm.stopPrank();
    }

    function test_requestDeposit_RevertWhen_Dust() public {
        // No minimum, and a NAV of 10^30 TUSD base units per share: 1 base unit buys no share base unit.
        ITesseraVault.DealingTerms memory t = _terms();
        t.minDeposit = 0;
        TesseraVault v =
            new TesseraVault(address(factory), address(token), address(usd), 1e30, block.timestamp, t, 100, treasury);
        vm.prank(alice);
        usd.approve(address(v), 1);
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.DustAmount.selector, 1));
        vm.prank(alice);
        v.requestDeposit(1, alice, alice);
    }

    function test_requestDeposit_RevertWhen_ControllerUnverified() public {
        // dave is not registered: code 5 (RECIPIENT_NOT_VERIFIED).
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.ControllerRestricted.selector, dave, uint8(5)));
        vm.prank(alice);
        vault.requestDeposit(200 * TUSD, dave, alice);
    }

    function test_requestDeposit_RevertWhen_ControllerFrozen() public {
        vm.prank(issuer);
        token.setAddressFrozen(bob, true);
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.ControllerRestricted.selector, bob, uint8(3)));
        vm.prank(bob);
        vault.requestDeposit(200 * TUSD, bob, bob);
    }

    function test_requestDeposit_RevertWhen_CountryNotAllowedOrMaxBalance() public {
        // eve is registered in Japan, not an allowed country: code 6.
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.ControllerRestricted.selector, eve, uint8(6)));
        vm.prank(alice);
        vault.requestDeposit(200 * TUSD, eve, alice);
        // 1,250,001.25 TUSD buys 1,000,001 shares: above the 1,000,000-share maximum balance, code 8.
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.ControllerRestricted.selector, alice, uint8(8)));
        vm.prank(bob);
        vault.requestDeposit(1_000_001 * 1_250_000, alice, bob);
    }

    function test_requestDeposit_Success_CutoffDecidesDealingDate() public {
        // Exactly at the cut-off: the dealing date itself; one second later: the next one.
        vm.warp(firstDealing - CUTOFF);
        assertEq(_requestDeposit(alice, 200 * TUSD), firstDealing);
        vm.warp(firstDealing - CUTOFF + 1);
        assertEq(_requestDeposit(bob, 200 * TUSD), firstDealing + 1 days);
        assertEq(vault.pendingDepositDealingDate(bob), firstDealing + 1 days);
        // Far later: the schedule keeps its rhythm.
        vm.warp(firstDealing + 10 days + 3 hours);
        assertEq(vault.dealingDateAt(block.timestamp), firstDealing + 11 days);
    }

    function test_requestDeposit_RevertWhen_PendingForEarlierDealing() public {
        uint256 dealing = _requestDeposit(alice, 200 * TUSD);
        vm.warp(dealing - CUTOFF + 1);
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.RequestPendingForEarlierDealing.selector, alice, dealing));
        vm.prank(alice);
        vault.requestDeposit(200 * TUSD, alice, alice);
    }

    function test_fulfillDeposits_Success_SharesClaimableAndCashToTreasury() public {
        uint256 dealing = _requestDeposit(alice, 1000 * TUSD);
        _requestDeposit(bob, 250 * TUSD);
        _postNav(dealing, 1_300_000); // 1.30 TUSD, within 10%
        address[] memory cs = new address[](2);
        cs[0] = alice;
        cs[1] = bob;
        uint256[] memory amounts = new uint256[](2);
        amounts[0] = 1000 * TUSD;
        amounts[1] = 250 * TUSD;
        uint256 aliceShares = uint256(1000 * TUSD) * SHARE / 1_300_000; // 769.230769230769230769 shares
        vm.expectEmit(address(vault));
        emit ITesseraVault.DepositFulfilled(alice, dealing, 1000 * TUSD, aliceShares);
        vm.expectEmit(address(vault));
        emit ITesseraVault.DepositFulfilled(bob, dealing, 250 * TUSD, uint256(250 * TUSD) * SHARE / 1_300_000);
        vm.prank(fundAdmin);
        vault.fulfillDeposits(dealing, cs, amounts);
        assertEq(vault.pendingDepositRequest(0, alice), 0);
        assertEq(vault.claimableDepositRequest(0, alice), 1000 * TUSD);
        assertEq(vault.maxDeposit(alice), 1000 * TUSD);
        assertEq(vault.maxMint(alice), aliceShares);
        assertEq(vault.claimableDepositShares(alice), aliceShares);
        assertEq(usd.balanceOf(treasury), 1250 * TUSD);
        assertEq(usd.balanceOf(address(vault)), 0);
        // Rounded down: the investor never gets more than the assets' value.
        assertLe(aliceShares * 1_300_000, 1000 * TUSD * SHARE);
        assertGt((aliceShares + 1) * 1_300_000, 1000 * TUSD * SHARE);
    }

    function test_fulfillDeposits_Success_PartialThenLaterDealing() public {
        uint256 dealing = _requestDeposit(alice, 1000 * TUSD);
        _postNav(dealing, NAV);
        _fulfillDeposit(dealing, alice, 400 * TUSD);
        assertEq(vault.pendingDepositRequest(0, alice), 600 * TUSD);
        assertEq(vault.claimableDepositRequest(0, alice), 400 * TUSD);
        assertEq(vault.maxMint(alice), 320 * SHARE);
        // The rest is carried to the next dealing date, at its NAV.
        _postNav(dealing + 1 days, 1_200_000);
        _fulfillDeposit(dealing + 1 days, alice, 600 * TUSD);
        assertEq(vault.pendingDepositRequest(0, alice), 0);
        assertEq(vault.claimableDepositRequest(0, alice), 1000 * TUSD);
        assertEq(vault.maxMint(alice), 320 * SHARE + 500 * SHARE);
        assertEq(usd.balanceOf(treasury), 1000 * TUSD);
    }

    function test_fulfillDeposits_RevertWhen_Refused() public {
        uint256 dealing = _requestDeposit(alice, 1000 * TUSD);
        // No NAV for the dealing date yet.
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.NoNavForDealingDate.selector, dealing));
        _fulfillDeposit(dealing, alice, 1000 * TUSD);
        _postNav(dealing, NAV);
        // Wrong role: the NAV agent is not a fund administrator.
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.CallerMissingRole.selector, navAgent, Roles.FUND_ADMIN));
        vm.prank(navAgent);
        vault.fulfillDeposits(dealing, _one(alice), _one(1000 * TUSD));
        vm.expectRevert(
            abi.encodeWithSelector(ITesseraVault.FulfillExceedsPending.selector, alice, 1000 * TUSD, 1001 * TUSD)
        );
        _fulfillDeposit(dealing, alice, 1001 * TUSD);
        vm.expectRevert(ITesseraVault.ZeroAmount.selector);
        _fulfillDeposit(dealing, alice, 0);
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.BatchLengthMismatch.selector, 1, 0));
        vm.prank(fundAdmin);
        vault.fulfillDeposits(dealing, _one(alice), new uint256[](0));
        // A request queued for a later dealing date is not due at an earlier one.
        vm.warp(dealing);
        uint256 later = _requestDeposit(bob, 200 * TUSD);
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.RequestNotDue.selector, bob, later, dealing));
        _fulfillDeposit(dealing, bob, 200 * TUSD);
    }

    function test_deposit_Success_MintsToReceiverAndEmitsDeposit() public {
        uint256 dealing = _requestDeposit(alice, 1000 * TUSD);
        _postNav(dealing, NAV);
        _fulfillDeposit(dealing, alice, 1000 * TUSD);
        vm.expectEmit(address(vault));
        emit IERC7575.Deposit(alice, alice, 1000 * TUSD, 800 * SHARE);
        vm.prank(alice);
        uint256 shares = vault.deposit(1000 * TUSD, alice, alice);
        assertEq(shares, 800 * SHARE);
        assertEq(token.balanceOf(alice), 800 * SHARE);
        assertEq(vault.maxDeposit(alice), 0);
        assertEq(vault.maxMint(alice), 0);
    }

    function test_deposit_Success_PartsAddUpToTheWhole() public {
        uint256 dealing = _requestDeposit(alice, 1000 * TUSD);
        _postNav(dealing, 1_300_000);
        _fulfillDeposit(dealing, alice, 1000 * TUSD);
        uint256 owed = vault.maxMint(alice);
        vm.startPrank(alice);
        uint256 s1 = vault.deposit(333 * TUSD, alice); // the ERC-4626 overload: the caller is the controller
        uint256 a2 = vault.mint(100 * SHARE, alice);
        uint256 rest = vault.maxDeposit(alice);
        uint256 s3 = vault.deposit(rest, alice, alice);
        vm.stopPrank();
        assertEq(s1 + 100 * SHARE + s3, owed);
        assertEq(token.balanceOf(alice), owed);
        assertEq(333 * TUSD + a2 + rest, 1000 * TUSD);
        assertEq(vault.maxMint(alice), 0);
        assertEq(vault.maxDeposit(alice), 0);
    }

    function test_deposit_Success_ByOperatorToAnotherReceiver() public {
        uint256 dealing = _requestDeposit(alice, 1000 * TUSD);
        _postNav(dealing, NAV);
        _fulfillDeposit(dealing, alice, 1000 * TUSD);
        vm.prank(alice);
        vault.setOperator(carol, true);
        vm.expectEmit(address(vault));
        emit IERC7575.Deposit(alice, bob, 1000 * TUSD, 800 * SHARE);
        vm.prank(carol);
        vault.deposit(1000 * TUSD, bob, alice);
        assertEq(token.balanceOf(bob), 800 * SHARE);
    }

    function test_deposit_RevertWhen_ControllerBecameUnverified() public {
        uint256 dealing = _requestDeposit(alice, 1000 * TUSD);
        _postNav(dealing, NAV);
        _fulfillDeposit(dealing, alice, 1000 * TUSD);
        vm.prank(officer);
        registry.deleteIdentity(alice);
        // The token re-checks at claim.
        vm.expectRevert(abi.encodeWithSelector(IToken.RecipientNotVerified.selector, alice));
        vm.prank(alice);
        vault.deposit(1000 * TUSD, alice, alice);
        vm.expectRevert(abi.encodeWithSelector(IToken.RecipientNotVerified.selector, alice));
        vm.prank(alice);
        vault.mint(800 * SHARE, alice, alice);
        // Nothing was consumed; a verified receiver of the controller's choice can still get the shares.
        assertEq(vault.maxDeposit(alice), 1000 * TUSD);
        vm.prank(alice);
        vault.deposit(1000 * TUSD, bob, alice);
        assertEq(token.balanceOf(bob), 800 * SHARE);
    }

    function test_deposit_RevertWhen_Refused() public {
        uint256 dealing = _requestDeposit(alice, 1000 * TUSD);
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.ExceedsClaimable.selector, alice, 0, 1));
        vm.prank(alice);
        vault.deposit(1, alice, alice);
        _postNav(dealing, NAV);
        _fulfillDeposit(dealing, alice, 1000 * TUSD);
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.NotOwnerOrOperator.selector, bob, alice));
        vm.prank(bob);
        vault.deposit(1000 * TUSD, bob, alice);
        vm.startPrank(alice);
        vm.expectRevert(ITesseraVault.ZeroAmount.selector);
        vault.deposit(0, alice, alice);
        vm.expectRevert(ITesseraVault.ZeroAmount.selector);
        vault.mint(0, alice, alice);
        vm.expectRevert(
            abi.encodeWithSelector(ITesseraVault.ExceedsClaimable.selector, alice, 800 * SHARE, 800 * SHARE + 1)
        );
        vault.mint(800 * SHARE + 1, alice, alice);
        vm.stopPrank();
    }

    // ------------------------------------------------------------------ deposit cancelation (ERC-7887)

    function test_cancelDepositRequest_Success_BeforeCutoffThenClaim() public {
        _requestDeposit(alice, 1000 * TUSD);
        vm.expectEmit(address(vault));
        emit IERC7887Deposit.CancelDepositRequest(alice, 0, alice);
        vm.prank(alice);
        vault.cancelDepositRequest(0, alice);
        assertFalse(vault.pendingCancelDepositRequest(0, alice));
        assertEq(vault.pendingDepositRequest(0, alice), 0);
        assertEq(vault.claimableCancelDepositRequest(0, alice), 1000 * TUSD);
        vm.expectEmit(address(vault));
        emit IERC7887Deposit.CancelDepositClaim(alice, carol, 0, alice, 1000 * TUSD);
        vm.prank(alice);
        vault.claimCancelDepositRequest(0, carol, alice);
        assertEq(usd.balanceOf(carol), USD_FUNDS + 1000 * TUSD);
        assertEq(vault.claimableCancelDepositRequest(0, alice), 0);
        assertEq(usd.balanceOf(address(vault)), 0);
    }

    function test_cancelDepositRequest_RevertWhen_AfterCutoffUnlessFundAdmin() public {
        uint256 dealing = _requestDeposit(alice, 1000 * TUSD);
        vm.warp(dealing - CUTOFF + 1);
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.CancelAfterCutoff.selector, alice, dealing - CUTOFF));
        vm.prank(alice);
        vault.cancelDepositRequest(0, alice);
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.NotOwnerOrOperator.selector, stranger, alice));
        vm.prank(stranger);
        vault.cancelDepositRequest(0, alice);
        // The fund administrator may refuse an order at any time, even one of its own as controller.
        vm.prank(issuer);
        manager.grantRole(Roles.FUND_ADMIN, alice, 0);
        vm.prank(alice);
        vault.cancelDepositRequest(0, alice);
        assertEq(vault.claimableCancelDepositRequest(0, alice), 1000 * TUSD);
        vm.prank(issuer);
        manager.revokeRole(Roles.FUND_ADMIN, alice);
        vm.prank(alice);
        vault.claimCancelDepositRequest(0, alice, alice);
        vm.warp(dealing);
        dealing = _requestDeposit(alice, 1000 * TUSD);
        vm.warp(dealing - CUTOFF + 1);
        vm.expectEmit(address(vault));
        emit IERC7887Deposit.CancelDepositRequest(alice, 0, fundAdmin);
        vm.prank(fundAdmin);
        vault.cancelDepositRequest(0, alice);
        assertEq(vault.claimableCancelDepositRequest(0, alice), 1000 * TUSD);
    }

    function test_cancelDepositRequest_RevertWhen_AfterFulfilment() public {
        uint256 dealing = _requestDeposit(alice, 1000 * TUSD);
        vm.prank(alice);
        vault.setOperator(bob, true);
        _postNav(dealing, NAV);
        _fulfillDeposit(dealing, alice, 1000 * TUSD);
        // Fully fulfilled: nothing is left to cancel, even for the fund administrator.
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.NoPendingRequest.selector, alice));
        vm.prank(fundAdmin);
        vault.cancelDepositRequest(0, alice);
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.NoPendingRequest.selector, alice));
        vm.prank(bob);
        vault.cancelDepositRequest(0, alice);
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.NothingToClaim.selector, alice));
        vm.prank(bob);
        vault.claimCancelDepositRequest(0, alice, alice);
    }

    // ------------------------------------------------------------------ redemptions

    function test_requestRedeem_Success_LocksShares() public {
        _mint(alice, 100 * SHARE);
        vm.expectEmit(address(vault));
        emit IERC7540Redeem.RedeemRequest(alice, alice, 0, alice, 40 * SHARE);
        vm.prank(alice);
        assertEq(vault.requestRedeem(40 * SHARE, alice, alice), 0);
        assertEq(vault.pendingRedeemRequest(0, alice), 40 * SHARE);
        assertEq(vault.pendingRedeemDealingDate(alice), firstDealing);
        assertEq(token.getLockedTokens(alice), 40 * SHARE);
        assertEq(token.balanceOf(alice), 100 * SHARE); // still held: counts for holders and record dates
        // The locked part cannot be transferred.
        vm.expectRevert(
            abi.encodeWithSelector(ITokenLock.InsufficientUnlockedBalance.selector, alice, 60 * SHARE, 61 * SHARE)
        );
        vm.prank(alice);
        token.transfer(bob, 61 * SHARE);
        vm.prank(alice);
        token.transfer(bob, 60 * SHARE);
    }

    function test_requestRedeem_RevertWhen_Refused() public {
        _mint(alice, 100 * SHARE);
        vm.prank(alice);
        token.approve(bob, type(uint256).max);
        // An ERC-20 allowance does not authorize a redeem request: only the owner or its operator.
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.NotOwnerOrOperator.selector, bob, alice));
        vm.prank(bob);
        vault.requestRedeem(10 * SHARE, alice, alice);
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.ControllerNotOwner.selector, bob, alice));
        vault.requestRedeem(10 * SHARE, bob, alice);
        vm.expectRevert(ITesseraVault.ZeroAmount.selector);
        vault.requestRedeem(0, alice, alice);
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.BelowMinimum.selector, SHARE - 1, MIN_REDEEM));
        vault.requestRedeem(SHARE - 1, alice, alice);
        vm.expectRevert(
            abi.encodeWithSelector(ITokenLock.LockExceedsAvailable.selector, alice, 100 * SHARE, 101 * SHARE)
        );
        vault.requestRedeem(101 * SHARE, alice, alice);
        vm.stopPrank();
    }

    function test_requestRedeem_Success_ByOperator() public {
        _mint(alice, 100 * SHARE);
        vm.prank(alice);
        vault.setOperator(bob, true);
        vm.expectEmit(address(vault));
        emit IERC7540Redeem.RedeemRequest(alice, alice, 0, bob, 10 * SHARE);
        vm.prank(bob);
        vault.requestRedeem(10 * SHARE, alice, alice);
        assertEq(token.getLockedTokens(alice), 10 * SHARE);
    }

    function test_fulfillRedeems_Success_BurnsAndFundsPayout() public {
        _mint(alice, 100 * SHARE);
        uint256 dealing = _requestRedeem(alice, 40 * SHARE);
        _postNav(dealing, 1_300_000);
        uint256 adminBefore = usd.balanceOf(fundAdmin);
        vm.expectEmit(address(vault));
        emit ITesseraVault.RedeemFulfilled(alice, dealing, 40 * SHARE, 52 * TUSD);
        _fulfillRedeem(dealing, alice, 40 * SHARE);
        assertEq(token.balanceOf(alice), 60 * SHARE);
        assertEq(token.totalSupply(), 60 * SHARE);
        assertEq(token.getLockedTokens(alice), 0);
        assertEq(vault.pendingRedeemRequest(0, alice), 0);
        assertEq(vault.claimableRedeemRequest(0, alice), 40 * SHARE);
        assertEq(vault.maxRedeem(alice), 40 * SHARE);
        assertEq(vault.maxWithdraw(alice), 52 * TUSD);
        assertEq(vault.claimableRedeemAssets(alice), 52 * TUSD);
        assertEq(usd.balanceOf(fundAdmin), adminBefore - 52 * TUSD);
        assertEq(usd.balanceOf(address(vault)), 52 * TUSD);
        // Claim: the ERC-4626 Withdraw event with the controller as owner.
        vm.expectEmit(address(vault));
        emit IERC7575.Withdraw(alice, carol, alice, 52 * TUSD, 40 * SHARE);
        vm.prank(alice);
        assertEq(vault.redeem(40 * SHARE, carol, alice), 52 * TUSD);
        assertEq(usd.balanceOf(carol), USD_FUNDS + 52 * TUSD);
        assertEq(usd.balanceOf(address(vault)), 0);
    }

    function test_withdraw_Success_PartsAddUpToTheWhole() public {
        _mint(alice, 100 * SHARE);
        uint256 dealing = _requestRedeem(alice, 3 * SHARE);
        _postNav(dealing, 1_333_333);
        _fulfillRedeem(dealing, alice, 3 * SHARE);
        uint256 owed = vault.maxWithdraw(alice);
        assertEq(owed, 3_999_999); // rounded down
        uint256 before = usd.balanceOf(alice);
        vm.startPrank(alice);
        uint256 s1 = vault.withdraw(1_000_000, alice, alice);
        uint256 a2 = vault.redeem(SHARE, alice, alice);
        uint256 s3 = vault.withdraw(vault.maxWithdraw(alice), alice, alice);
        vm.stopPrank();
        assertEq(usd.balanceOf(alice) - before, owed);
        assertEq(s1 + SHARE + s3, 3 * SHARE);
        assertGt(a2, 0);
        assertEq(vault.maxRedeem(alice), 0);
    }

    function test_fulfillRedeems_RevertWhen_Refused() public {
        _mint(alice, 100 * SHARE);
        uint256 dealing = _requestRedeem(alice, 40 * SHARE);
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.NoNavForDealingDate.selector, dealing));
        _fulfillRedeem(dealing, alice, 40 * SHARE);
        _postNav(dealing, NAV);
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.CallerMissingRole.selector, issuer, Roles.FUND_ADMIN));
        vm.prank(issuer);
        vault.fulfillRedeems(dealing, _one(alice), _one(40 * SHARE));
        vm.expectRevert(
            abi.encodeWithSelector(ITesseraVault.FulfillExceedsPending.selector, alice, 40 * SHARE, 41 * SHARE)
        );
        _fulfillRedeem(dealing, alice, 41 * SHARE);
    }

    function test_fulfillRedeems_Success_Partial() public {
        _mint(alice, 100 * SHARE);
        uint256 dealing = _requestRedeem(alice, 40 * SHARE);
        _postNav(dealing, NAV);
        _fulfillRedeem(dealing, alice, 10 * SHARE);
        assertEq(vault.pendingRedeemRequest(0, alice), 30 * SHARE);
        assertEq(token.getLockedTokens(alice), 30 * SHARE);
        assertEq(token.balanceOf(alice), 90 * SHARE);
        assertEq(vault.maxWithdraw(alice), 12_500_000);
    }

    function test_cancelRedeemRequest_Success_UnlockOrDeliver() public {
        _mint(alice, 100 * SHARE);
        _requestRedeem(alice, 40 * SHARE);
        vm.expectEmit(address(vault));
        emit IERC7887Redeem.CancelRedeemRequest(alice, 0, alice);
        vm.prank(alice);
        vault.cancelRedeemRequest(0, alice);
        assertFalse(vault.pendingCancelRedeemRequest(0, alice));
        assertEq(vault.claimableCancelRedeemRequest(0, alice), 40 * SHARE);
        assertEq(token.getLockedTokens(alice), 40 * SHARE); // locked until claimed
        // Claim a part to another verified wallet: a holder transfer of the locked shares.
        vm.expectEmit(address(vault));
        emit IERC7887Redeem.CancelRedeemClaim(alice, bob, 0, alice, 40 * SHARE);
        vm.prank(alice);
        vault.claimCancelRedeemRequest(0, bob, alice);
        assertEq(token.balanceOf(bob), 40 * SHARE);
        assertEq(token.getLockedTokens(alice), 0);
        // Again, claimed back in place.
        _requestRedeem(alice, 20 * SHARE);
        vm.prank(fundAdmin);
        vault.cancelRedeemRequest(0, alice);
        vm.prank(alice);
        vault.claimCancelRedeemRequest(0, alice, alice);
        assertEq(token.getLockedTokens(alice), 0);
        assertEq(token.balanceOf(alice), 60 * SHARE);
    }

    function test_cancelRedeemRequest_RevertWhen_AfterFulfilmentOrCutoff() public {
        _mint(alice, 100 * SHARE);
        uint256 dealing = _requestRedeem(alice, 40 * SHARE);
        vm.warp(dealing - CUTOFF + 1);
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.CancelAfterCutoff.selector, alice, dealing - CUTOFF));
        vm.prank(alice);
        vault.cancelRedeemRequest(0, alice);
        _postNav(dealing, NAV);
        _fulfillRedeem(dealing, alice, 40 * SHARE);
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.NoPendingRequest.selector, alice));
        vm.prank(fundAdmin);
        vault.cancelRedeemRequest(0, alice);
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.NothingToClaim.selector, alice));
        vm.prank(alice);
        vault.claimCancelRedeemRequest(0, alice, alice);
    }

    function test_fulfillRedeems_RevertWhen_AgentTookTheLockedShares() public {
        _mint(alice, 100 * SHARE);
        uint256 dealing = _requestRedeem(alice, 40 * SHARE);
        // An agent's forced transfer takes unlocked, then locked tokens (its order wins over the request).
        vm.prank(issuer);
        token.forcedTransfer(alice, bob, 100 * SHARE);
        assertEq(token.getLockedTokens(alice), 0);
        _postNav(dealing, NAV);
        vm.expectRevert(abi.encodeWithSelector(ITokenLock.UnlockExceedsLocked.selector, alice, 0, 40 * SHARE));
        _fulfillRedeem(dealing, alice, 40 * SHARE);
        // The fund administrator takes the request out of the queue; nothing was paid or burned.
        vm.prank(fundAdmin);
        vault.cancelRedeemRequest(0, alice);
        assertEq(vault.pendingRedeemRequest(0, alice), 0);
        assertEq(token.totalSupply(), 100 * SHARE);
    }

    function test_claimCancelRedeemRequest_RevertWhen_ReceiverUnverified() public {
        _mint(alice, 100 * SHARE);
        _requestRedeem(alice, 40 * SHARE);
        vm.prank(alice);
        vault.cancelRedeemRequest(0, alice);
        // Delivering the canceled shares to another wallet is a holder transfer under every rule.
        vm.expectRevert(abi.encodeWithSelector(IToken.RecipientNotVerified.selector, dave));
        vm.prank(alice);
        vault.claimCancelRedeemRequest(0, dave, alice);
        assertEq(vault.claimableCancelRedeemRequest(0, alice), 40 * SHARE);
    }

    // ------------------------------------------------------------------ NAV

    function test_updateNav_Success_WithinLimitRecordsHistory() public {
        uint256 date = block.timestamp;
        vm.expectEmit(address(vault));
        emit ITesseraVault.NavUpdated(date, 1_375_000, navAgent, address(0));
        vm.prank(navAgent);
        vault.updateNav(1_375_000, date); // +10%: exactly the limit
        (uint256 nav, uint256 d) = vault.navPerShare();
        assertEq(nav, 1_375_000);
        assertEq(d, date);
        assertEq(vault.navAt(date), 1_375_000);
        assertEq(vault.navCount(), 2);
        (uint256 d1, uint256 n1) = vault.navHistory(1);
        assertEq(d1, date);
        assertEq(n1, 1_375_000);
    }

    function test_updateNav_RevertWhen_Refused() public {
        vm.startPrank(navAgent);
        vm.expectRevert(ITesseraVault.ZeroNav.selector);
        vault.updateNav(0, block.timestamp);
        vm.expectRevert(
            abi.encodeWithSelector(ITesseraVault.ValuationDateInFuture.selector, block.timestamp + 1, block.timestamp)
        );
        vault.updateNav(NAV, block.timestamp + 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITesseraVault.ValuationDateNotAfterLast.selector, block.timestamp - 1 hours, block.timestamp - 1 hours
            )
        );
        vault.updateNav(NAV, block.timestamp - 1 hours);
        vm.stopPrank();
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.CallerMissingRole.selector, fundAdmin, Roles.NAV_AGENT));
        vm.prank(fundAdmin);
        vault.updateNav(NAV, block.timestamp);
    }

    function test_updateNav_Success_LargeMoveWaitsForSecondApproval() public {
        uint256 date = block.timestamp;
        vm.expectEmit(address(vault));
        emit ITesseraVault.NavProposed(date, 1_375_001, NAV, navAgent);
        vm.prank(navAgent);
        vault.updateNav(1_375_001, date); // just above +10%
        (uint256 nav,) = vault.navPerShare();
        assertEq(nav, NAV); // not in effect
        assertEq(vault.navAt(date), 0);
        (uint256 pn, uint256 pd, address proposer) = vault.pendingNav();
        assertEq(pn, 1_375_001);
        assertEq(pd, date);
        assertEq(proposer, navAgent);
        // The proposer cannot approve it, even holding NAV_APPROVER; a mismatch is refused; others lack the role.
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.ApproverIsProposer.selector, navAgent));
        vm.prank(navAgent);
        vault.approveNav(1_375_001, date);
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.NoSuchNavProposal.selector, date, 1_375_000));
        vm.prank(navApprover);
        vault.approveNav(1_375_000, date);
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.CallerMissingRole.selector, fundAdmin, Roles.NAV_APPROVER));
        vm.prank(fundAdmin);
        vault.approveNav(1_375_001, date);
        // A fulfilment cannot use it before approval.
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.NoNavForDealingDate.selector, date));
        _fulfillDeposit(date, alice, 1);
        vm.expectEmit(address(vault));
        emit ITesseraVault.NavUpdated(date, 1_375_001, navAgent, navApprover);
        vm.prank(navApprover);
        vault.approveNav(1_375_001, date);
        (nav,) = vault.navPerShare();
        assertEq(nav, 1_375_001);
        (,, proposer) = vault.pendingNav();
        assertEq(proposer, address(0));
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.NoSuchNavProposal.selector, date, 1_375_001));
        vm.prank(navApprover);
        vault.approveNav(1_375_001, date);
    }

    function test_approveNav_RevertWhen_LaterNavTookEffect() public {
        vm.prank(navAgent);
        vault.updateNav(2 * NAV, block.timestamp - 10); // proposed
        vm.prank(navAgent);
        vault.updateNav(NAV, block.timestamp); // within the limit, in effect
        vm.expectRevert(
            abi.encodeWithSelector(
                ITesseraVault.ValuationDateNotAfterLast.selector, block.timestamp - 10, block.timestamp
            )
        );
        vm.prank(navApprover);
        vault.approveNav(2 * NAV, block.timestamp - 10);
    }

    function test_setNavMoveLimit_Success_FundAdminOrAdmin() public {
        vm.expectEmit(address(vault));
        emit ITesseraVault.NavMoveLimitSet(0);
        vm.prank(fundAdmin);
        vault.setNavMoveLimit(0);
        // Limit 0: every change needs approval, an unchanged NAV does not.
        vm.prank(navAgent);
        vault.updateNav(NAV + 1, block.timestamp);
        assertEq(vault.navAt(block.timestamp), 0);
        vm.prank(navAgent);
        vault.updateNav(NAV, block.timestamp);
        assertEq(vault.navAt(block.timestamp), NAV);
        vm.prank(issuer); // ADMIN
        vault.setNavMoveLimit(10_000);
        assertEq(vault.navMoveLimit(), 10_000);
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.CallerMissingRole.selector, navAgent, Roles.ADMIN));
        vm.prank(navAgent);
        vault.setNavMoveLimit(5);
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.InvalidNavMoveLimit.selector, 10_001));
        vm.prank(issuer);
        vault.setNavMoveLimit(10_001);
    }

    // ------------------------------------------------------------------ configuration

    function test_setDealingTerms_Success_FundAdminOnly() public {
        ITesseraVault.DealingTerms memory t = _terms();
        t.interval = 7 days;
        t.minDeposit = 0;
        vm.expectEmit(address(vault));
        emit ITesseraVault.DealingTermsSet(firstDealing, 7 days, CUTOFF, 0, MIN_REDEEM);
        vm.prank(fundAdmin);
        vault.setDealingTerms(t);
        assertEq(vault.dealingTerms().interval, 7 days);
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.CallerMissingRole.selector, issuer, Roles.FUND_ADMIN));
        vm.prank(issuer);
        vault.setDealingTerms(t);
        t.interval = 0;
        vm.expectRevert(ITesseraVault.InvalidDealingTerms.selector);
        vm.prank(fundAdmin);
        vault.setDealingTerms(t);
    }

    function test_setTreasury_Success_AdminOnly() public {
        vm.expectEmit(address(vault));
        emit ITesseraVault.TreasurySet(carol);
        vm.prank(issuer);
        vault.setTreasury(carol);
        assertEq(vault.treasury(), carol);
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.CallerMissingRole.selector, fundAdmin, Roles.ADMIN));
        vm.prank(fundAdmin);
        vault.setTreasury(fundAdmin);
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.InvalidAddress.selector, address(0)));
        vm.prank(issuer);
        vault.setTreasury(address(0));
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.InvalidAddress.selector, address(vault)));
        vm.prank(issuer);
        vault.setTreasury(address(vault));
    }

    function test_roles_RevertWhen_RoleHasExecutionDelay() public {
        vm.prank(issuer);
        manager.grantRole(Roles.FUND_ADMIN, carol, 1 days);
        vm.expectRevert(abi.encodeWithSelector(ITesseraVault.CallerMissingRole.selector, carol, Roles.FUND_ADMIN));
        vm.prank(carol);
        vault.setDealingTerms(_terms());
    }

    function test_deposit_RevertWhen_VaultLacksSupplyRole() public {
        uint256 dealing = _requestDeposit(alice, 1000 * TUSD);
        _postNav(dealing, NAV);
        _fulfillDeposit(dealing, alice, 1000 * TUSD);
        vm.prank(issuer);
        manager.revokeRole(Roles.SUPPLY, address(vault));
        vm.expectRevert(abi.encodeWithSelector(IAgentRole.CallerNotAgent.selector, address(vault)));
        vm.prank(alice);
        vault.deposit(1000 * TUSD, alice, alice);
        assertEq(vault.maxDeposit(alice), 1000 * TUSD);
    }

    // ------------------------------------------------------------------ fuzz: the share and asset math

    /// @dev Warps to `date` and puts `nav` in effect for it, with a second approval when it moves more than 10%.
    function _setNav(uint256 date, uint256 nav) internal {
        vm.warp(date);
        vm.prank(navAgent);
        vault.updateNav(nav, date);
        if (vault.navAt(date) == 0) {
            vm.prank(navApprover);
            vault.approveNav(nav, date);
        }
    }

    /// @dev Fulfilment shares are floor(assets * 10**18 / nav): never more than the assets' value, less by under one
    /// share base unit; the claims in parts add up to exactly that.
    function testFuzz_fulfillDeposits_RoundsForTheVault(uint256 assets, uint256 nav, uint256 part) public {
        assets = bound(assets, MIN_DEPOSIT, USD_FUNDS);
        // At most 1,000,000 shares (the asset's maximum balance): nav > assets / 10**6.
        nav = bound(nav, assets / 1e6 + 1, 1e12);
        uint256 dealing = _requestDeposit(alice, assets);
        _setNav(dealing, nav);
        _fulfillDeposit(dealing, alice, assets);
        uint256 shares = vault.maxMint(alice);
        assertEq(shares, assets * SHARE / nav);
        assertLe(shares * nav, assets * SHARE);
        assertGt((shares + 1) * nav, assets * SHARE);
        part = bound(part, 1, assets);
        vm.startPrank(alice);
        vault.deposit(part, alice, alice);
        if (vault.maxDeposit(alice) != 0) vault.deposit(vault.maxDeposit(alice), alice, alice);
        if (vault.maxMint(alice) != 0) vault.mint(vault.maxMint(alice), alice, alice);
        vm.stopPrank();
        assertEq(token.balanceOf(alice), shares);
        assertEq(vault.maxMint(alice), 0);
    }

    /// @dev Redemption payouts are floor(shares * nav / 10**18): never more than the shares' value, less by under one
    /// payment-token base unit; withdrawals in parts add up to exactly that.
    function testFuzz_fulfillRedeems_RoundsForTheVault(uint256 shares, uint256 nav, uint256 part) public {
        shares = bound(shares, MIN_REDEEM, 1_000_000e18);
        // The payout fits the fund administrator's 10,000,000 TUSD.
        nav = bound(nav, 1, Math.min(1e12, 1e31 / shares));
        _mint(alice, shares);
        uint256 dealing = _requestRedeem(alice, shares);
        _setNav(dealing, nav);
        uint256 expected = shares * nav / SHARE;
        if (expected == 0) {
            vm.expectRevert(abi.encodeWithSelector(ITesseraVault.DustAmount.selector, shares));
            _fulfillRedeem(dealing, alice, shares);
            return;
        }
        _fulfillRedeem(dealing, alice, shares);
        uint256 owed = vault.maxWithdraw(alice);
        assertEq(owed, expected);
        assertLe(owed * SHARE, shares * nav);
        assertGt((owed + 1) * SHARE, shares * nav);
        part = bound(part, 1, owed);
        uint256 before = usd.balanceOf(alice);
        vm.startPrank(alice);
        vault.withdraw(part, alice, alice);
        if (vault.maxRedeem(alice) != 0) vault.redeem(vault.maxRedeem(alice), alice, alice);
        if (vault.maxWithdraw(alice) != 0) vault.withdraw(vault.maxWithdraw(alice), alice, alice);
        vm.stopPrank();
        assertEq(usd.balanceOf(alice) - before, owed);
        assertEq(vault.maxRedeem(alice), 0);
    }

    /// @dev Any dealing date a request gets is on the schedule, and the request came at or before its cut-off.
    function testFuzz_dealingDateAt_OnScheduleAndBeforeCutoff(uint256 t) public view {
        t = bound(t, 0, firstDealing + 3650 days);
        uint256 d = vault.dealingDateAt(t);
        assertGe(d, firstDealing);
        assertEq((d - firstDealing) % 1 days, 0);
        assertLe(t + CUTOFF, d);
        if (d > firstDealing) assertGt(t + CUTOFF, d - 1 days);
    }

    /// @dev Any asset of the platform's factory can have a vault.
    function test_constructor_Success_AnyPlatformToken() public {
        (Token other,) = _deploy(_demoParams());
        assertTrue(address(other) != vault.share());
        TesseraVault v = _newVault(address(other), NAV, block.timestamp);
        assertEq(v.share(), address(other));
    }
}
