// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Fixture} from "../utils/Fixture.sol";
import {IToken} from "../../src/interfaces/IToken.sol";
import {ITransferLimitModule} from "../../src/interfaces/IComplianceModules.sol";
import {TransferKind} from "../../src/interfaces/IComplianceModule.sol";
import {TransferLimitModule} from "../../src/compliance/modules/TransferLimitModule.sol";
import {RestrictionCodes} from "../../src/libraries/RestrictionCodes.sol";

contract TransferLimitModuleTest is Fixture {
    uint256 internal constant LIMIT = 100e18;
    TransferLimitModule internal limitModule;

    function setUp() public override {
        super.setUp();
        limitModule = new TransferLimitModule();
        vm.startPrank(issuer);
        compliance.addModule(address(limitModule));
        compliance.callModuleFunction(
            abi.encodeCall(ITransferLimitModule.setTransferLimit, (1 days, LIMIT)), address(limitModule)
        );
        vm.stopPrank();
        _mint(alice, 1000e18);
        _mint(bob, 1000e18);
    }

    function _expectLimit(address from, address to, uint256 amount) internal {
        vm.expectRevert(
            abi.encodeWithSelector(
                IToken.TransferNotCompliant.selector, from, to, amount, RestrictionCodes.TRANSFER_LIMIT_EXCEEDED
            )
        );
    }

    function test_setTransferLimit_Success_WhenCalledByCompliance() public {
        vm.expectEmit(address(limitModule));
        emit ITransferLimitModule.TransferLimitSet(address(compliance), 7 days, 5e18);
        vm.prank(issuer);
        compliance.callModuleFunction(
            abi.encodeCall(ITransferLimitModule.setTransferLimit, (7 days, 5e18)), address(limitModule)
        );
        (uint64 period, uint256 maxVolume) = limitModule.getTransferLimit(address(compliance));
        assertEq(period, 7 days);
        assertEq(maxVolume, 5e18);
    }

    function test_setTransferLimit_RevertWhen_PeriodZero() public {
        vm.expectRevert(abi.encodeWithSelector(ITransferLimitModule.InvalidTransferLimit.selector, 0, 1));
        limitModule.setTransferLimit(0, 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                ITransferLimitModule.InvalidTransferLimit.selector, 1, uint256(type(uint192).max) + 1
            )
        );
        limitModule.setTransferLimit(1, uint256(type(uint192).max) + 1);
    }

    function test_transfer_RevertWhen_LimitExceededInWindow() public {
        vm.startPrank(alice);
        token.transfer(bob, 60e18);
        token.transfer(bob, 40e18); // exactly the limit
        _expectLimit(alice, bob, 1);
        token.transfer(bob, 1);
        vm.stopPrank();
        (uint256 used, uint256 end) = limitModule.getTransferUsage(address(compliance), identityOf(alice));
        assertEq(used, LIMIT);
        assertEq(end, block.timestamp + 1 days);
        assertEq(token.detectTransferRestriction(alice, bob, 1), RestrictionCodes.TRANSFER_LIMIT_EXCEEDED);
    }

    function test_transfer_Success_WhenNewWindow() public {
        vm.prank(alice);
        token.transfer(bob, LIMIT);
        vm.warp(block.timestamp + 1 days);
        assertEq(token.detectTransferRestriction(alice, bob, LIMIT), RestrictionCodes.SUCCESS);
        vm.prank(alice);
        token.transfer(bob, LIMIT);
        (uint256 used,) = limitModule.getTransferUsage(address(compliance), identityOf(alice));
        assertEq(used, LIMIT);
    }

    function test_transfer_Success_WhenSendersCountedSeparately() public {
        vm.prank(alice);
        token.transfer(carol, LIMIT);
        vm.prank(bob);
        token.transfer(carol, LIMIT); // bob's own window
        assertEq(token.balanceOf(carol), 2 * LIMIT);
    }

    function test_mint_Success_WhenNotCounted() public {
        _mint(alice, 10 * LIMIT);
        (uint256 used,) = limitModule.getTransferUsage(address(compliance), identityOf(alice));
        assertEq(used, 0);
    }

    function test_forcedTransfer_Success_WhenOverLimit() public {
        vm.prank(alice);
        token.transfer(bob, LIMIT);
        vm.prank(issuer);
        token.forcedTransfer(alice, bob, 500e18); // agent moves are never blocked, nor counted
        (uint256 used,) = limitModule.getTransferUsage(address(compliance), identityOf(alice));
        assertEq(used, LIMIT);
    }

    function test_hookedKinds_Success_WhenTransfersOnly() public view {
        assertEq(limitModule.hookedKinds(), uint8(1) << TransferKind.TRANSFER);
    }

    function testFuzz_transfer_MatchesLimit(uint256 first, uint256 second) public {
        first = bound(first, 0, LIMIT);
        second = bound(second, 0, 1000e18 - first);
        vm.startPrank(alice);
        token.transfer(bob, first);
        bool allowed = first + second <= LIMIT;
        assertEq(token.canTransfer(alice, bob, second), allowed);
        if (!allowed) _expectLimit(alice, bob, second);
        token.transfer(bob, second);
        vm.stopPrank();
        (uint256 used,) = limitModule.getTransferUsage(address(compliance), identityOf(alice));
        assertEq(used, allowed ? first + second : first);
    }
}
