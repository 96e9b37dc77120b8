// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Fixture} from "./utils/Fixture.sol";
import {IToken} from "../src/interfaces/IToken.sol";
import {IERC1643} from "../src/interfaces/IERC1643.sol";
import {IAgentRole} from "../src/interfaces/IAgentRole.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @dev ERC-7943 (canTransact, setFrozenTokens, ForcedTransfer), ERC-1643 documents, ERC-2612 permit.
contract TokenStandardsTest is Fixture {
    bytes32 internal constant PROSPECTUS = "prospectus";
    bytes32 internal constant PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");

    // ----- ERC-7943

    function test_canTransact_Success_WhenVerifiedAndNotFrozen() public {
        assertTrue(token.canTransact(alice));
        assertFalse(token.canTransact(dave)); // unregistered
        vm.prank(issuer);
        token.setAddressFrozen(alice, true);
        assertFalse(token.canTransact(alice));
        vm.warp(kycExpiry);
        assertFalse(token.canTransact(bob)); // KYC lapsed
    }

    function test_setFrozenTokens_Success_WhenWithinBalance() public {
        _mint(alice, 100);
        vm.expectEmit(address(token));
        emit IToken.TokensFrozen(alice, 60);
        vm.expectEmit(address(token));
        emit IToken.Frozen(alice, 60);
        vm.prank(issuer);
        assertTrue(token.setFrozenTokens(alice, 60));
        assertEq(token.getFrozenTokens(alice), 60);
        vm.expectEmit(address(token));
        emit IToken.TokensUnfrozen(alice, 50);
        vm.prank(issuer);
        token.setFrozenTokens(alice, 10);
        assertEq(token.getFrozenTokens(alice), 10);
    }

    function test_setFrozenTokens_RevertWhen_AboveBalance() public {
        _mint(alice, 100);
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(IToken.FreezeExceedsBalance.selector, alice, 100, 101));
        token.setFrozenTokens(alice, 101);
    }

    function test_setFrozenTokens_RevertWhen_CallerNotAgent() public {
        vm.expectRevert(abi.encodeWithSelector(IAgentRole.CallerNotAgent.selector, address(this)));
        token.setFrozenTokens(alice, 0);
    }

    function test_forcedTransfer_Success_WhenEmitsErc7943Event() public {
        _mint(alice, 100);
        vm.expectEmit(address(token));
        emit IToken.ForcedTransfer(alice, bob, 40);
        vm.prank(issuer);
        token.forcedTransfer(alice, bob, 40);
    }

    // ----- ERC-1643

    function test_setDocument_Success_WhenOwner() public {
        vm.expectEmit(address(token));
        emit IERC1643.DocumentUpdated(PROSPECTUS, "ipfs://a", bytes32(uint256(1)));
        vm.prank(issuer);
        token.setDocument(PROSPECTUS, "ipfs://a", bytes32(uint256(1)));
        (string memory uri, bytes32 h, uint256 modified) = token.getDocument(PROSPECTUS);
        assertEq(uri, "ipfs://a");
        assertEq(h, bytes32(uint256(1)));
        assertEq(modified, block.timestamp);
        vm.prank(issuer);
        token.setDocument(PROSPECTUS, "ipfs://b", bytes32(uint256(2))); // replace, not duplicate
        assertEq(token.getAllDocuments().length, 1);
    }

    function test_setDocument_RevertWhen_NotOwnerOrInvalid() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        token.setDocument(PROSPECTUS, "ipfs://a", 0);
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(IERC1643.InvalidDocument.selector, PROSPECTUS));
        token.setDocument(PROSPECTUS, "", 0);
    }

    function test_removeDocument_Success_WhenPresent() public {
        vm.startPrank(issuer);
        token.setDocument("a", "uri-a", 0);
        token.setDocument("b", "uri-b", 0);
        token.setDocument("c", "uri-c", 0);
        vm.expectEmit(address(token));
        emit IERC1643.DocumentRemoved("a", "uri-a", 0);
        token.removeDocument("a");
        vm.stopPrank();
        bytes32[] memory names = token.getAllDocuments();
        assertEq(names.length, 2);
        assertEq(names[0], "c");
        assertEq(names[1], "b");
        (,, uint256 modified) = token.getDocument("a");
        assertEq(modified, 0);
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(IERC1643.DocumentNotFound.selector, bytes32("a")));
        token.removeDocument("a");
    }

    // ----- ERC-2612

    function _sign(uint256 key, address spender, uint256 value, uint256 nonce, uint256 deadline)
        internal
        view
        returns (uint8 v, bytes32 r, bytes32 s)
    {
        return _signFor(key, vm.addr(key), spender, value, nonce, deadline);
    }

    function _signFor(uint256 key, address owner, address spender, uint256 value, uint256 nonce, uint256 deadline)
        internal
        view
        returns (uint8 v, bytes32 r, bytes32 s)
    {
        bytes32 structHash = keccak256(abi.encode(PERMIT_TYPEHASH, owner, spender, value, nonce, deadline));
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", token.DOMAIN_SEPARATOR(), structHash));
        (v, r, s) = vm.sign(key, digest);
    }

    function test_permit_Success_WhenSignedByOwner() public {
        uint256 key = 0xA11CE;
        address owner = vm.addr(key);
        (uint8 v, bytes32 r, bytes32 s) = _sign(key, bob, 500, 0, block.timestamp + 1 hours);
        vm.expectEmit(address(token));
        emit IERC20.Approval(owner, bob, 500);
        token.permit(owner, bob, 500, block.timestamp + 1 hours, v, r, s);
        assertEq(token.allowance(owner, bob), 500);
        assertEq(token.nonces(owner), 1);
        // A replay fails: the nonce moved on.
        vm.expectRevert();
        token.permit(owner, bob, 500, block.timestamp + 1 hours, v, r, s);
    }

    function test_permit_RevertWhen_Expired() public {
        uint256 key = 0xA11CE;
        (uint8 v, bytes32 r, bytes32 s) = _sign(key, bob, 500, 0, block.timestamp - 1);
        vm.expectRevert(abi.encodeWithSelector(IToken.ERC2612ExpiredSignature.selector, block.timestamp - 1));
        token.permit(vm.addr(key), bob, 500, block.timestamp - 1, v, r, s);
    }

    function test_permit_RevertWhen_WrongSigner() public {
        (uint8 v, bytes32 r, bytes32 s) = _signFor(0xB0B, alice, bob, 500, 0, block.timestamp);
        vm.expectRevert(abi.encodeWithSelector(IToken.ERC2612InvalidSigner.selector, vm.addr(0xB0B), alice));
        token.permit(alice, bob, 500, block.timestamp, v, r, s);
    }

    function test_transferFrom_Success_WhenPermitted() public {
        uint256 key = 0xA11CE;
        address owner = vm.addr(key);
        _register(owner, USA);
        _mint(owner, 1000);
        (uint8 v, bytes32 r, bytes32 s) = _sign(key, bob, 300, 0, block.timestamp);
        token.permit(owner, bob, 300, block.timestamp, v, r, s);
        vm.prank(bob);
        token.transferFrom(owner, carol, 300);
        assertEq(token.balanceOf(carol), 300);
        assertEq(token.allowance(owner, bob), 0);
    }
}
