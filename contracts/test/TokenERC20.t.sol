// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Fixture} from "./utils/Fixture.sol";
import {Token} from "../src/token/Token.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {ITokenFactory} from "../src/interfaces/ITokenFactory.sol";

/// @dev The token's own ERC-20 (packed accounts) behaves as OpenZeppelin's: events, EIP-6093 errors, allowances.
contract TokenERC20Test is Fixture {
    function setUp() public override {
        super.setUp();
        _mint(alice, 1000e18);
    }

    function test_metadata_Success_WhenDeployed() public view {
        assertEq(token.name(), "Tessera Demo Fund");
        assertEq(token.symbol(), "TDF");
        assertEq(token.decimals(), 18);
        assertEq(token.totalSupply(), 1000e18);
    }

    function test_approve_Success_WhenEmitsApproval() public {
        vm.expectEmit(address(token));
        emit IERC20.Approval(alice, bob, 5);
        vm.prank(alice);
        assertTrue(token.approve(bob, 5));
        assertEq(token.allowance(alice, bob), 5);
    }

    function test_approve_RevertWhen_ZeroSpender() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InvalidSpender.selector, address(0)));
        token.approve(address(0), 5);
    }

    function test_transferFrom_RevertWhen_AllowanceTooLow() public {
        vm.prank(alice);
        token.approve(bob, 5);
        vm.prank(bob);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, bob, 5, 6));
        token.transferFrom(alice, carol, 6);
    }

    function test_transferFrom_Success_WhenInfiniteAllowanceNotSpent() public {
        vm.prank(alice);
        token.approve(bob, type(uint256).max);
        vm.prank(bob);
        token.transferFrom(alice, carol, 7);
        assertEq(token.allowance(alice, bob), type(uint256).max);
        assertEq(token.balanceOf(carol), 7);
    }

    function test_transfer_RevertWhen_ZeroReceiver() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IERC20Errors.ERC20InvalidReceiver.selector, address(0)));
        token.transfer(address(0), 1);
    }

    function test_transfer_Success_WhenSelfOrZeroAmount() public {
        vm.startPrank(alice);
        token.transfer(alice, 10e18);
        token.transfer(bob, 0);
        vm.stopPrank();
        assertEq(token.balanceOf(alice), 1000e18);
        assertEq(token.balanceOf(bob), 0);
    }

    function test_mint_RevertWhen_AboveMaxSupply() public {
        ITokenFactory.AssetParams memory p;
        p.name = "Big";
        p.symbol = "BIG";
        (Token big,) = _deploy(p);
        uint256 max = big.MAX_SUPPLY();
        vm.startPrank(issuer);
        big.mint(alice, max);
        vm.expectRevert(abi.encodeWithSelector(Token.MaxSupplyExceeded.selector, max + 1, max));
        big.mint(bob, 1);
        vm.stopPrank();
        assertEq(big.balanceOf(alice), max);
    }

    function testFuzz_transfer_ConservesBalances(uint256 amount, bool viaTransferFrom) public {
        amount = bound(amount, 0, 1000e18);
        if (viaTransferFrom) {
            vm.prank(alice);
            token.approve(bob, amount);
            vm.prank(bob);
            token.transferFrom(alice, carol, amount);
            assertEq(token.allowance(alice, bob), 0);
        } else {
            vm.expectEmit(address(token));
            emit IERC20.Transfer(alice, carol, amount);
            vm.prank(alice);
            token.transfer(carol, amount);
        }
        assertEq(token.balanceOf(alice) + token.balanceOf(carol), 1000e18);
        assertEq(token.balanceOf(carol), amount);
        assertEq(token.totalSupply(), 1000e18);
    }

    function testFuzz_transfer_RevertWhen_AboveBalance(uint256 extra) public {
        extra = bound(extra, 1, 1e30);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientBalance.selector, alice, 1000e18, 1000e18 + extra)
        );
        token.transfer(carol, 1000e18 + extra);
    }
}
