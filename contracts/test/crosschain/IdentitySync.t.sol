// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {Test, Vm} from "forge-std/Test.sol";
import {console2} from "forge-std/console2.sol";
import {Mailbox} from "@hyperlane-xyz/core/contracts/Mailbox.sol";
import {MerkleTreeHook} from "@hyperlane-xyz/core/contracts/hooks/MerkleTreeHook.sol";
import {TrustedRelayerIsm} from "@hyperlane-xyz/core/contracts/isms/TrustedRelayerIsm.sol";
import {IMailbox} from "@hyperlane-xyz/core/contracts/interfaces/IMailbox.sol";
import {IInterchainSecurityModule} from "@hyperlane-xyz/core/contracts/interfaces/IInterchainSecurityModule.sol";
import {InteroperableAddress} from "@openzeppelin/contracts/utils/draft-InteroperableAddress.sol";
import {ERC7786Recipient} from "@openzeppelin/contracts/crosschain/ERC7786Recipient.sol";
import {HyperlaneGateway} from "../../src/crosschain/HyperlaneGateway.sol";
import {IdentitySync} from "../../src/crosschain/IdentitySync.sol";
import {IOnchainIdentity, OnchainIdArtifacts} from "../utils/OnchainId.sol";
import {IdentityRegistry} from "../../src/registry/IdentityRegistry.sol";
import {IIdentityRegistry} from "../../src/interfaces/IIdentityRegistry.sol";

