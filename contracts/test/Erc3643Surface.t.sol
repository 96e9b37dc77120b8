// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Fixture} from "./utils/Fixture.sol";
import {IToken} from "./../src/interfaces/IToken.sol";
import {IAgentRole} from "./../src/interfaces/IAgentRole.sol";
import {IManaged} from "./../src/interfaces/IManaged.sol";
import {IModularCompliance} from "./../src/interfaces/IModularCompliance.sol";
import {Roles} from "./../src/libraries/Roles.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IAccessManager} from "@openzeppelin/contracts/access/manager/IAccessManager.sol";

/// @dev The ERC-3643 (T-REX 4.1.6 ABI) functions the review found missing: token batches and renames, the
/// registry's storage/topics/issuers getters, the compliance's unbindToken.
contract Erc3643SurfaceTest is Fixture {
    address internal op = makeAddr("op");

    function _grant(uint64 role) internal {
        IAccessManager m = IAccessManager(IManaged(address(token)).authority());
        vm.prank(issuer);
        m.grantRole(role, op, 0);
    }

    function _pair(address a, address b) internal pure returns (address[] memory w) {
        w = new address[](2);
        (w[0], w[1]) = (a, b);
    }

    function _amounts(uint256 a, uint256 b) internal pure returns (uint256[] memory v) {
        v = new uint256[](2);
        (v[0], v[1]) = (a, b);
    }

    function test_batchSetAddressFrozen_Success_WhenFreezer() public {
        bool[] memory flags = new bool[](2);
        flags[0] = true;
        _grant(Roles.FREEZER);
        vm.expectEmit(address(token));
        emit IToken.AddressFrozen(alice, true, op);
        vm.prank(op);
        token.batchSetAddressFrozen(_pair(alice, bob), flags);
        assertTrue(token.isFrozen(alice));
        assertFalse(token.isFrozen(bob));
        vm.prank(op);
        vm.expectRevert(abi.encodeWithSelector(IToken.BatchLengthMismatch.selector, 1, 2));
        token.batchSetAddressFrozen(new address[](1), flags);
    }

    function test_batchFreezeAndUnfreezePartialTokens_Success_WhenAgent() public {
        _mint(alice, 100);
        _mint(bob, 100);
        vm.startPrank(issuer);
        token.batchFreezePartialTokens(_pair(alice, bob), _amounts(30, 40));
        assertEq(token.getFrozenTokens(alice), 30);
        assertEq(token.getFrozenTokens(bob), 40);
        token.batchUnfreezePartialTokens(_pair(alice, bob), _amounts(10, 40));
        assertEq(token.getFrozenTokens(alice), 20);
        assertEq(token.getFrozenTokens(bob), 0);
        vm.expectRevert(abi.encodeWithSelector(IToken.BatchLengthMismatch.selector, 2, 1));
        token.batchFreezePartialTokens(_pair(alice, bob), new uint256[](1));
        vm.expectRevert(abi.encodeWithSelector(IToken.BatchLengthMismatch.selector, 2, 1));
        token.batchUnfreezePartialTokens(_pair(alice, bob), new uint256[](1));
        vm.stopPrank();
        vm.expectRevert(abi.encodeWithSelector(IAgentRole.CallerNotAgent.selector, address(this)));
        token.batchFreezePartialTokens(_pair(alice, bob), _amounts(1, 1));
    }

    function test_batchForcedTransfer_Success_WhenTransferManager() public {
        _mint(alice, 100);
        _mint(bob, 100);
        _grant(Roles.TRANSFER_MANAGER);
        vm.expectEmit(address(token));
        emit IToken.ForcedTransfer(alice, carol, 10);
        vm.prank(op);
        token.batchForcedTransfer(_pair(alice, bob), _pair(carol, carol), _amounts(10, 20));
        assertEq(token.balanceOf(carol), 30);
        vm.prank(op);
        vm.expectRevert(abi.encodeWithSelector(IToken.BatchLengthMismatch.selector, 2, 1));
        token.batchForcedTransfer(_pair(alice, bob), new address[](1), _amounts(1, 1));
        vm.prank(op);
        vm.expectRevert(abi.encodeWithSelector(IToken.BatchLengthMismatch.selector, 2, 1));
        token.batchForcedTransfer(_pair(alice, bob), _pair(carol, carol), new uint256[](1));
    }

    function test_setNameAndSymbol_Success_WhenOwnerOrIssuerRole() public {
        vm.expectEmit(address(token));
        emit IToken.UpdatedTokenInformation("Renamed Fund", "TDF", 18, token.version(), address(0));
        vm.prank(issuer);
        token.setName("Renamed Fund");
        assertEq(token.name(), "Renamed Fund");
        _grant(Roles.ISSUER);
        vm.prank(op);
        token.setSymbol("RNF");
        assertEq(token.symbol(), "RNF");
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        token.setName("x");
        vm.prank(issuer);
        vm.expectRevert(IToken.EmptyTokenInformation.selector);
        token.setSymbol("");
    }

    function test_registryGetters_Success_WhenRegistryServesStorageTopicsAndIssuers() public view {
        assertEq(registry.identityStorage(), address(registry));
        assertEq(registry.topicsRegistry(), address(registry));
        assertEq(registry.issuersRegistry(), address(registry));
        assertFalse(registry.isTrustedIssuer(address(0x1551)));
    }

    function test_unbindToken_Success_WhenOwnerUnbindsBoundToken() public {
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(IModularCompliance.TokenNotBound.selector, alice));
        compliance.unbindToken(alice);
        vm.expectEmit(address(compliance));
        emit IModularCompliance.TokenUnbound(address(token));
        vm.prank(issuer);
        compliance.unbindToken(address(token));
        assertEq(compliance.getTokenBound(), address(0));
    }
}
