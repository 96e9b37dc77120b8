// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {InteroperableAddress} from "@openzeppelin/contracts/utils/draft-InteroperableAddress.sol";
import {IERC7802} from "@openzeppelin/contracts/interfaces/draft-IERC7802.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {ERC7786Recipient} from "@openzeppelin/contracts/crosschain/ERC7786Recipient.sol";
import {Mailbox} from "@hyperlane-xyz/core/contracts/Mailbox.sol";
import {IMailbox} from "@hyperlane-xyz/core/contracts/interfaces/IMailbox.sol";
import {IInterchainSecurityModule} from "@hyperlane-xyz/core/contracts/interfaces/IInterchainSecurityModule.sol";
import {CrosschainBase} from "./CrosschainBase.sol";
import {AssetBridge} from "../../src/crosschain/AssetBridge.sol";
import {HyperlaneGateway} from "../../src/crosschain/HyperlaneGateway.sol";
import {IToken} from "../../src/interfaces/IToken.sol";
import {ITokenLock} from "../../src/interfaces/ITokenLock.sol";
import {ITokenBridgeable} from "../../src/interfaces/ITokenBridgeable.sol";
import {RestrictionCodes} from "../../src/libraries/RestrictionCodes.sol";
import {SupplyCapModule} from "../../src/compliance/modules/SupplyCapModule.sol";
import {LockUpModule} from "../../src/compliance/modules/LockUpModule.sol";
import {TransferKind} from "../../src/interfaces/IComplianceModule.sol";