/// @dev Two chains in one EVM: the home chain (chain id and Hyperlane domain 31337) and an L2 (31338), each with its
/// IdentityRegistry, a real Hyperlane Mailbox (MerkleTreeHook as hooks, TrustedRelayerIsm trusting `relayer`),
/// Tessera's HyperlaneGateway (peered) and an IdentitySync (linked). `block.chainid` is switched around each chain's
/// calls; a message is relayed as Hyperlane's relayer does: the `Dispatch` event's message bytes, given to the
/// destination Mailbox's `process` by the relayer.
contract IdentitySyncTest is Test {
    uint32 internal constant HOME = 31337;
    uint32 internal constant L2 = 31338;
    uint16 internal constant USA = 840;
    uint16 internal constant FRA = 250;
    uint256 internal constant KYC = 1;

    bytes32 internal constant DISPATCH = keccak256("Dispatch(address,uint32,bytes32,bytes)");

    struct Side {
        uint32 id;
        IdentityRegistry registry;
        Mailbox mailbox;
        HyperlaneGateway gateway;
        IdentitySync sync;
    }

    Side internal home;
    Side internal l2;

    address internal admin = makeAddr("admin");
    address internal officer = makeAddr("officer");
    address internal relayer = makeAddr("relayer");
    address internal alice = makeAddr("alice");
    address internal aliceId = makeAddr("aliceIdentity");
    uint64 internal expiry;

    function setUp() public {
        vm.warp(1_750_000_000);
        expiry = uint64(block.timestamp + 365 days);
        home = _chain(HOME);
        l2 = _chain(L2);
        _on(HOME);
        vm.startPrank(admin);
        home.gateway.setPeer(L2, L2, address(l2.gateway));
        home.sync.setLink(address(home.gateway), InteroperableAddress.formatEvmV1(L2, address(l2.sync)));
        vm.stopPrank();
        _on(L2);
        vm.startPrank(admin);
        l2.gateway.setPeer(HOME, HOME, address(home.gateway));
        l2.sync.setLink(address(l2.gateway), InteroperableAddress.formatEvmV1(HOME, address(home.sync)));
        l2.registry.addAgent(address(l2.sync));
        vm.stopPrank();
        _on(HOME);
    }

    function _chain(uint32 id) internal returns (Side memory c) {
        _on(id);
        c.id = id;
        c.registry = new IdentityRegistry(admin);
        vm.prank(admin);
        c.registry.addAgent(officer);
        c.mailbox = new Mailbox(id);
        MerkleTreeHook hook = new MerkleTreeHook(address(c.mailbox));
        TrustedRelayerIsm ism = new TrustedRelayerIsm(address(c.mailbox), relayer);
        c.mailbox.initialize(admin, address(ism), address(hook), address(hook));
        c.gateway = new HyperlaneGateway(IMailbox(address(c.mailbox)), IInterchainSecurityModule(address(ism)), admin);
        c.sync = new IdentitySync(IIdentityRegistry(address(c.registry)), HOME, admin);
    }

    function _on(uint32 id) internal {
        vm.chainId(id);
    }

    /// @dev Calls `sync(wallet)` on the home chain and returns the one message it dispatched.
    function _sync(address wallet) internal returns (bytes memory message) {
        _on(HOME);
        vm.recordLogs();
        home.sync.sync(wallet);
        message = _dispatched(address(home.mailbox));
    }

    function _dispatched(address mailbox) internal returns (bytes memory message) {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].emitter == mailbox && logs[i].topics[0] == DISPATCH) {
                return abi.decode(logs[i].data, (bytes));
            }
        }
        revert("no Dispatch");
    }

    /// @dev Delivers `message` on the L2 as the relayer.
    function _relay(bytes memory message) internal {
        _on(L2);
        vm.prank(relayer);
        l2.mailbox.process("", message);
        _on(HOME);
    }

    function _registerOnHome(address wallet, address identity, uint16 country, uint64 kycExpiresAt) internal {
        _on(HOME);
        vm.prank(officer);
        home.registry.registerInvestor(wallet, identity, country, kycExpiresAt);
    }

    function _verifiedOnL2(address wallet) internal returns (bool) {
        _on(L2);
        bool v = l2.registry.isVerified(wallet);
        _on(HOME);
        return v;
    }

    function test_sync_Success_WhenOnboardedOnHome() public {
        _registerOnHome(alice, aliceId, USA, expiry);
        bytes memory message = _sync(alice);
        assertFalse(_verifiedOnL2(alice), "not before the delivery");

        vm.expectEmit(address(l2.sync));
        emit IdentitySync.RecordApplied(keccak256(message), alice, 1, aliceId, USA, expiry, expiry);
        _relay(message);

        assertTrue(home.registry.isVerified(alice));
        assertTrue(_verifiedOnL2(alice));
        assertEq(l2.registry.identity(alice), aliceId, "same identity");
        assertEq(l2.registry.investorCountry(alice), USA);
        assertEq(l2.registry.kycExpiry(alice), expiry, "same KYC expiry");
        assertEq(home.sync.sequenceOf(alice), 1);
        assertEq(l2.sync.sequenceOf(alice), 1);
    }

    function test_sync_Success_WhenRenewedAndCountryAndIdentityChangedOnHome() public {
        _registerOnHome(alice, aliceId, USA, expiry);
        _relay(_sync(alice));
        uint64 renewed = expiry + 365 days;
        address newId = makeAddr("aliceIdentity2");
        vm.startPrank(officer);
        home.registry.setKycExpiry(alice, renewed);
        home.registry.updateCountry(alice, FRA);
        home.registry.updateIdentity(alice, newId);
        vm.stopPrank();
        _relay(_sync(alice));
        assertEq(l2.registry.kycExpiry(alice), renewed);
        assertEq(l2.registry.investorCountry(alice), FRA);
        assertEq(l2.registry.identity(alice), newId);
        // Once the home expiry passes, both chains stop verifying with no message.
        vm.warp(renewed);
        assertFalse(home.registry.isVerified(alice));
        assertFalse(_verifiedOnL2(alice));
    }

    function test_sync_Success_WhenRevokedByExpiryInThePast() public {
        _registerOnHome(alice, aliceId, USA, expiry);
        _relay(_sync(alice));
        vm.prank(officer);
        home.registry.setKycExpiry(alice, uint64(block.timestamp - 1));
        assertTrue(_verifiedOnL2(alice), "the L2 follows only once delivered");
        _relay(_sync(alice));
        assertFalse(_verifiedOnL2(alice));
        assertEq(l2.registry.kycExpiry(alice), block.timestamp - 1);
    }

    function test_sync_Success_WhenDeletedOnHome() public {
        _registerOnHome(alice, aliceId, USA, expiry);
        _relay(_sync(alice));
        vm.prank(officer);
        home.registry.deleteIdentity(alice);
        bytes memory message = _sync(alice);
        vm.expectEmit(address(l2.sync));
        emit IdentitySync.RecordApplied(keccak256(message), alice, 2, address(0), 0, 0, 0);
        _relay(message);
        _on(L2);
        assertFalse(l2.registry.contains(alice));
    }

    function test_sync_Success_WhenNeverRegisteredIsNoOp() public {
        _relay(_sync(alice));
        _on(L2);
        assertFalse(l2.registry.contains(alice));
        assertEq(l2.sync.sequenceOf(alice), 1);
    }

    function test_process_Success_WhenStaleMessageIgnored() public {
        _registerOnHome(alice, aliceId, USA, expiry);
        bytes memory registered = _sync(alice); // sequence 1
        vm.prank(officer);
        home.registry.deleteIdentity(alice);
        bytes memory deleted = _sync(alice); // sequence 2
        _relay(deleted);
        vm.expectEmit(address(l2.sync));
        emit IdentitySync.StaleRecordIgnored(keccak256(registered), alice, 1, 2);
        _relay(registered);
        _on(L2);
        assertFalse(l2.registry.contains(alice), "the older record did not win");
        assertTrue(l2.mailbox.delivered(keccak256(registered)), "consumed, not retried");
    }

    function test_process_RevertWhen_Replayed() public {
        _registerOnHome(alice, aliceId, USA, expiry);
        bytes memory message = _sync(alice);
        _relay(message);
        _on(L2);
        vm.prank(relayer);
        vm.expectRevert(bytes("Mailbox: already delivered"));
        l2.mailbox.process("", message);
    }

    function test_process_RevertWhen_NotTheTrustedRelayer() public {
        _registerOnHome(alice, aliceId, USA, expiry);
        bytes memory message = _sync(alice);
        _on(L2);
        vm.prank(makeAddr("stranger"));
        vm.expectRevert(bytes("Mailbox: ISM verification failed"));
        l2.mailbox.process("", message);
    }

    function test_process_RevertWhen_SenderNotLinked() public {
        // A second IdentitySync on the home chain, linked to the L2's, is not the L2's counterpart.
        _on(HOME);
        IdentitySync rogue = new IdentitySync(IIdentityRegistry(address(home.registry)), HOME, address(this));
        rogue.setLink(address(home.gateway), InteroperableAddress.formatEvmV1(L2, address(l2.sync)));
        _registerOnHome(alice, aliceId, USA, expiry);
        vm.recordLogs();
        rogue.sync(alice);
        bytes memory message = _dispatched(address(home.mailbox));
        _on(L2);
        vm.prank(relayer);
        vm.expectRevert(
            abi.encodeWithSelector(
                ERC7786Recipient.ERC7786RecipientUnauthorizedGateway.selector,
                address(l2.gateway),
                InteroperableAddress.formatEvmV1(HOME, address(rogue))
            )
        );
        l2.mailbox.process("", message);
        assertFalse(l2.registry.contains(alice));
    }

    function test_receiveMessage_RevertWhen_GatewayNotLinked() public {
        bytes memory sender = InteroperableAddress.formatEvmV1(HOME, address(home.sync));
        bytes memory payload = abi.encode(alice, uint64(1), aliceId, USA, expiry);
        _on(L2);
        address fake = makeAddr("fakeGateway");
        vm.prank(fake);
        vm.expectRevert(
            abi.encodeWithSelector(ERC7786Recipient.ERC7786RecipientUnauthorizedGateway.selector, fake, sender)
        );
        l2.sync.receiveMessage(bytes32(0), sender, payload);
    }

    function test_sync_RevertWhen_NotHomeChain() public {
        _on(L2);
        vm.expectRevert(abi.encodeWithSelector(IdentitySync.NotHomeChain.selector, L2, HOME));
        l2.sync.sync(alice);
    }

    function test_sync_RevertWhen_UnknownChain() public {
        vm.expectRevert(abi.encodeWithSelector(IdentitySync.UnknownChain.selector, 5));
        home.sync.sync(alice, 5);
    }

    function test_setLink_RevertWhen_NotOwnerOrSameChain() public {
        bytes memory counterpart = InteroperableAddress.formatEvmV1(L2, address(l2.sync));
        vm.expectRevert(abi.encodeWithSignature("OwnableUnauthorizedAccount(address)", address(this)));
        home.sync.setLink(address(home.gateway), counterpart);
        bytes memory self = InteroperableAddress.formatEvmV1(HOME, address(l2.sync));
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IdentitySync.InvalidCounterpart.selector, self));
        home.sync.setLink(address(home.gateway), self);
    }

    function test_process_RevertWhen_SyncNotRegistryAgent() public {
        _on(L2);
        vm.prank(admin);
        l2.registry.removeAgent(address(l2.sync));
        _registerOnHome(alice, aliceId, USA, expiry);
        bytes memory message = _sync(alice);
        _on(L2);
        vm.prank(relayer);
        vm.expectRevert(abi.encodeWithSignature("CallerNotAgent(address)", address(l2.sync)));
        l2.mailbox.process("", message);
        // Still undelivered: once the owner makes it an agent again, the relayer's retry applies it.
        vm.prank(admin);
        l2.registry.addAgent(address(l2.sync));
        vm.prank(relayer);
        l2.mailbox.process("", message);
        assertTrue(l2.registry.isVerified(alice));
    }

    function test_sync_Success_WhenL2InClaimsMode() public {
        uint256 signerKey = 0x5157;
        address signer = vm.addr(signerKey);
        address issuer = deployCode(OnchainIdArtifacts.CLAIM_ISSUER, abi.encode(signer));
        vm.prank(signer);
        IOnchainIdentity(issuer).addKey(keccak256(abi.encode(signer)), 3, 1);
        address identity = deployCode(OnchainIdArtifacts.IDENTITY, abi.encode(alice, false));
        // The L2's registry requires a KYC claim for the L2 (chain id in the claim's data), valid 30 days.
        uint256 claimExpiry = block.timestamp + 30 days;
        bytes memory data = abi.encode(uint256(L2), claimExpiry);
        bytes32 digest = keccak256(
            abi.encodePacked("\x19Ethereum Signed Message:\n32", keccak256(abi.encode(identity, KYC, data)))
        );
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(signerKey, digest);
        vm.prank(alice);
        IOnchainIdentity(identity).addClaim(KYC, 1, issuer, abi.encodePacked(r, s, v), data, "");
        _on(L2);
        uint256[] memory topics = new uint256[](1);
        topics[0] = KYC;
        vm.startPrank(admin);
        l2.registry.addClaimTopic(KYC);
        l2.registry.addTrustedIssuer(issuer, topics);
        vm.stopPrank();

        // Registered: identity and country from home, the KYC expiry from the L2's claims (not the home's).
        _registerOnHome(alice, identity, USA, expiry);
        bytes memory message = _sync(alice);
        vm.expectEmit(address(l2.sync));
        emit IdentitySync.RecordApplied(keccak256(message), alice, 1, identity, USA, expiry, uint64(claimExpiry));
        _relay(message);
        assertTrue(_verifiedOnL2(alice));
        assertEq(l2.registry.kycExpiry(alice), claimExpiry);

        // A country change is applied, and the expiry refreshed from the claims.
        vm.prank(officer);
        home.registry.updateCountry(alice, FRA);
        _relay(_sync(alice));
        assertEq(l2.registry.investorCountry(alice), FRA);
        assertEq(l2.registry.kycExpiry(alice), claimExpiry);

        // Revoked on home (expiry in the past): the L2 cannot take that expiry, so it removes the wallet.
        vm.prank(officer);
        home.registry.setKycExpiry(alice, uint64(block.timestamp - 1));
        _relay(_sync(alice));
        _on(L2);
        assertFalse(l2.registry.contains(alice), "removed on the L2");

        // Renewed on home: registered again, verified by the L2's claims.
        _on(HOME);
        vm.prank(officer);
        home.registry.setKycExpiry(alice, expiry);
        _relay(_sync(alice));
        assertTrue(_verifiedOnL2(alice));
    }

    /// @dev Gas of a sync on the home chain (registry read, sequence, gateway, Mailbox dispatch, Merkle tree hook) and
    /// of its delivery on the L2 (Mailbox process, ISM, gateway, IdentitySync applying a new registration).
    function test_gas_SyncAndApply() public {
        _registerOnHome(alice, aliceId, USA, expiry);
        _on(HOME);
        vm.recordLogs();
        uint256 g = gasleft();
        home.sync.sync(alice, L2);
        uint256 sendGas = g - gasleft();
        bytes memory message = _dispatched(address(home.mailbox));
        _on(L2);
        vm.prank(relayer);
        g = gasleft();
        l2.mailbox.process("", message);
        uint256 deliverGas = g - gasleft();
        console2.log("sync (home, one chain), gas:", sendGas);
        console2.log("delivery applying a registration (L2 Mailbox.process), gas:", deliverGas);
        assertTrue(l2.registry.isVerified(alice));
    }
}
