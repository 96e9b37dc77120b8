// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Fixture} from "./utils/Fixture.sol";
import {IToken} from "../src/interfaces/IToken.sol";
import {ITokenLock} from "../src/interfaces/ITokenLock.sol";
import {Roles} from "../src/libraries/Roles.sol";
import {RestrictionCodes} from "../src/libraries/RestrictionCodes.sol";
import {IAccessManager} from "@openzeppelin/contracts/access/manager/IAccessManager.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {OwnableUpgradeable} from "@openzeppelin/contracts-upgradeable/access/OwnableUpgradeable.sol";

/// @notice Token locks (ITokenLock): part of a balance reserved by a locker (the vault, the DvP), distinct from agent
/// freezes; holder transfers cannot take locked tokens, lockers release or deliver them, agent moves win.
contract TokenLockTest is Fixture {
    address internal locker = makeAddr("locker");
    address internal agent = makeAddr("agent");

    function setUp() public override {
        super.setUp();
        vm.startPrank(issuer);
        token.setLocker(locker, true);
        token.addAgent(agent);
        vm.stopPrank();
        _mint(alice, 100e18);
    }

    function _lock(address wallet, uint256 amount) internal {
        vm.prank(locker);
        token.lock(wallet, amount);
    }

    function test_setLocker_ByOwnerOrIssuerRoleOnly() public {
        address other = makeAddr("other");
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(OwnableUpgradeable.OwnableUnauthorizedAccount.selector, alice));
        token.setLocker(other, true);

        IAccessManager manager = IAccessManager(token.authority());
        address desk = makeAddr("desk");
        vm.prank(issuer);
        manager.grantRole(Roles.ISSUER, desk, 0);
        vm.expectEmit(address(token));
        emit ITokenLock.LockerSet(other, true);
        vm.prank(desk);
        token.setLocker(other, true);
        assertTrue(token.isLocker(other));

        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(IToken.InvalidAddress.selector, address(0)));
        token.setLocker(address(0), true);
    }

    function test_lock_RevertWhen_NotLocker() public {
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ITokenLock.CallerNotLocker.selector, alice));
        token.lock(alice, 1);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ITokenLock.CallerNotLocker.selector, alice));
        token.unlock(alice, 0);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ITokenLock.CallerNotLocker.selector, alice));
        token.transferLocked(alice, bob, 0);
        // Not even an agent: burning locked tokens is the locker's settlement (an agent burns with `burn`).
        vm.prank(agent);
        vm.expectRevert(abi.encodeWithSelector(ITokenLock.CallerNotLocker.selector, agent));
        token.burnLocked(alice, 0);
    }

    function test_burnLocked_ReleasesTheLockAndBurns() public {
        _lock(alice, 60e18);
        vm.prank(locker);
        vm.expectRevert(abi.encodeWithSelector(ITokenLock.UnlockExceedsLocked.selector, alice, 60e18, 60e18 + 1));
        token.burnLocked(alice, 60e18 + 1);

        uint256 supply = token.totalSupply();
        vm.expectEmit(address(token));
        emit ITokenLock.TokensUnlocked(alice, locker, 40e18);
        vm.expectEmit(address(token));
        emit IERC20.Transfer(alice, address(0), 40e18);
        vm.prank(locker);
        token.burnLocked(alice, 40e18);
        assertEq(token.balanceOf(alice), 60e18);
        assertEq(token.getLockedTokens(alice), 20e18);
        assertEq(token.totalSupply(), supply - 40e18);
        // The rest of the lock still binds holder transfers.
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ITokenLock.InsufficientUnlockedBalance.selector, alice, 40e18, 40e18 + 1));
        token.transfer(bob, 40e18 + 1);
    }

    function test_lock_RevertWhen_MoreThanUnfrozenUnlocked() public {
        vm.prank(agent);
        token.freezePartialTokens(alice, 30e18);
        _lock(alice, 50e18);
        vm.prank(locker);
        vm.expectRevert(abi.encodeWithSelector(ITokenLock.LockExceedsAvailable.selector, alice, 20e18, 20e18 + 1));
        token.lock(alice, 20e18 + 1);
    }

    function test_lock_RevertWhen_WalletFrozen() public {
        vm.prank(agent);
        token.setAddressFrozen(alice, true);
        vm.prank(locker);
        vm.expectRevert(abi.encodeWithSelector(IToken.WalletFrozen.selector, alice));
        token.lock(alice, 1);
    }

    function test_lockedTokens_CannotBeTransferredByHolder() public {
        vm.expectEmit(address(token));
        emit ITokenLock.TokensLocked(alice, locker, 60e18);
        _lock(alice, 60e18);
        assertEq(token.getLockedTokens(alice), 60e18);
        assertEq(token.getFrozenTokens(alice), 0, "a lock is not a freeze");
        assertEq(token.balanceOf(alice), 100e18, "locked tokens stay in the balance");

        assertEq(token.detectTransferRestriction(alice, bob, 41e18), RestrictionCodes.INSUFFICIENT_UNFROZEN_BALANCE);
        assertFalse(token.canTransfer(alice, bob, 41e18));
        assertTrue(token.canTransfer(alice, bob, 40e18));
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ITokenLock.InsufficientUnlockedBalance.selector, alice, 40e18, 41e18));
        token.transfer(bob, 41e18);

        vm.prank(alice);
        token.transfer(bob, 40e18);
        assertEq(token.balanceOf(alice), 60e18);
    }

    function test_lockAndFreeze_Together_LimitTransfers() public {
        _lock(alice, 50e18);
        vm.prank(agent);
        token.freezePartialTokens(alice, 30e18);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(ITokenLock.InsufficientUnlockedBalance.selector, alice, 20e18, 21e18));
        token.transfer(bob, 21e18);
        vm.prank(alice);
        token.transfer(bob, 20e18);
    }

    function test_unlock_ReleasesAndClearsTheLock() public {
        _lock(alice, 60e18);
        vm.prank(locker);
        vm.expectRevert(abi.encodeWithSelector(ITokenLock.UnlockExceedsLocked.selector, alice, 60e18, 60e18 + 1));
        token.unlock(alice, 60e18 + 1);

        vm.expectEmit(address(token));
        emit ITokenLock.TokensUnlocked(alice, locker, 60e18);
        vm.prank(locker);
        token.unlock(alice, 60e18);
        assertEq(token.getLockedTokens(alice), 0);
        vm.prank(alice);
        token.transfer(bob, 100e18);
    }

    function test_transferLocked_IsAHolderTransferWithEveryRule() public {
        _lock(alice, 60e18);
        // The recipient must be verified, as for any transfer.
        vm.prank(locker);
        vm.expectRevert(abi.encodeWithSelector(IToken.RecipientNotVerified.selector, dave));
        token.transferLocked(alice, dave, 10e18);
        // Compliance applies: Japan is not an allowed country.
        vm.prank(locker);
        vm.expectRevert();
        token.transferLocked(alice, eve, 10e18);
        // Pause applies.
        vm.prank(agent);
        token.pause();
        vm.prank(locker);
        vm.expectRevert(IToken.TokenPaused.selector);
        token.transferLocked(alice, bob, 10e18);
        vm.prank(agent);
        token.unpause();
        // Only locked tokens can be delivered.
        vm.prank(locker);
        vm.expectRevert(abi.encodeWithSelector(ITokenLock.UnlockExceedsLocked.selector, alice, 60e18, 61e18));
        token.transferLocked(alice, bob, 61e18);

        vm.prank(locker);
        assertTrue(token.transferLocked(alice, bob, 60e18));
        assertEq(token.balanceOf(bob), 60e18);
        assertEq(token.getLockedTokens(alice), 0);
        assertEq(token.balanceOf(alice), 40e18);
    }

    function test_agentBurn_TakesUnfrozenThenFrozenThenLocked() public {
        vm.prank(agent);
        token.freezePartialTokens(alice, 20e18);
        _lock(alice, 30e18);
        // 50 free: the burn of 60 takes them and 10 frozen.
        vm.prank(agent);
        token.burn(alice, 60e18);
        assertEq(token.getFrozenTokens(alice), 10e18);
        assertEq(token.getLockedTokens(alice), 30e18);
        // 40 left (10 frozen, 30 locked): the burn of 40 takes the frozen 10, then the locked 30.
        vm.expectEmit(address(token));
        emit IToken.TokensUnfrozen(alice, 10e18);
        vm.expectEmit(address(token));
        emit IToken.Frozen(alice, 0);
        vm.expectEmit(address(token));
        emit ITokenLock.TokensUnlocked(alice, agent, 30e18);
        vm.prank(agent);
        token.burn(alice, 40e18);
        assertEq(token.getFrozenTokens(alice), 0);
        assertEq(token.getLockedTokens(alice), 0);
        // The locker's later release of what the agent took reverts.
        vm.prank(locker);
        vm.expectRevert(abi.encodeWithSelector(ITokenLock.UnlockExceedsLocked.selector, alice, 0, 30e18));
        token.unlock(alice, 30e18);
    }

    function test_forcedTransfer_ReleasesLocksOnlyBeyondTheRest() public {
        _lock(alice, 70e18);
        vm.prank(agent);
        token.forcedTransfer(alice, bob, 50e18);
        // 30 unlocked went first, then 20 of the 70 locked.
        assertEq(token.getLockedTokens(alice), 50e18);
        assertEq(token.balanceOf(alice), 50e18);
    }

    function test_recovery_ReleasesTheLostWalletsLocks() public {
        address aliceNew = makeAddr("aliceNew");
        vm.prank(officer);
        registry.registerInvestor(aliceNew, identityOf(alice), USA, kycExpiry);
        _lock(alice, 70e18);
        vm.expectEmit(address(token));
        emit ITokenLock.TokensUnlocked(alice, issuer, 70e18);
        vm.prank(issuer);
        token.recoveryAddress(alice, aliceNew, identityOf(alice));
        assertEq(token.getLockedTokens(alice), 0);
        assertEq(token.getLockedTokens(aliceNew), 0);
        assertEq(token.balanceOf(aliceNew), 100e18);
        vm.prank(aliceNew);
        token.transfer(bob, 100e18);
    }

    function test_stoppedLocker_CannotLock() public {
        vm.prank(issuer);
        token.setLocker(locker, false);
        vm.prank(locker);
        vm.expectRevert(abi.encodeWithSelector(ITokenLock.CallerNotLocker.selector, locker));
        token.lock(alice, 1);
    }

    function test_supportsInterface_TokenLock() public view {
        assertTrue(token.supportsInterface(type(ITokenLock).interfaceId));
    }

    /// @dev Locks never exceed the balance, whatever the order of locks, freezes and agent moves; a holder never
    /// moves more than balance minus frozen minus locked.
    function testFuzz_locksStayWithinBalance(uint256 freeze, uint256 locked, uint256 burned, uint256 sent) public {
        freeze = bound(freeze, 0, 100e18);
        vm.prank(agent);
        token.freezePartialTokens(alice, freeze);
        locked = bound(locked, 0, 100e18 - freeze);
        _lock(alice, locked);
        burned = bound(burned, 0, 100e18);
        vm.prank(agent);
        token.burn(alice, burned);
        uint256 balance = token.balanceOf(alice);
        assertLe(token.getLockedTokens(alice), balance, "locked <= balance");
        assertLe(token.getFrozenTokens(alice), balance, "frozen <= balance");
        uint256 used = token.getLockedTokens(alice) + token.getFrozenTokens(alice);
        uint256 available = balance > used ? balance - used : 0;
        sent = bound(sent, 0, balance);
        vm.prank(alice);
        if (sent > available) vm.expectRevert();
        token.transfer(bob, sent);
    }
}
