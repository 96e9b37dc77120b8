// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Fixture} from "./utils/Fixture.sol";
import {IOnchainIdentity, OnchainIdArtifacts} from "./utils/OnchainId.sol";
import {IIdentityRegistry} from "./../src/interfaces/IIdentityRegistry.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

contract IdentityClaimsTest is Fixture {
    uint256 internal constant KYC = 1;
    uint256 internal constant ACCREDITED = 7;
    string internal constant IDENTITY = OnchainIdArtifacts.IDENTITY;
    string internal constant ISSUER = OnchainIdArtifacts.CLAIM_ISSUER;

    uint256 internal signerKey = 0x5157;
    address internal signer;
    address internal issuerContract;
    address internal frank = makeAddr("frank");
    address internal frankId;

    function setUp() public override {
        super.setUp();
        signer = vm.addr(signerKey);
        issuerContract = deployCode(ISSUER, abi.encode(signer));
        vm.prank(signer);
        IOnchainIdentity(issuerContract).addKey(keccak256(abi.encode(signer)), 3, 1); // claim signing key
        frankId = deployCode(IDENTITY, abi.encode(frank, false));
        vm.prank(officer);
        registry.registerIdentity(frank, frankId, USA);
        uint256[] memory topics = new uint256[](2);
        topics[0] = KYC;
        topics[1] = ACCREDITED;
        vm.startPrank(admin);
        registry.addClaimTopic(KYC);
        registry.addTrustedIssuer(issuerContract, topics);
        vm.stopPrank();
    }

    function _claim(uint256 topic, uint256 chainId, uint256 expiresAt) internal returns (bytes memory sig) {
        bytes memory data = abi.encode(chainId, expiresAt);
        bytes32 digest = keccak256(
            abi.encodePacked("\x19Ethereum Signed Message:\n32", keccak256(abi.encode(frankId, topic, data)))
        );
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(signerKey, digest);
        sig = abi.encodePacked(r, s, v);
        vm.prank(frank);
        IOnchainIdentity(frankId).addClaim(topic, 1, issuerContract, sig, data, "");
    }

    function test_refreshVerification_Success_WhenValidClaim() public {
        uint256 exp = block.timestamp + 90 days;
        _claim(KYC, block.chainid, exp);
        vm.expectEmit(address(registry));
        emit IIdentityRegistry.KycUpdated(frank, uint64(exp));
        assertEq(registry.refreshVerification(frank), exp);
        assertTrue(registry.isVerified(frank));
        _mint(frank, 10); // the token reads only the cached slot
        assertEq(token.balanceOf(frank), 10);
    }

    function test_refreshVerification_Success_WhenClaimLapses() public {
        _claim(KYC, block.chainid, block.timestamp + 1 days);
        registry.refreshVerification(frank);
        vm.warp(block.timestamp + 1 days);
        assertFalse(registry.isVerified(frank)); // nobody revoked anything
    }

    function test_refreshVerification_Success_WhenOtherChainClaimIgnored() public {
        _claim(KYC, block.chainid + 1, block.timestamp + 90 days);
        assertEq(registry.refreshVerification(frank), 0);
        assertFalse(registry.isVerified(frank));
    }

    function test_refreshVerification_Success_WhenRevokedClaimDropped() public {
        bytes memory sig = _claim(KYC, block.chainid, block.timestamp + 90 days);
        registry.refreshVerification(frank);
        vm.prank(signer);
        IOnchainIdentity(issuerContract).revokeClaimBySignature(sig);
        assertEq(registry.refreshVerification(frank), 0);
        assertFalse(registry.isVerified(frank));
    }

    function test_refreshVerification_Success_WhenEarliestTopicWins() public {
        vm.prank(admin);
        registry.addClaimTopic(ACCREDITED);
        _claim(KYC, block.chainid, block.timestamp + 90 days);
        assertEq(registry.refreshVerification(frank), 0); // accreditation missing
        _claim(ACCREDITED, block.chainid, block.timestamp + 30 days);
        assertEq(registry.refreshVerification(frank), block.timestamp + 30 days);
    }

    function test_refreshVerification_Success_WhenIssuerUntrusted() public {
        _claim(KYC, block.chainid, block.timestamp + 90 days);
        vm.prank(admin);
        registry.removeTrustedIssuer(issuerContract);
        assertEq(registry.refreshVerification(frank), 0);
    }

    function test_refreshVerification_RevertWhen_NoTopics() public {
        vm.prank(admin);
        registry.removeClaimTopic(KYC);
        vm.expectRevert(IIdentityRegistry.NoClaimTopics.selector);
        registry.refreshVerification(frank);
    }

    function test_refreshVerification_Success_WhenIdentityIsNotOnchainId() public {
        // alice's identity is a plain address in the fixture: no claims, no revert.
        assertEq(registry.refreshVerification(alice), 0);
    }

    function test_addClaimTopic_RevertWhen_NotOwnerOrDuplicate() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        registry.addClaimTopic(99);
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IIdentityRegistry.ClaimTopicExists.selector, KYC));
        registry.addClaimTopic(KYC);
    }

    function test_addTrustedIssuer_Success_WhenListed() public {
        uint256[] memory t = new uint256[](1);
        t[0] = KYC;
        vm.expectEmit(address(registry));
        emit IIdentityRegistry.TrustedIssuerAdded(address(0x1551), t);
        vm.prank(admin);
        registry.addTrustedIssuer(address(0x1551), t);
        assertEq(registry.getTrustedIssuers().length, 2);
        assertEq(registry.getTrustedIssuerClaimTopics(address(0x1551))[0], KYC);
        vm.prank(admin);
        vm.expectRevert(abi.encodeWithSelector(IIdentityRegistry.TrustedIssuerExists.selector, address(0x1551)));
        registry.addTrustedIssuer(address(0x1551), t);
    }

    function test_transfer_Success_WhenVerificationCostIndependentOfClaims() public {
        _claim(KYC, block.chainid, block.timestamp + 90 days);
        registry.refreshVerification(frank);
        _mint(alice, 100);
        vm.prank(alice);
        uint256 before = gasleft();
        token.transfer(frank, 1);
        uint256 oneClaim = before - gasleft();
        _claim(ACCREDITED, block.chainid, block.timestamp + 90 days); // more claims on the identity
        vm.prank(alice);
        before = gasleft();
        token.transfer(frank, 1);
        assertLe(before - gasleft(), oneClaim); // warm now, and never more than with one claim
    }

    // ----------------------------------------------------------------- one source of truth per registry

    function test_setKycExpiry_RevertWhen_RegistryVerifiesClaims() public {
        // Claims mode (a required topic): an officer's attestation would be undone by anyone's refresh, and would
        // re-verify a wallet whose claim was revoked. The registry refuses it.
        bytes memory sig = _claim(KYC, block.chainid, block.timestamp + 90 days);
        registry.refreshVerification(frank);
        vm.prank(signer);
        IOnchainIdentity(issuerContract).revokeClaimBySignature(sig);
        registry.refreshVerification(frank);
        vm.prank(officer);
        vm.expectRevert(IIdentityRegistry.KycFromClaimsOnly.selector);
        registry.setKycExpiry(frank, uint64(block.timestamp + 365 days));
        assertFalse(registry.isVerified(frank));
    }

    function test_registerInvestor_Success_WhenClaimsModeDerivesExpiry() public {
        uint256 exp = block.timestamp + 90 days;
        _claim(KYC, block.chainid, exp);
        address frank2 = makeAddr("frank2");
        vm.prank(officer);
        registry.registerInvestor(frank2, frankId, USA, type(uint64).max); // the argument is not the truth here
        assertEq(registry.kycExpiry(frank2), exp);
        // A wallet whose identity has no claim is registered unverified, whatever the officer wrote.
        address gina = makeAddr("gina");
        vm.prank(officer);
        registry.registerInvestor(gina, makeAddr("ginaId"), USA, type(uint64).max);
        assertFalse(registry.isVerified(gina));
        assertEq(registry.kycExpiry(gina), 0);
    }

    function test_refreshVerification_RevertWhen_AttestationModeSoOfficerExpiryStands() public {
        vm.prank(admin);
        registry.removeClaimTopic(KYC);
        vm.prank(officer);
        registry.setKycExpiry(alice, uint64(block.timestamp + 30 days));
        vm.prank(makeAddr("anyone"));
        vm.expectRevert(IIdentityRegistry.NoClaimTopics.selector);
        registry.refreshVerification(alice);
        assertEq(registry.kycExpiry(alice), block.timestamp + 30 days);
        assertTrue(registry.isVerified(alice));
    }

    /// @dev Recovery against the real ONCHAINID Identity: the investor made the new wallet a management key, so one
    /// agent call registers it (with the lost wallet's country and claim-derived KYC) and removes the lost wallet.
    function test_recoveryAddress_Success_WhenNewWalletIsOnchainIdManagementKey() public {
        _claim(KYC, block.chainid, block.timestamp + 90 days);
        registry.refreshVerification(frank);
        _mint(frank, 500);
        address frank2 = makeAddr("frank2");
        vm.prank(frank);
        IOnchainIdentity(frankId).addKey(keccak256(abi.encode(frank2)), 1, 1);
        vm.prank(issuer);
        token.recoveryAddress(frank, frank2, frankId);
        assertEq(token.balanceOf(frank2), 500);
        assertEq(registry.identity(frank2), frankId);
        assertEq(registry.kycExpiry(frank2), block.timestamp + 90 days);
        assertFalse(registry.contains(frank));
    }
}
