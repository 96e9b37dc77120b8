// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Fixture} from "./utils/Fixture.sol";
import {MockIdentity} from "./utils/MockIdentity.sol";
import {IToken} from "../src/interfaces/IToken.sol";
import {IAgentRole} from "../src/interfaces/IAgentRole.sol";
import {IIdentityRegistry} from "../src/interfaces/IIdentityRegistry.sol";
import {Roles} from "../src/libraries/Roles.sol";
import {
    AccessManagerUpgradeable
} from "@openzeppelin/contracts-upgradeable/access/manager/AccessManagerUpgradeable.sol";
import {IManaged} from "../src/interfaces/IManaged.sol";

/// @dev ERC-3643 wallet recovery in one agent call: the lost wallet must be the investor's, the new wallet is linked
/// to the investor's ONCHAINID (management key or already registered), the registry moves to the new wallet.
contract RecoveryTest is Fixture {
    uint256 internal constant AMOUNT = 10_000e18;
    address internal aliceNew = makeAddr("aliceNew");

    /// @dev Gives `identity` code (an ERC-734 key check) and makes `wallet` one of its management keys.
    function _addManagementKey(address identity, address wallet) internal {
        if (identity.code.length == 0) vm.etch(identity, type(MockIdentity).runtimeCode);
        MockIdentity(identity).addKey(keccak256(abi.encode(wallet)), 1);
    }

    function test_recoveryAddress_RevertWhen_LostWalletBelongsToAnotherInvestor() public {
        _mint(alice, AMOUNT);
        // bob's identity "recovers" alice's wallet to bob: the reviewer's reproduction.
        vm.prank(issuer);
        vm.expectRevert(
            abi.encodeWithSelector(IToken.RecoveryIdentityMismatch.selector, alice, identityOf(bob), identityOf(alice))
        );
        token.recoveryAddress(alice, bob, identityOf(bob));
        assertEq(token.balanceOf(alice), AMOUNT);
        assertEq(token.balanceOf(bob), 0);
    }

    function test_recoveryAddress_Success_WhenNewWalletIsManagementKey() public {
        _addManagementKey(identityOf(alice), aliceNew);
        _mint(alice, AMOUNT);
        vm.startPrank(issuer);
        token.freezePartialTokens(alice, 250e18);
        token.setAddressFrozen(alice, true);

        vm.expectEmit(address(registry));
        emit IIdentityRegistry.IdentityRegistered(aliceNew, identityOf(alice));
        vm.expectEmit(address(registry));
        emit IIdentityRegistry.IdentityRemoved(alice, identityOf(alice));
        vm.expectEmit(address(token));
        emit IToken.RecoverySuccess(alice, aliceNew, identityOf(alice));
        assertTrue(token.recoveryAddress(alice, aliceNew, identityOf(alice)));
        vm.stopPrank();

        assertEq(token.balanceOf(alice), 0);
        assertEq(token.balanceOf(aliceNew), AMOUNT);
        assertEq(token.getFrozenTokens(alice), 0);
        assertEq(token.getFrozenTokens(aliceNew), 250e18);
        assertTrue(token.isFrozen(aliceNew));
        // The registry moved: the new wallet has the investor's identity, country and KYC; the lost one is gone.
        assertEq(registry.identity(aliceNew), identityOf(alice));
        assertEq(registry.investorCountry(aliceNew), USA);
        assertEq(registry.kycExpiry(aliceNew), kycExpiry);
        assertTrue(registry.isVerified(aliceNew));
        assertFalse(registry.contains(alice));
        assertFalse(registry.isVerified(alice));
        // Still one holder, in the same country.
        assertEq(holdersModule.getHolderCount(address(compliance)), 1);
        (, uint256 usa) = holdersModule.getCountryHolders(address(compliance), USA);
        assertEq(usa, 1);
        assertEq(holdersModule.getHoldingWallets(address(compliance), identityOf(alice)), 1);
    }

    function test_recoveryAddress_Success_WhenNewWalletAlreadyRegisteredWithIdentity() public {
        vm.prank(officer);
        registry.registerInvestor(aliceNew, identityOf(alice), USA, kycExpiry);
        _mint(alice, AMOUNT);
        vm.prank(issuer);
        token.recoveryAddress(alice, aliceNew, identityOf(alice));
        assertEq(token.balanceOf(aliceNew), AMOUNT);
        assertFalse(registry.contains(alice));
        assertEq(holdersModule.getHolderCount(address(compliance)), 1);
    }

    function test_recoveryAddress_RevertWhen_NewWalletNotLinked() public {
        _addManagementKey(identityOf(alice), makeAddr("someoneElse"));
        _mint(alice, AMOUNT);
        vm.prank(issuer);
        vm.expectRevert(
            abi.encodeWithSelector(IIdentityRegistry.RecoveryWalletNotLinked.selector, aliceNew, identityOf(alice))
        );
        token.recoveryAddress(alice, aliceNew, identityOf(alice));
    }

    function test_recoveryAddress_RevertWhen_IdentityHasNoCode() public {
        _mint(alice, AMOUNT);
        vm.prank(issuer);
        vm.expectRevert(
            abi.encodeWithSelector(IIdentityRegistry.RecoveryWalletNotLinked.selector, aliceNew, identityOf(alice))
        );
        token.recoveryAddress(alice, aliceNew, identityOf(alice));
    }

    function test_recoveryAddress_RevertWhen_NewWalletIsLostWallet() public {
        _mint(alice, AMOUNT);
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(IToken.InvalidAddress.selector, alice));
        token.recoveryAddress(alice, alice, identityOf(alice));
    }

    function test_recoveryAddress_RevertWhen_RecoveryAgentTargetsAnotherInvestor() public {
        address op = makeAddr("op");
        AccessManagerUpgradeable manager = AccessManagerUpgradeable(IManaged(address(token)).authority());
        vm.prank(issuer);
        manager.grantRole(Roles.RECOVERY_AGENT, op, 0);
        _mint(bob, AMOUNT);
        vm.prank(op);
        vm.expectRevert(
            abi.encodeWithSelector(IToken.RecoveryIdentityMismatch.selector, bob, identityOf(carol), identityOf(bob))
        );
        token.recoveryAddress(bob, carol, identityOf(carol));
        assertEq(token.balanceOf(carol), 0);
    }

    function test_recoverWallet_RevertWhen_CallerNeitherAgentNorFactoryToken() public {
        _addManagementKey(identityOf(alice), aliceNew);
        address stranger = makeAddr("stranger");
        vm.prank(stranger);
        vm.expectRevert(abi.encodeWithSelector(IAgentRole.CallerNotAgent.selector, stranger));
        registry.recoverWallet(alice, aliceNew, identityOf(alice));
    }

    function test_recoverWallet_Success_WhenOfficerMovesRegistration() public {
        _addManagementKey(identityOf(alice), aliceNew);
        vm.prank(officer);
        registry.recoverWallet(alice, aliceNew, identityOf(alice));
        assertEq(registry.identity(aliceNew), identityOf(alice));
        assertFalse(registry.contains(alice));
    }

    function test_setTokenFactory_RevertWhen_NotOwner() public {
        vm.prank(officer);
        vm.expectRevert();
        registry.setTokenFactory(address(0xbeef));
    }
}
