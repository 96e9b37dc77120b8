// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ModuleTestBase} from "./ModuleTestBase.sol";
import {LockUpModule} from "../../src/compliance/modules/LockUpModule.sol";
import {ManualApprovalModule} from "../../src/compliance/modules/ManualApprovalModule.sol";
import {ILockUpModule, IManualApprovalModule} from "../../src/interfaces/IComplianceModules.sol";
import {RestrictionCodes} from "../../src/libraries/RestrictionCodes.sol";
import {IComplianceModule, TransferInfo, TransferKind} from "../../src/interfaces/IComplianceModule.sol";
import {IModularCompliance} from "../../src/interfaces/IModularCompliance.sol";
import {IManaged} from "../../src/interfaces/IManaged.sol";
import {Roles} from "../../src/libraries/Roles.sol";
import {IAccessManager} from "@openzeppelin/contracts/access/manager/IAccessManager.sol";

contract LockUpModuleTest is ModuleTestBase {
    LockUpModule internal m;
    uint64 internal constant YEAR = 365 days;

    function setUp() public override {
        super.setUp();
        m = new LockUpModule();
        _setUpModule(address(m));
        _configure(address(m), abi.encodeCall(ILockUpModule.setLockUpPeriod, (YEAR)));
    }

    function _unlockDay(uint256 t) internal pure returns (uint256) {
        return ((t + 1 days - 1) / 1 days) * 1 days;
    }

    function test_setLockUpPeriod_RevertWhen_TooLong() public {
        vm.expectRevert(abi.encodeWithSelector(ILockUpModule.LockUpPeriodTooLong.selector, 3651 days));
        m.setLockUpPeriod(3651 days);
    }

    /// @dev The review's reproduction: an ALLOWLIST_MANAGER forges a MINT lot through callModuleFunction, locking a
    /// holder's balance for ten years without any freeze event. Configuration calls must not reach hooks.
    function test_callModuleFunction_RevertWhen_HookForgedByAllowlistManager() public {
        _mintBare(bob, 1_000);
        vm.warp(block.timestamp + YEAR + 1 days); // bob's own lot has expired
        vm.prank(officer);
        registry.setKycExpiry(alice, uint64(block.timestamp + YEAR));
        address manager = makeAddr("allowlistManager");
        IAccessManager authority = IAccessManager(IManaged(address(bare)).authority());
        vm.prank(issuer);
        authority.grantRole(Roles.ALLOWLIST_MANAGER, manager, 0);
        TransferInfo memory forged;
        forged.kind = TransferKind.MINT;
        forged.to = bob;
        forged.amount = 1_000;
        bytes memory call = abi.encodeCall(IComplianceModule.moduleTransfer, (forged));
        vm.prank(manager);
        vm.expectRevert(
            abi.encodeWithSelector(
                IModularCompliance.HookNotCallable.selector, address(m), IComplianceModule.moduleTransfer.selector
            )
        );
        bareCompliance.callModuleFunction(call, address(m));
        assertEq(m.getLockedBalance(address(bareCompliance), bob), 0);
        assertEq(bare.detectTransferRestriction(bob, alice, 1_000), RestrictionCodes.SUCCESS);
        // The owner cannot either: no path from configuration to a hook.
        vm.prank(issuer);
        vm.expectRevert(
            abi.encodeWithSelector(
                IModularCompliance.HookNotCallable.selector, address(m), IComplianceModule.moduleTransfer.selector
            )
        );
        bareCompliance.callModuleFunction(call, address(m));
    }

    function test_mint_Success_WhenLotRecorded() public {
        _mintBare(alice, 100);
        _mintBare(alice, 50); // same day: merged
        ILockUpModule.Lot[] memory lots = m.getLots(address(bareCompliance), alice);
        assertEq(lots.length, 1);
        assertEq(lots[0].amount, 150);
        assertEq(lots[0].unlocksAt, _unlockDay(block.timestamp + YEAR));
        assertEq(m.getLockedBalance(address(bareCompliance), alice), 150);
    }

    function test_transfer_RevertWhen_Locked() public {
        _mintBare(alice, 100);
        assertEq(bare.detectTransferRestriction(alice, bob, 1), RestrictionCodes.TOKENS_LOCKED);
        _expectRefusal(alice, bob, 1, RestrictionCodes.TOKENS_LOCKED);
        _send(alice, bob, 1);
    }

    function test_transfer_Success_WhenUnlocked() public {
        _mintBare(alice, 100);
        vm.warp(block.timestamp + 2 days);
        _mintBare(alice, 40); // a second, later lot
        vm.warp(_unlockDay(block.timestamp - 2 days + YEAR));
        vm.startPrank(officer); // KYC lasts a year in the fixture: renew it
        registry.setKycExpiry(bob, uint64(block.timestamp + YEAR));
        vm.stopPrank();
        // The first lot is unlocked, the second still locked.
        assertEq(m.getLockedBalance(address(bareCompliance), alice), 40);
        _expectRefusal(alice, bob, 101, RestrictionCodes.TOKENS_LOCKED);
        _send(alice, bob, 101);
        _send(alice, bob, 100);
        assertEq(m.getLots(address(bareCompliance), alice).length, 1); // the expired lot was deleted
    }

    function test_transfer_Success_WhenReceivedTokensAreFree() public {
        _configure(address(m), abi.encodeCall(ILockUpModule.setLockUpPeriod, (0)));
        _mintBare(bob, 100); // not locked
        _configure(address(m), abi.encodeCall(ILockUpModule.setLockUpPeriod, (YEAR)));
        _mintBare(alice, 100);
        _send(bob, alice, 30);
        _send(alice, carol, 30); // alice may spend what she received, not what was issued to her
        _expectRefusal(alice, carol, 1, RestrictionCodes.TOKENS_LOCKED);
        _send(alice, carol, 1);
    }

    function test_burn_Success_WhenLockedTokensReleased() public {
        _mintBare(alice, 100);
        vm.prank(issuer);
        bare.burn(alice, 60);
        assertEq(m.getLockedBalance(address(bareCompliance), alice), 40);
    }

    function test_recoveryAddress_Success_WhenLocksMoveWithTokens() public {
        _mintBare(alice, 100);
        vm.prank(issuer);
        bare.recoveryAddress(alice, alice2, identityOf(alice));
        assertEq(m.getLockedBalance(address(bareCompliance), alice), 0);
        assertEq(m.getLockedBalance(address(bareCompliance), alice2), 100);
        _expectRefusal(alice2, bob, 1, RestrictionCodes.TOKENS_LOCKED);
        _send(alice2, bob, 1);
    }

    function test_forcedTransfer_Success_WhenOtherInvestorGetsFreeTokens() public {
        _mintBare(alice, 100);
        vm.prank(issuer);
        bare.forcedTransfer(alice, bob, 100);
        assertEq(m.getLockedBalance(address(bareCompliance), alice), 0);
        assertEq(m.getLockedBalance(address(bareCompliance), bob), 0);
    }

    function testFuzz_transfer_MatchesUnlocked(uint256 locked, uint256 free, uint256 amount) public {
        locked = bound(locked, 1, 1e30);
        free = bound(free, 0, 1e30);
        amount = bound(amount, 1, locked + free);
        _configure(address(m), abi.encodeCall(ILockUpModule.setLockUpPeriod, (0)));
        if (free != 0) _mintBare(alice, free);
        _configure(address(m), abi.encodeCall(ILockUpModule.setLockUpPeriod, (YEAR)));
        _mintBare(alice, locked);
        bool allowed = amount <= free;
        assertEq(bare.canTransfer(alice, bob, amount), allowed);
        if (!allowed) _expectRefusal(alice, bob, amount, RestrictionCodes.TOKENS_LOCKED);
        _send(alice, bob, amount);
    }
}