contract AssetBridgeTest is CrosschainBase {
    function setUp() public override {
        super.setUp();
        _mint(l1, alice, 1000e18);
    }

    function _supplies() internal returns (uint256 s1, uint256 s2) {
        _on(L1);
        s1 = l1.token.totalSupply();
        _on(L2);
        s2 = l2.token.totalSupply();
    }

    // ---------------------------------------------------------------- delivered

    function test_transfer_BurnsOnSource_MintsOnDestination_MatchedByMessageId() public {
        vm.expectEmit(true, true, false, true, address(l1.token));
        emit IERC7802.CrosschainBurn(alice, 400e18, address(l1.bridge));
        bytes32 sendId = _send(l1, l2, alice, alice, 400e18);
        assertEq(l1.token.balanceOf(alice), 600e18);
        assertEq(l1.bridge.netOutflow(), 400e18);
        assertEq(sendId, keccak256(outbox[0].data), "sendId is the Hyperlane message id");

        _on(L2);
        vm.expectEmit(true, true, true, true, address(l2.bridge));
        emit AssetBridge.CrosschainTransferReceived(
            sendId, InteroperableAddress.formatEvmV1(L1, alice), alice, _identity(alice), 400e18
        );
        _relay(0);
        assertEq(l2.token.balanceOf(alice), 400e18);
        assertEq(l2.bridge.netOutflow(), -400e18);
        (uint256 s1, uint256 s2) = _supplies();
        assertEq(s1 + s2, 1000e18);
        assertEq(outbox.length, 0);
    }

    function test_transfer_ToAnotherWalletOfTheSameIdentity() public {
        _register(l2, alice2, USA);
        _send(l1, l2, alice, alice2, 10e18);
        _relayAll();
        _on(L2);
        assertEq(l2.token.balanceOf(alice2), 10e18);
    }

    function test_transfer_AndBack() public {
        _send(l1, l2, alice, alice, 400e18);
        _relayAll();
        _send(l2, l1, alice, alice, 150e18);
        _relayAll();
        _on(L1);
        assertEq(l1.token.balanceOf(alice), 750e18);
        assertEq(l1.bridge.netOutflow(), 250e18);
        _on(L2);
        assertEq(l2.token.balanceOf(alice), 250e18);
        assertEq(l2.bridge.netOutflow(), -250e18);
    }

    // ---------------------------------------------------------------- refused and returned

    function test_refused_NotVerifiedOnDestination_ComesBackWithTheReason() public {
        _on(L2);
        vm.prank(officer);
        l2.registry.deleteIdentity(bob);
        _mint(l1, bob, 50e18);
        bytes32 sendId = _send(l1, l2, bob, bob, 50e18);
        _on(L1);
        assertEq(l1.token.balanceOf(bob), 0);

        _on(L2);
        vm.recordLogs();
        _relay(0);
        assertEq(l2.token.balanceOf(bob), 0);
        assertEq(outbox.length, 1, "the return message");
        bytes32 returnId = keccak256(outbox[0].data);

        _on(L1);
        vm.expectEmit(true, true, false, true, address(l1.bridge));
        emit AssetBridge.CrosschainTransferReturned(returnId, bob, 50e18, RestrictionCodes.RECIPIENT_NOT_VERIFIED);
        _relay(0);
        assertEq(l1.token.balanceOf(bob), 50e18);
        assertEq(l1.bridge.netOutflow(), 0);
        assertTrue(sendId != returnId);
    }

    function test_refused_FrozenOnDestination() public {
        _on(L2);
        vm.prank(issuer);
        l2.token.setAddressFrozen(alice, true);
        _send(l1, l2, alice, alice, 10e18);
        vm.recordLogs();
        _on(L2);
        vm.expectEmit(false, false, false, false, address(l2.bridge));
        emit AssetBridge.CrosschainTransferRefused(0, 0, "", alice, 10e18, RestrictionCodes.RECIPIENT_FROZEN);
        _relay(0);
        _relayAll();
        _on(L1);
        assertEq(l1.token.balanceOf(alice), 1000e18);
    }

    function test_refused_DestinationRules_CountryNotAllowed() public {
        // bob moves to Japan on L2 only: L2's country rule refuses the arrival.
        _on(L2);
        vm.prank(officer);
        l2.registry.updateCountry(bob, JPN);
        _mint(l1, bob, 5e18);
        _send(l1, l2, bob, bob, 5e18);
        _on(L2);
        vm.recordLogs();
        vm.expectEmit(false, false, false, false, address(l2.bridge));
        emit AssetBridge.CrosschainTransferRefused(0, 0, "", bob, 5e18, RestrictionCodes.COUNTRY_NOT_ALLOWED);
        _relay(0);
        _relayAll();
        _on(L1);
        assertEq(l1.token.balanceOf(bob), 5e18);
    }

    function test_refused_IdentityDiffersOnDestination() public {
        // On L2, alice2 is registered to bob's identity: L1 says it is alice's, L2 disagrees.
        _on(L2);
        vm.prank(officer);
        l2.registry.registerInvestor(alice2, _identity(bob), USA, kycExpiry);
        _send(l1, l2, alice, alice2, 1e18);
        _on(L2);
        vm.recordLogs();
        vm.expectEmit(false, false, false, false, address(l2.bridge));
        emit AssetBridge.CrosschainTransferRefused(0, 0, "", alice2, 1e18, 120);
        _relay(0);
        assertEq(l2.bridge.IDENTITY_MISMATCH(), 120);
    }

    // ---------------------------------------------------------------- waits, never lost

    function test_pausedDestination_KeepsTheMessageUndelivered_UntilUnpaused() public {
        _on(L2);
        vm.prank(issuer);
        l2.token.pause();
        _send(l1, l2, alice, alice, 10e18);
        Message memory m = outbox[0];
        _on(L2);
        vm.prank(relayer);
        vm.expectRevert(IToken.TokenPaused.selector);
        l2.mailbox.process("", m.data);
        assertFalse(l2.mailbox.delivered(keccak256(m.data)));

        vm.prank(issuer);
        l2.token.unpause();
        _relay(0);
        assertEq(l2.token.balanceOf(alice), 10e18);
    }

    function test_pausedSource_RefusesTheSend() public {
        _on(L1);
        vm.prank(issuer);
        l1.token.pause();
        vm.prank(alice);
        vm.expectRevert(IToken.TokenPaused.selector);
        l1.bridge.crosschainTransfer(InteroperableAddress.formatEvmV1(L2, alice), 1e18);
    }

    // ---------------------------------------------------------------- exactly once, trusted parties only

    function test_replay_IsRefusedByTheMailbox() public {
        _send(l1, l2, alice, alice, 10e18);
        bytes memory data = outbox[0].data;
        _relay(0);
        _on(L2);
        vm.prank(relayer);
        vm.expectRevert("Mailbox: already delivered");
        l2.mailbox.process("", data);
        assertEq(l2.token.balanceOf(alice), 10e18);
    }

    function test_untrustedRelayer_IsRefusedByTheIsm() public {
        _send(l1, l2, alice, alice, 10e18);
        _on(L2);
        vm.prank(bob);
        vm.expectRevert("Mailbox: ISM verification failed");
        l2.mailbox.process("", outbox[0].data);
    }

    function test_untrustedGateway_IsRefused() public {
        // A gateway on L1 that L2's gateway does not know as its peer.
        _on(L1);
        HyperlaneGateway rogue =
            new HyperlaneGateway(IMailbox(address(l1.mailbox)), IInterchainSecurityModule(address(0)), address(this));
        rogue.setPeer(L2, uint32(L2), address(l2.gateway));
        rogue.sendMessage(
            InteroperableAddress.formatEvmV1(L2, address(l2.bridge)),
            abi.encodePacked(uint8(0), alice, alice, _identity(alice), uint256(1e24), uint8(0)),
            new bytes[](0)
        );
        _collect(L1);
        _on(L2);
        vm.prank(relayer);
        vm.expectRevert(
            abi.encodeWithSelector(
                HyperlaneGateway.UnknownPeer.selector, uint32(L1), bytes32(uint256(uint160(address(rogue))))
            )
        );
        l2.mailbox.process("", outbox[0].data);
    }

    function test_untrustedSender_IsRefusedByTheBridge() public {
        // The real gateway, but a sender on L1 that is not the linked bridge.
        _on(L1);
        bytes memory payload = abi.encodePacked(uint8(0), alice, alice, _identity(alice), uint256(1e24), uint8(0));
        l1.gateway.sendMessage(InteroperableAddress.formatEvmV1(L2, address(l2.bridge)), payload, new bytes[](0));
        _collect(L1);
        _on(L2);
        vm.prank(relayer);
        vm.expectRevert(
            abi.encodeWithSelector(
                ERC7786Recipient.ERC7786RecipientUnauthorizedGateway.selector,
                address(l2.gateway),
                InteroperableAddress.formatEvmV1(L1, address(this))
            )
        );
        l2.mailbox.process("", outbox[0].data);
    }

    function test_onlyTheBridge_MintsAndBurns() public {
        _on(L1);
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(ITokenBridgeable.CallerNotBridge.selector, issuer));
        l1.token.crosschainMint(alice, 1);
        vm.expectRevert(abi.encodeWithSelector(ITokenBridgeable.CallerNotBridge.selector, address(this)));
        l1.token.crosschainBurn(alice, 1);
    }

    function test_onlyTheIssuer_Links() public {
        _on(L1);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(AssetBridge.CallerNotIssuer.selector, alice));
        l1.bridge.setLink(address(l1.gateway), InteroperableAddress.formatEvmV1(L2, alice));
        vm.prank(alice);
        vm.expectRevert();
        l1.token.setBridge(alice);
    }

    function test_supportsErc7802() public {
        _on(L1);
        assertTrue(l1.token.supportsInterface(type(IERC7802).interfaceId));
    }

    // ---------------------------------------------------------------- refused before anything is burnt

    function test_refusedBeforeBurning() public {
        _on(L1);
        bytes memory toL2 = InteroperableAddress.formatEvmV1(L2, alice);
        vm.startPrank(alice);
        vm.expectRevert(AssetBridge.ZeroAmount.selector);
        l1.bridge.crosschainTransfer(toL2, 0);
        bytes memory unknown = InteroperableAddress.formatEvmV1(999, alice);
        vm.expectRevert(abi.encodeWithSelector(AssetBridge.UnknownDestination.selector, unknown));
        l1.bridge.crosschainTransfer(unknown, 1);
        bytes memory chainOnly = InteroperableAddress.formatEvmV1(L2);
        vm.expectRevert(abi.encodeWithSelector(AssetBridge.InvalidReceiver.selector, chainOnly));
        l1.bridge.crosschainTransfer(chainOnly, 1);
        vm.expectRevert(abi.encodeWithSelector(AssetBridge.ReceiverNotSameIdentity.selector, bob, _identity(alice)));
        l1.bridge.crosschainTransfer(InteroperableAddress.formatEvmV1(L2, bob), 1);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, alice, 1000e18, 1001e18));
        l1.bridge.crosschainTransfer(toL2, 1001e18);
        vm.stopPrank();

        address dave = makeAddr("dave");
        vm.prank(dave);
        vm.expectRevert(abi.encodeWithSelector(AssetBridge.SenderNotRegistered.selector, dave));
        l1.bridge.crosschainTransfer(InteroperableAddress.formatEvmV1(L2, dave), 1);

        vm.prank(issuer);
        l1.token.setAddressFrozen(alice, true);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IToken.WalletFrozen.selector, alice));
        l1.bridge.crosschainTransfer(toL2, 1);
        assertEq(l1.token.balanceOf(alice), 1000e18);
        assertEq(outbox.length, 0);
    }

    function test_lockedTokens_CannotLeave() public {
        _on(L1);
        address locker = makeAddr("locker");
        vm.prank(issuer);
        l1.token.setLocker(locker, true);
        vm.prank(locker);
        l1.token.lock(alice, 900e18);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ITokenLock.InsufficientUnlockedBalance.selector, alice, 100e18, 200e18));
        l1.bridge.crosschainTransfer(InteroperableAddress.formatEvmV1(L2, alice), 200e18);
        _send(l1, l2, alice, alice, 100e18);
    }

    function test_lockUp_RefusesTheDeparture() public {
        _on(L1);
        LockUpModule lockUp = new LockUpModule();
        vm.startPrank(issuer);
        l1.compliance.addModule(address(lockUp));
        l1.compliance.callModuleFunction(abi.encodeCall(LockUpModule.setLockUpPeriod, (30 days)), address(lockUp));
        l1.token.mint(bob, 10e18); // locked up for 30 days
        vm.stopPrank();
        vm.prank(bob);
        vm.expectRevert(
            abi.encodeWithSelector(
                IToken.TransferNotCompliant.selector, bob, address(0), 10e18, RestrictionCodes.TOKENS_LOCKED
            )
        );
        l1.bridge.crosschainTransfer(InteroperableAddress.formatEvmV1(L2, bob), 10e18);
        vm.warp(block.timestamp + 31 days);
        _send(l1, l2, bob, bob, 10e18);
    }

    // ---------------------------------------------------------------- global rules

    function test_supplyCap_CountsIssuancePerChain_NotArrivals() public {
        SupplyCapModule cap = new SupplyCapModule();
        _on(L1);
        vm.startPrank(issuer);
        l1.compliance.addModule(address(cap));
        l1.compliance.callModuleFunction(abi.encodeCall(SupplyCapModule.setSupplyCap, (1000e18)), address(cap));
        vm.stopPrank();
        _on(L2);
        vm.startPrank(issuer);
        l2.compliance.addModule(address(cap));
        l2.compliance.callModuleFunction(abi.encodeCall(SupplyCapModule.setSupplyCap, (1e18)), address(cap));
        vm.stopPrank();

        _send(l1, l2, alice, alice, 400e18);
        _relayAll(); // 400 arrive on L2 despite its 1-token issuance quota: an arrival is not issuance
        _on(L2);
        assertEq(l2.token.balanceOf(alice), 400e18);

        // L1 issued 1000 (600 here + 400 elsewhere): its cap is reached although its supply is 600.
        _on(L1);
        vm.prank(issuer);
        vm.expectRevert(
            abi.encodeWithSelector(
                IToken.TransferNotCompliant.selector, address(0), bob, 1, RestrictionCodes.SUPPLY_CAP_EXCEEDED
            )
        );
        l1.token.mint(bob, 1);

        // L2 may issue up to its quota of 1 token, no more.
        _mint(l2, bob, 1e18);
        _on(L2);
        vm.prank(issuer);
        vm.expectRevert(
            abi.encodeWithSelector(
                IToken.TransferNotCompliant.selector, address(0), bob, 1, RestrictionCodes.SUPPLY_CAP_EXCEEDED
            )
        );
        l2.token.mint(bob, 1);
    }

    function test_maxHolders_QuotaPerChain() public {
        // L2's holder quota is 1: alice arrives, bob's arrival is refused and comes back.
        _on(L2);
        address holders = l2.compliance.getModules()[1];
        vm.prank(issuer);
        l2.compliance.callModuleFunction(abi.encodeWithSignature("setHolderLimit(uint256)", uint256(1)), holders);
        _mint(l1, bob, 5e18);
        _send(l1, l2, alice, alice, 1e18);
        _send(l1, l2, bob, bob, 5e18);
        _relayAll();
        _on(L2);
        assertEq(l2.token.balanceOf(alice), 1e18);
        assertEq(l2.token.balanceOf(bob), 0);
        _on(L1);
        assertEq(l1.token.balanceOf(bob), 5e18);
    }

    function test_kinds_AreChecked() public pure {
        assertTrue(TransferKind.isChecked(TransferKind.CROSSCHAIN_IN));
        assertTrue(TransferKind.isChecked(TransferKind.CROSSCHAIN_OUT));
        assertFalse(TransferKind.isChecked(TransferKind.BURN));
    }
}
