// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Fixture} from "./utils/Fixture.sol";
import {IToken} from "../src/interfaces/IToken.sol";
import {IERC1643} from "../src/interfaces/IERC1643.sol";
import {IAgentRole} from "../src/interfaces/IAgentRole.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IERC7943Fungible} from "../src/interfaces/IERC7943.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";

/// @dev ERC-7943 (canTransact, canSend, canReceive, setFrozenTokens, ForcedTransfer), ERC-1643 documents, ERC-2612
/// permit, ERC-165 introspection.
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

    function test_canSend_canReceive_Success_WhenAccountRules() public {
        IERC7943Fungible t = IERC7943Fungible(address(token));
        assertTrue(t.canSend(alice) && t.canReceive(alice));
        assertTrue(t.canSend(dave)); // ERC-3643 verifies recipients only
        assertFalse(t.canReceive(dave)); // unregistered
        vm.prank(issuer);
        token.setAddressFrozen(alice, true);
        assertFalse(t.canSend(alice) || t.canReceive(alice));
        vm.warp(kycExpiry);
        assertTrue(t.canSend(bob)); // a lapsed KYC stops receiving, not sending
        assertFalse(t.canReceive(bob));
    }

    // ----- ERC-165

    function test_supportsInterface_Success_WhenImplemented() public view {
        // ids written out from the standards (XOR of the selectors), not from type(I).interfaceId
        bytes4[10] memory ids = [
            bytes4(0x01ffc9a7), // ERC-165
            0x36372b07, // ERC-20
            0xa219a025, // ERC-20 metadata (name, symbol, decimals)
            0x9d8ff7da, // ERC-2612 (permit, nonces, DOMAIN_SEPARATOR)
            0x84b0196e, // ERC-5267 (eip712Domain)
            0x7f5828d0, // ERC-173 (owner, transferOwnership)
            _xor4(
                IERC1643.getDocument.selector,
                IERC1643.setDocument.selector,
                IERC1643.removeDocument.selector,
                IERC1643.getAllDocuments.selector
            ),
            _erc7943Id(),
            type(IToken).interfaceId,
            type(IAgentRole).interfaceId
        ];
        for (uint256 i; i < ids.length; ++i) {
            assertTrue(IERC165(address(token)).supportsInterface(ids[i]), vm.toString(abi.encodePacked(ids[i])));
        }
        assertEq(type(IERC7943Fungible).interfaceId, _erc7943Id());
    }

    function test_supportsInterface_Success_WhenNotImplemented() public view {
        assertFalse(token.supportsInterface(0xffffffff)); // ERC-165: must be false
        assertFalse(token.supportsInterface(0x80ac58cd)); // ERC-721
        assertFalse(token.supportsInterface(0xd9b67a26)); // ERC-1155
        assertFalse(token.supportsInterface(0x00000000));
    }

    function _xor4(bytes4 a, bytes4 b, bytes4 c, bytes4 d) private pure returns (bytes4) {
        return a ^ b ^ c ^ d;
    }

    /// @dev ERC-7943 (final): forcedTransfer, setFrozenTokens, canSend, canReceive, getFrozenTokens, canTransfer.
    function _erc7943Id() private pure returns (bytes4) {
        return bytes4(keccak256("forcedTransfer(address,address,uint256)"))
            ^ bytes4(keccak256("setFrozenTokens(address,uint256)")) ^ bytes4(keccak256("canSend(address)"))
            ^ bytes4(keccak256("canReceive(address)")) ^ bytes4(keccak256("getFrozenTokens(address)"))
            ^ bytes4(keccak256("canTransfer(address,address,uint256)"));
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

    /// @dev ERC-7943: setFrozenTokens MUST allow freezing more than is held (withholding future balance).
    function test_setFrozenTokens_Success_WhenAboveBalance() public {
        _mint(alice, 100);
        vm.expectEmit(address(token));
        emit IToken.Frozen(alice, 250);
        vm.prank(issuer);
        assertTrue(token.setFrozenTokens(alice, 250));
        assertEq(token.getFrozenTokens(alice), 250);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IToken.InsufficientUnfrozenBalance.selector, alice, 0, 1));
        token.transfer(bob, 1);
        assertFalse(token.canTransfer(alice, bob, 1));
        _mint(alice, 200); // 300 held, 250 frozen
        assertTrue(token.canTransfer(alice, bob, 50));
        assertFalse(token.canTransfer(alice, bob, 51));
        vm.prank(alice);
        token.transfer(bob, 50);
        // ERC-3643's freezePartialTokens keeps its rule: no more than the unfrozen balance.
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(IToken.FreezeExceedsBalance.selector, alice, 0, 1));
        token.freezePartialTokens(alice, 1);
    }

    function test_setFrozenTokens_RevertWhen_AboveMaxSupply() public {
        uint256 tooMuch = token.MAX_SUPPLY() + 1;
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(IToken.FreezeExceedsMaxSupply.selector, alice, tooMuch));
        token.setFrozenTokens(alice, tooMuch);
    }

    /// @dev ERC-7943: canTransfer MUST NOT return false for a plain balance shortfall (the ERC-20 revert covers it),
    /// but MUST for an amount within the balance and above the unfrozen part.
    function test_canTransfer_Success_WhenOnlyBalanceShort() public {
        _mint(alice, 100);
        assertTrue(token.canTransfer(alice, bob, 101));
        vm.prank(issuer);
        token.setFrozenTokens(alice, 40);
        assertFalse(token.canTransfer(alice, bob, 61));
        assertTrue(token.canTransfer(alice, bob, 60));
        // ERC-1404's code still names the shortfall for the pre-check's words.
        assertEq(token.detectTransferRestriction(alice, bob, 101), 4);
    }

    /// @dev ERC-7943: an agent move into frozen tokens unfreezes them first and emits Frozen before Transfer.
    function test_forcedTransfer_Success_WhenFrozenReleasedEmitsFrozen() public {
        _mint(alice, 100);
        vm.prank(issuer);
        token.setFrozenTokens(alice, 80);
        vm.expectEmit(address(token));
        emit IToken.TokensUnfrozen(alice, 30);
        vm.expectEmit(address(token));
        emit IToken.Frozen(alice, 50);
        vm.expectEmit(address(token));
        emit IERC20.Transfer(alice, bob, 50);
        vm.prank(issuer);
        token.forcedTransfer(alice, bob, 50);
        assertEq(token.getFrozenTokens(alice), 50);
        vm.expectEmit(address(token));
        emit IToken.Frozen(alice, 10);
        vm.prank(issuer);
        token.burn(alice, 40);
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
