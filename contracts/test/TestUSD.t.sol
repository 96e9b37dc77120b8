// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "forge-std/Test.sol";
import {TestUSD} from "../src/payment/TestUSD.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";

/// @dev The dev payment token: metadata, the owner-only faucet, ERC-2612 permit.
contract TestUSDTest is Test {
    bytes32 internal constant PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");
    uint256 internal constant ONE = 1e6; // 1 TUSD in base units

    TestUSD internal usd;
    address internal issuer = makeAddr("issuer");
    address internal spender = makeAddr("spender");
    address internal recipient = makeAddr("recipient");
    address internal holder;
    uint256 internal holderKey;

    function setUp() public {
        (holder, holderKey) = makeAddrAndKey("holder");
        usd = new TestUSD(issuer);
        vm.prank(issuer);
        usd.mint(holder, 1_000 * ONE);
    }

    function _digest(address owner, address to, uint256 value, uint256 nonce, uint256 deadline)
        internal
        view
        returns (bytes32)
    {
        bytes32 structHash = keccak256(abi.encode(PERMIT_TYPEHASH, owner, to, value, nonce, deadline));
        return keccak256(abi.encodePacked("\x19\x01", usd.DOMAIN_SEPARATOR(), structHash));
    }

    function test_metadata_Success() public view {
        assertEq(usd.decimals(), 6);
        assertEq(usd.name(), "Test USD");
        assertEq(usd.symbol(), "TUSD");
        assertEq(usd.owner(), issuer);
    }

    function test_mint_Success_WhenOwner() public {
        vm.prank(issuer);
        usd.mint(recipient, 250 * ONE);
        assertEq(usd.balanceOf(recipient), 250 * ONE);
        assertEq(usd.totalSupply(), 1_250 * ONE);
    }

    function test_mint_RevertWhen_NotOwner() public {
        vm.prank(holder);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, holder));
        usd.mint(holder, ONE);
        assertEq(usd.totalSupply(), 1_000 * ONE);
    }

    function test_permit_Success_WhenSignedThenTransferFrom() public {
        uint256 value = 100 * ONE;
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(holderKey, _digest(holder, spender, value, 0, deadline));
        usd.permit(holder, spender, value, deadline, v, r, s);
        assertEq(usd.allowance(holder, spender), value);
        assertEq(usd.nonces(holder), 1);

        vm.prank(spender);
        assertTrue(usd.transferFrom(holder, recipient, value));
        assertEq(usd.balanceOf(recipient), value);
        assertEq(usd.balanceOf(holder), 900 * ONE);
        assertEq(usd.allowance(holder, spender), 0);
    }

    function test_permit_RevertWhen_Expired() public {
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(holderKey, _digest(holder, spender, ONE, 0, deadline));
        vm.warp(deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612ExpiredSignature.selector, deadline));
        usd.permit(holder, spender, ONE, deadline, v, r, s);
    }

    function test_permit_RevertWhen_WrongSigner() public {
        (address other, uint256 otherKey) = makeAddrAndKey("other");
        uint256 deadline = block.timestamp + 1 hours;
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(otherKey, _digest(holder, spender, ONE, 0, deadline));
        vm.expectRevert(abi.encodeWithSelector(ERC20Permit.ERC2612InvalidSigner.selector, other, holder));
        usd.permit(holder, spender, ONE, deadline, v, r, s);
        assertEq(usd.allowance(holder, spender), 0);
    }

    function test_permit_RevertWhen_Replayed() public {
        uint256 deadline = block.timestamp + 1 hours;
        bytes32 digest = _digest(holder, spender, ONE, 0, deadline);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(holderKey, digest);
        usd.permit(holder, spender, ONE, deadline, v, r, s);
        // The nonce moved on: the same signature now recovers to some other address.
        vm.expectPartialRevert(ERC20Permit.ERC2612InvalidSigner.selector);
        usd.permit(holder, spender, ONE, deadline, v, r, s);
    }
}
