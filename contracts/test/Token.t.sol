// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {Fixture} from "./utils/Fixture.sol";
import {IToken} from "../src/interfaces/IToken.sol";
import {IAgentRole} from "../src/interfaces/IAgentRole.sol";
import {RestrictionCodes} from "../src/libraries/RestrictionCodes.sol";

contract TokenTest is Fixture {
    uint256 internal constant AMOUNT = 1_000e18;

    // ----------------------------------------------------------------- initialization

    function test_initialize_Success_WhenDeployedByFactory() public view {
        assertEq(token.name(), "Tessera Demo Fund");
        assertEq(token.symbol(), "TDF");
        assertEq(token.decimals(), 18);
        assertEq(token.assetClass(), 0);
        assertEq(token.owner(), issuer);
        assertTrue(token.isAgent(issuer));
        assertEq(token.identityRegistry(), address(registry));
        assertEq(token.compliance(), address(compliance));
        assertEq(token.onchainID(), address(0));
        assertEq(token.version(), "1.0.0");
        assertFalse(token.paused());
    }

    function test_initialize_RevertWhen_CalledTwice() public {
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        token.initialize(address(this), "X", "X", 0, 0, address(registry), address(compliance), address(0), address(0));
    }

    function test_initialize_RevertWhen_Implementation() public {
        vm.expectRevert(Initializable.InvalidInitialization.selector);
        tokenImpl.initialize(
            address(this), "X", "X", 0, 0, address(registry), address(compliance), address(0), address(0)
        );
    }

    // ----------------------------------------------------------------- mint

    function test_mint_Success_WhenRecipientVerified() public {
        vm.expectEmit(address(token));
        emit IERC20.Transfer(address(0), alice, AMOUNT);
        _mint(alice, AMOUNT);
        assertEq(token.balanceOf(alice), AMOUNT);
        assertEq(token.totalSupply(), AMOUNT);
        assertEq(holdersModule.getHolderCount(address(compliance)), 1);
    }

    function test_mint_RevertWhen_RecipientNotVerified() public {
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(IToken.RecipientNotVerified.selector, dave));
        token.mint(dave, AMOUNT);
        assertEq(token.totalSupply(), 0);
    }

    function test_mint_RevertWhen_KycExpired() public {
        vm.warp(kycExpiry);
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(IToken.RecipientNotVerified.selector, alice));
        token.mint(alice, AMOUNT);
    }

    function test_mint_RevertWhen_CountryNotAllowed() public {
        vm.prank(issuer);
        vm.expectRevert(
            abi.encodeWithSelector(
                IToken.TransferNotCompliant.selector, address(0), eve, AMOUNT, RestrictionCodes.COUNTRY_NOT_ALLOWED
            )
        );
        token.mint(eve, AMOUNT);
    }

    function test_mint_RevertWhen_CallerNotAgent() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IAgentRole.CallerNotAgent.selector, alice));
        token.mint(alice, AMOUNT);
    }

    function test_mint_Success_WhenPaused() public {
        vm.prank(issuer);
        token.pause();
        _mint(alice, AMOUNT);
        assertEq(token.balanceOf(alice), AMOUNT);
    }

    // ----------------------------------------------------------------- transfer rules

    function test_transfer_Success_WhenBothVerified() public {
        _mint(alice, AMOUNT);
        vm.expectEmit(address(token));
        emit IERC20.Transfer(alice, bob, 400e18);
        vm.prank(alice);
        assertTrue(token.transfer(bob, 400e18));
        assertEq(token.balanceOf(alice), 600e18);
        assertEq(token.balanceOf(bob), 400e18);
        assertEq(holdersModule.getHolderCount(address(compliance)), 2);
    }

    function test_transfer_RevertWhen_RecipientNotVerified() public {
        _mint(alice, AMOUNT);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IToken.RecipientNotVerified.selector, dave));
        token.transfer(dave, 1);
    }

    function test_transfer_RevertWhen_RecipientKycExpired() public {
        _mint(alice, AMOUNT);
        vm.warp(kycExpiry + 1);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IToken.RecipientNotVerified.selector, bob));
        token.transfer(bob, 1);
    }

    function test_transfer_RevertWhen_CountryNotAllowed() public {
        _mint(alice, AMOUNT);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(
                IToken.TransferNotCompliant.selector, alice, eve, 1, RestrictionCodes.COUNTRY_NOT_ALLOWED
            )
        );
        token.transfer(eve, 1);
    }

    function test_transfer_RevertWhen_AmountExceedsBalance() public {
        _mint(alice, AMOUNT);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, alice, AMOUNT, AMOUNT + 1)
        );
        token.transfer(bob, AMOUNT + 1);
    }

    function test_transferFrom_RevertWhen_RecipientNotVerified() public {
        _mint(alice, AMOUNT);
        vm.prank(alice);
        token.approve(bob, AMOUNT);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IToken.RecipientNotVerified.selector, dave));
        token.transferFrom(alice, dave, 1);
    }

    function test_transferFrom_Success_WhenApprovedAndVerified() public {
        _mint(alice, AMOUNT);
        vm.prank(alice);
        token.approve(bob, AMOUNT);
        vm.prank(bob);
        token.transferFrom(alice, carol, 10);
        assertEq(token.balanceOf(carol), 10);
        assertEq(token.allowance(alice, bob), AMOUNT - 10);
    }

    // ----------------------------------------------------------------- pause

    function test_pause_Success_WhenAgent() public {
        vm.expectEmit(address(token));
        emit IToken.Paused(issuer);
        vm.prank(issuer);
        token.pause();
        assertTrue(token.paused());
        vm.expectEmit(address(token));
        emit IToken.Unpaused(issuer);
        vm.prank(issuer);
        token.unpause();
        assertFalse(token.paused());
    }

    function test_pause_RevertWhen_AlreadyPaused() public {
        vm.startPrank(issuer);
        token.pause();
        vm.expectRevert(IToken.TokenPaused.selector);
        token.pause();
        token.unpause();
        vm.expectRevert(IToken.TokenNotPaused.selector);
        token.unpause();
        vm.stopPrank();
    }

    function test_transfer_RevertWhen_Paused() public {
        _mint(alice, AMOUNT);
        vm.prank(issuer);
        token.pause();
        assertEq(token.detectTransferRestriction(alice, bob, 1), RestrictionCodes.TOKEN_PAUSED);
        vm.prank(alice);
        vm.expectRevert(IToken.TokenPaused.selector);
        token.transfer(bob, 1);
    }

    // ----------------------------------------------------------------- freeze

    function test_setAddressFrozen_Success_WhenAgent() public {
        vm.expectEmit(address(token));
        emit IToken.AddressFrozen(alice, true, issuer);
        vm.prank(issuer);
        token.setAddressFrozen(alice, true);
        assertTrue(token.isFrozen(alice));
    }

    function test_transfer_RevertWhen_SenderFrozen() public {
        _mint(alice, AMOUNT);
        vm.prank(issuer);
        token.setAddressFrozen(alice, true);
        assertEq(token.detectTransferRestriction(alice, bob, 1), RestrictionCodes.SENDER_FROZEN);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IToken.WalletFrozen.selector, alice));
        token.transfer(bob, 1);
    }

    function test_transfer_RevertWhen_RecipientFrozen() public {
        _mint(alice, AMOUNT);
        vm.prank(issuer);
        token.setAddressFrozen(bob, true);
        assertEq(token.detectTransferRestriction(alice, bob, 1), RestrictionCodes.RECIPIENT_FROZEN);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IToken.WalletFrozen.selector, bob));
        token.transfer(bob, 1);
    }

    function test_freezePartialTokens_Success_WhenWithinBalance() public {
        _mint(alice, AMOUNT);
        vm.expectEmit(address(token));
        emit IToken.TokensFrozen(alice, 300e18);
        vm.prank(issuer);
        token.freezePartialTokens(alice, 300e18);
        assertEq(token.getFrozenTokens(alice), 300e18);
        vm.expectEmit(address(token));
        emit IToken.TokensUnfrozen(alice, 100e18);
        vm.prank(issuer);
        token.unfreezePartialTokens(alice, 100e18);
        assertEq(token.getFrozenTokens(alice), 200e18);
    }

    function test_freezePartialTokens_RevertWhen_ExceedsBalance() public {
        _mint(alice, AMOUNT);
        vm.startPrank(issuer);
        token.freezePartialTokens(alice, 600e18);
        vm.expectRevert(abi.encodeWithSelector(IToken.FreezeExceedsBalance.selector, alice, 400e18, 400e18 + 1));
        token.freezePartialTokens(alice, 400e18 + 1);
        vm.stopPrank();
    }

    function test_unfreezePartialTokens_RevertWhen_ExceedsFrozen() public {
        _mint(alice, AMOUNT);
        vm.startPrank(issuer);
        token.freezePartialTokens(alice, 10);
        vm.expectRevert(abi.encodeWithSelector(IToken.UnfreezeExceedsFrozen.selector, alice, 10, 11));
        token.unfreezePartialTokens(alice, 11);
        vm.stopPrank();
    }

    function test_transfer_RevertWhen_AmountExceedsUnfrozenBalance() public {
        _mint(alice, AMOUNT);
        vm.prank(issuer);
        token.freezePartialTokens(alice, 700e18);
        assertEq(
            token.detectTransferRestriction(alice, bob, 300e18 + 1), RestrictionCodes.INSUFFICIENT_UNFROZEN_BALANCE
        );
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IToken.InsufficientUnfrozenBalance.selector, alice, 300e18, 300e18 + 1));
        token.transfer(bob, 300e18 + 1);
        vm.prank(alice);
        token.transfer(bob, 300e18);
        assertEq(token.balanceOf(alice), 700e18);
    }

    function testFuzz_transfer_RespectsUnfrozenBalance(uint256 balance, uint256 frozen, uint256 amount) public {
        balance = bound(balance, 1, MAX_BALANCE);
        frozen = bound(frozen, 0, balance);
        amount = bound(amount, 1, balance);
        _mint(alice, balance);
        vm.prank(issuer);
        token.freezePartialTokens(alice, frozen);

        bool allowed = amount <= balance - frozen;
        assertEq(token.canTransfer(alice, bob, amount), allowed);
        vm.prank(alice);
        if (!allowed) {
            vm.expectRevert(
                abi.encodeWithSelector(IToken.InsufficientUnfrozenBalance.selector, alice, balance - frozen, amount)
            );
        }
        token.transfer(bob, amount);
        assertEq(token.balanceOf(alice), allowed ? balance - amount : balance);
        assertLe(token.getFrozenTokens(alice), token.balanceOf(alice));
    }

    // ----------------------------------------------------------------- agent moves

    function test_forcedTransfer_Success_WhenRecipientVerified() public {
        _mint(alice, AMOUNT);
        vm.startPrank(issuer);
        token.freezePartialTokens(alice, 800e18);
        token.setAddressFrozen(alice, true);
        token.pause();
        // Moves 500: 200 free + 300 released from the frozen part.
        vm.expectEmit(address(token));
        emit IToken.TokensUnfrozen(alice, 300e18);
        vm.expectEmit(address(token));
        emit IERC20.Transfer(alice, bob, 500e18);
        assertTrue(token.forcedTransfer(alice, bob, 500e18));
        vm.stopPrank();
        assertEq(token.balanceOf(alice), 500e18);
        assertEq(token.balanceOf(bob), 500e18);
        assertEq(token.getFrozenTokens(alice), 500e18);
    }

    function test_forcedTransfer_RevertWhen_RecipientNotVerified() public {
        _mint(alice, AMOUNT);
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(IToken.RecipientNotVerified.selector, dave));
        token.forcedTransfer(alice, dave, 1);
    }

    function test_forcedTransfer_RevertWhen_CallerNotAgent() public {
        _mint(alice, AMOUNT);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IAgentRole.CallerNotAgent.selector, bob));
        token.forcedTransfer(alice, bob, 1);
    }

    function test_burn_Success_WhenPartlyFrozen() public {
        _mint(alice, AMOUNT);
        vm.startPrank(issuer);
        token.freezePartialTokens(alice, AMOUNT);
        vm.expectEmit(address(token));
        emit IToken.TokensUnfrozen(alice, 400e18);
        vm.expectEmit(address(token));
        emit IERC20.Transfer(alice, address(0), 400e18);
        token.burn(alice, 400e18);
        vm.stopPrank();
        assertEq(token.balanceOf(alice), 600e18);
        assertEq(token.totalSupply(), 600e18);
        assertEq(token.getFrozenTokens(alice), 600e18);
    }

    function test_burn_Success_WhenWholeBalanceLeavesHolderSet() public {
        _mint(alice, AMOUNT);
        vm.prank(issuer);
        token.burn(alice, AMOUNT);
        assertEq(holdersModule.getHolderCount(address(compliance)), 0);
    }

    function test_recoveryAddress_Success_WhenIdentityMatches() public {
        address aliceNew = makeAddr("aliceNew");
        vm.prank(officer);
        registry.registerInvestor(aliceNew, identityOf(alice), USA, kycExpiry);
        _mint(alice, AMOUNT);
        vm.startPrank(issuer);
        token.freezePartialTokens(alice, 250e18);
        token.setAddressFrozen(alice, true);

        vm.expectEmit(address(token));
        emit IToken.TokensFrozen(aliceNew, 250e18);
        vm.expectEmit(address(token));
        emit IToken.AddressFrozen(aliceNew, true, issuer);
        vm.expectEmit(address(token));
        emit IToken.RecoverySuccess(alice, aliceNew, identityOf(alice));
        assertTrue(token.recoveryAddress(alice, aliceNew, identityOf(alice)));
        vm.stopPrank();

        assertEq(token.balanceOf(alice), 0);
        assertEq(token.balanceOf(aliceNew), AMOUNT);
        assertEq(token.getFrozenTokens(alice), 0);
        assertEq(token.getFrozenTokens(aliceNew), 250e18);
        assertTrue(token.isFrozen(aliceNew));
        assertEq(holdersModule.getHolderCount(address(compliance)), 1);
    }

    function test_recoveryAddress_RevertWhen_IdentityMismatch() public {
        _mint(alice, AMOUNT);
        vm.prank(issuer);
        vm.expectRevert(
            abi.encodeWithSelector(IToken.RecoveryIdentityMismatch.selector, bob, identityOf(alice), identityOf(bob))
        );
        token.recoveryAddress(alice, bob, identityOf(alice));
    }

    function test_recoveryAddress_RevertWhen_NothingToRecover() public {
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(IToken.NothingToRecover.selector, alice));
        token.recoveryAddress(alice, bob, identityOf(bob));
    }

    // ----------------------------------------------------------------- batches

    function test_batchMint_Success_WhenLengthsMatch() public {
        address[] memory to = new address[](2);
        uint256[] memory amounts = new uint256[](2);
        (to[0], to[1], amounts[0], amounts[1]) = (alice, bob, 1, 2);
        vm.prank(issuer);
        token.batchMint(to, amounts);
        assertEq(token.balanceOf(alice), 1);
        assertEq(token.balanceOf(bob), 2);
    }

    function test_batchMint_RevertWhen_LengthMismatch() public {
        address[] memory to = new address[](2);
        uint256[] memory amounts = new uint256[](3);
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(IToken.BatchLengthMismatch.selector, 2, 3));
        token.batchMint(to, amounts);
    }

    function test_batchBurn_RevertWhen_LengthMismatch() public {
        address[] memory from = new address[](1);
        uint256[] memory amounts = new uint256[](0);
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(IToken.BatchLengthMismatch.selector, 1, 0));
        token.batchBurn(from, amounts);
    }

    function test_batchTransfer_RevertWhen_LengthMismatch() public {
        address[] memory to = new address[](0);
        uint256[] memory amounts = new uint256[](1);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IToken.BatchLengthMismatch.selector, 0, 1));
        token.batchTransfer(to, amounts);
    }

    function test_batchTransfer_Success_WhenAllAllowed() public {
        _mint(alice, AMOUNT);
        address[] memory to = new address[](2);
        uint256[] memory amounts = new uint256[](2);
        (to[0], to[1], amounts[0], amounts[1]) = (bob, carol, 10, 20);
        vm.prank(alice);
        token.batchTransfer(to, amounts);
        assertEq(token.balanceOf(bob), 10);
        assertEq(token.balanceOf(carol), 20);
        assertEq(token.balanceOf(alice), AMOUNT - 30);
    }

    // ----------------------------------------------------------------- owner ops and pre-check

    function test_setIdentityRegistry_RevertWhen_NotOwner() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, alice));
        token.setIdentityRegistry(address(1));
    }

    function test_setCompliance_Success_WhenOwner() public {
        vm.expectEmit(address(token));
        emit IToken.ComplianceAdded(address(0xC0));
        vm.prank(issuer);
        token.setCompliance(address(0xC0));
        assertEq(token.compliance(), address(0xC0));
    }

    function test_addAgent_Success_WhenOwner() public {
        vm.expectEmit(address(token));
        emit IAgentRole.AgentAdded(officer);
        vm.prank(issuer);
        token.addAgent(officer);
        assertTrue(token.isAgent(officer));
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(IAgentRole.AgentAlreadyAdded.selector, officer));
        token.addAgent(officer);
    }

    function test_detectTransferRestriction_Success_WhenEachRuleApplies() public {
        _mint(alice, AMOUNT);
        assertEq(token.detectTransferRestriction(alice, bob, 1), RestrictionCodes.SUCCESS);
        assertTrue(token.canTransfer(alice, bob, 1));
        assertEq(token.detectTransferRestriction(alice, dave, 1), RestrictionCodes.RECIPIENT_NOT_VERIFIED);
        assertEq(token.detectTransferRestriction(alice, eve, 1), RestrictionCodes.COUNTRY_NOT_ALLOWED);
        assertEq(
            token.detectTransferRestriction(alice, bob, MAX_BALANCE), RestrictionCodes.INSUFFICIENT_UNFROZEN_BALANCE
        );
        assertEq(token.detectTransferRestriction(address(0), dave, 1), RestrictionCodes.RECIPIENT_NOT_VERIFIED);
        assertEq(
            token.detectTransferRestriction(address(0), bob, MAX_BALANCE + 1), RestrictionCodes.MAX_BALANCE_EXCEEDED
        );
        assertFalse(token.canTransfer(alice, dave, 1));
    }

    function test_messageForTransferRestriction_Success_WhenKnownCode() public view {
        assertEq(token.messageForTransferRestriction(0), "transfer allowed");
        assertEq(token.messageForTransferRestriction(5), "the recipient is not verified");
        assertEq(token.messageForTransferRestriction(6), "the recipient's country is not allowed");
        assertEq(token.messageForTransferRestriction(200), "unknown restriction code");
    }
}