contract ManualApprovalModuleTest is ModuleTestBase {
    ManualApprovalModule internal m;
    address internal approver = makeAddr("approver");

    function setUp() public override {
        super.setUp();
        m = new ManualApprovalModule();
        _setUpModule(address(m));
        _configure(address(m), abi.encodeCall(IManualApprovalModule.setTransferApprover, (approver, true)));
        _mintBare(alice, 100); // mints need no approval
    }

    function _request(address from, address to, uint256 amount) internal {
        vm.prank(from);
        m.requestTransfer(address(bareCompliance), to, amount);
    }

    function test_transfer_RevertWhen_NotApproved() public {
        assertEq(bare.detectTransferRestriction(alice, bob, 10), RestrictionCodes.TRANSFER_NOT_APPROVED);
        _expectRefusal(alice, bob, 10, RestrictionCodes.TRANSFER_NOT_APPROVED);
        _send(alice, bob, 10);
    }

    function test_transfer_Success_WhenRequestedAndApprovedOnce() public {
        vm.expectEmit(address(m));
        emit IManualApprovalModule.TransferRequested(address(bareCompliance), alice, bob, 10);
        _request(alice, bob, 10);
        vm.expectEmit(address(m));
        emit IManualApprovalModule.TransferApproved(address(bareCompliance), alice, bob, 10, approver);
        vm.prank(approver);
        m.approveTransfer(address(bareCompliance), alice, bob, 10);
        assertEq(bare.detectTransferRestriction(alice, bob, 10), RestrictionCodes.SUCCESS);
        _send(alice, bob, 10);
        (uint256 requested, uint256 approved) = m.getTransferStatus(address(bareCompliance), alice, bob, 10);
        assertEq(requested, 0);
        assertEq(approved, 0);
        _expectRefusal(alice, bob, 10, RestrictionCodes.TRANSFER_NOT_APPROVED);
        _send(alice, bob, 10); // used up
    }

    function test_transfer_RevertWhen_RequestPending() public {
        _request(alice, bob, 10);
        assertEq(bare.detectTransferRestriction(alice, bob, 10), RestrictionCodes.TRANSFER_APPROVAL_PENDING);
        assertEq(bare.detectTransferRestriction(alice, bob, 11), RestrictionCodes.TRANSFER_NOT_APPROVED);
        _expectRefusal(alice, bob, 10, RestrictionCodes.TRANSFER_APPROVAL_PENDING);
        _send(alice, bob, 10);
        vm.prank(approver);
        m.rejectTransfer(address(bareCompliance), alice, bob, 10);
        assertEq(bare.detectTransferRestriction(alice, bob, 10), RestrictionCodes.TRANSFER_NOT_APPROVED);
    }

    function test_approveTransfer_RevertWhen_NotRequested() public {
        vm.prank(approver);
        vm.expectRevert(
            abi.encodeWithSelector(
                IManualApprovalModule.NothingToDecide.selector, address(bareCompliance), alice, bob, 10
            )
        );
        m.approveTransfer(address(bareCompliance), alice, bob, 10);
    }

    function test_approveTransfer_RevertWhen_CallerNotApprover() public {
        _request(alice, bob, 10);
        vm.prank(bob);
        vm.expectRevert(
            abi.encodeWithSelector(
                IManualApprovalModule.CallerNotTransferApprover.selector, address(bareCompliance), bob
            )
        );
        m.approveTransfer(address(bareCompliance), alice, bob, 10);
    }

    function test_approveTransfer_RevertWhen_SelfApproval() public {
        _configure(address(m), abi.encodeCall(IManualApprovalModule.setTransferApprover, (alice, true)));
        _request(alice, bob, 10);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IManualApprovalModule.SelfApproval.selector, alice));
        m.approveTransfer(address(bareCompliance), alice, bob, 10);
    }

    function test_rejectTransfer_Success_WhenRequestPending() public {
        _request(alice, bob, 10);
        vm.prank(approver);
        m.rejectTransfer(address(bareCompliance), alice, bob, 10);
        (uint256 requested,) = m.getTransferStatus(address(bareCompliance), alice, bob, 10);
        assertEq(requested, 0);
        vm.prank(approver);
        vm.expectRevert(
            abi.encodeWithSelector(
                IManualApprovalModule.NothingToDecide.selector, address(bareCompliance), alice, bob, 10
            )
        );
        m.approveTransfer(address(bareCompliance), alice, bob, 10);
    }

    function test_forcedTransfer_Success_WhenNoApproval() public {
        vm.prank(issuer);
        bare.forcedTransfer(alice, bob, 10);
        assertEq(bare.balanceOf(bob), 10);
    }

    function testFuzz_transfer_OnlyApprovedAmount(uint256 approvedAmount, uint256 amount) public {
        approvedAmount = bound(approvedAmount, 1, 100);
        amount = bound(amount, 1, 100);
        _request(alice, bob, approvedAmount);
        vm.prank(approver);
        m.approveTransfer(address(bareCompliance), alice, bob, approvedAmount);
        if (amount != approvedAmount) _expectRefusal(alice, bob, amount, RestrictionCodes.TRANSFER_NOT_APPROVED);
        _send(alice, bob, amount);
    }
}

contract LockUpRegressionTest is ModuleTestBase {
    LockUpModule internal m;

    function setUp() public override {
        super.setUp();
        m = new LockUpModule();
        _setUpModule(address(m));
        _configure(address(m), abi.encodeCall(ILockUpModule.setLockUpPeriod, (30 days)));
    }

    /// @dev Found by the ci invariant run: carrying lots to the same wallet's array while compacting it duplicated
    /// a lot. Two lots, then a forced move of everything to a wallet of the same identity, and to itself.
    function test_recoveryAddress_Success_WhenSeveralLotsCarried() public {
        _mintBare(alice, 100);
        vm.warp(block.timestamp + 2 days);
        _mintBare(alice, 50);
        vm.startPrank(issuer);
        bare.forcedTransfer(alice, alice, 150);
        assertEq(m.getLockedBalance(address(bareCompliance), alice), 150);
        bare.recoveryAddress(alice, alice2, identityOf(alice));
        vm.stopPrank();
        assertEq(m.getLockedBalance(address(bareCompliance), alice), 0);
        assertEq(m.getLockedBalance(address(bareCompliance), alice2), 150);
        assertEq(m.getLots(address(bareCompliance), alice2).length, 2);
    }
}
