// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Fixture} from "./utils/Fixture.sol";
import {TransferInfo, TransferKind} from "../src/interfaces/IComplianceModule.sol";
import {IModularCompliance} from "../src/interfaces/IModularCompliance.sol";
import {MaxBalanceModule} from "../src/compliance/modules/MaxBalanceModule.sol";
import {IToken} from "../src/interfaces/IToken.sol";
import {ITokenFactory} from "../src/interfaces/ITokenFactory.sol";

/// @dev A module that records which kinds reach its hook, and can be told to revert or refuse.
contract SpyModule {
    uint8 public immutable hookedKinds;
    uint256 public calls;
    uint8 public lastKind;
    uint8 public answer;
    bool public fail;

    error SpyFailed();

    constructor(uint8 mask) {
        hookedKinds = mask;
    }

    function set(uint8 answer_, bool fail_) external {
        answer = answer_;
        fail = fail_;
    }

    bool public greedy;

    function setGreedy(bool greedy_) external {
        greedy = greedy_;
    }

    function moduleTransfer(TransferInfo calldata t) external returns (uint8) {
        if (greedy) {
            while (true) {} // burns every unit of gas it is given
        }
        if (fail) revert SpyFailed();
        ++calls;
        lastKind = t.kind;
        return answer;
    }

    function check(address, TransferInfo calldata) external view returns (uint8) {
        return answer;
    }
}

contract ModularComplianceTest is Fixture {
    function test_getModules_Success_WhenDeployedWithAllRules() public view {
        address[] memory m = compliance.getModules();
        assertEq(m.length, 3);
        assertEq(m[0], address(countryModule));
        assertEq(m[1], address(holdersModule));
        assertEq(m[2], address(balanceModule));
        assertEq(compliance.getTokenBound(), address(token));
        assertEq(compliance.owner(), issuer);
    }

    function test_addModule_RevertWhen_AlreadyAdded() public {
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(IModularCompliance.ModuleAlreadyAdded.selector, address(balanceModule)));
        compliance.addModule(address(balanceModule));
    }

    function test_addModule_RevertWhen_LimitReached() public {
        vm.startPrank(issuer);
        for (uint256 i = 3; i < 25; ++i) {
            compliance.addModule(address(new MaxBalanceModule()));
        }
        address extra = address(new MaxBalanceModule());
        vm.expectRevert(abi.encodeWithSelector(IModularCompliance.ModuleLimitReached.selector, 25));
        compliance.addModule(extra);
        vm.stopPrank();
    }

    function test_addModule_RevertWhen_NotOwner() public {
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        compliance.addModule(address(1));
    }

    function test_removeModule_Success_WhenAdded() public {
        vm.expectEmit(address(compliance));
        emit IModularCompliance.ModuleRemoved(address(countryModule));
        vm.prank(issuer);
        compliance.removeModule(address(countryModule));
        assertFalse(compliance.isModuleBound(address(countryModule)));
        address[] memory m = compliance.getModules();
        assertEq(m.length, 2);
        assertEq(m[0], address(holdersModule)); // order kept
        assertEq(m[1], address(balanceModule));
        // The country rule no longer applies.
        assertTrue(compliance.canTransfer(alice, eve, 1));
    }

    function test_removeModule_RevertWhen_NotAdded() public {
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(IModularCompliance.ModuleNotFound.selector, address(0xBAD)));
        compliance.removeModule(address(0xBAD));
    }

    function test_callModuleFunction_RevertWhen_ModuleNotAdded() public {
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(IModularCompliance.ModuleNotFound.selector, address(0xBAD)));
        compliance.callModuleFunction("", address(0xBAD));
    }

    function test_update_RevertWhen_CallerNotToken() public {
        TransferInfo memory t;
        t.kind = TransferKind.MINT;
        t.to = alice;
        t.amount = 1;
        vm.expectRevert(abi.encodeWithSelector(IModularCompliance.CallerNotToken.selector, address(this)));
        compliance.update(t);
        t.kind = TransferKind.BURN;
        vm.expectRevert(abi.encodeWithSelector(IModularCompliance.CallerNotToken.selector, address(this)));
        compliance.update(t);
    }

    function test_bindToken_Success_WhenOwner() public {
        vm.expectEmit(address(compliance));
        emit IModularCompliance.TokenBound(address(0x70));
        vm.prank(issuer);
        compliance.bindToken(address(0x70));
        assertEq(compliance.getTokenBound(), address(0x70));
    }

    function _spy(uint8 mask) internal returns (SpyModule spy) {
        spy = new SpyModule(mask);
        vm.prank(issuer);
        compliance.addModule(address(spy));
    }

    function test_update_Success_WhenModuleIgnoresKind() public {
        SpyModule spy = _spy(uint8(1) << TransferKind.TRANSFER);
        _mint(alice, 10e18); // a mint: not hooked
        assertEq(spy.calls(), 0);
        vm.prank(alice);
        token.transfer(bob, 1e18);
        assertEq(spy.calls(), 1);
        assertEq(spy.lastKind(), TransferKind.TRANSFER);
    }

    /// @dev A module flagged ONLY_ZERO_CROSSING is called when a wallet's balance crosses zero (a recipient holding
    /// nothing, a sender moving all it holds) and skipped on every other move.
    function test_update_Success_WhenZeroCrossingModuleSkipsOtherMoves() public {
        SpyModule spy = _spy(TransferKind.MASK_ALL_RECORD | TransferKind.ONLY_ZERO_CROSSING);
        _mint(alice, 10e18); // alice joins
        assertEq(spy.calls(), 1);
        _mint(alice, 1e18); // alice holds already
        assertEq(spy.calls(), 1);
        vm.prank(alice);
        token.transfer(bob, 1e18); // bob joins
        assertEq(spy.calls(), 2);
        vm.prank(alice);
        token.transfer(bob, 1e18); // between two holders
        assertEq(spy.calls(), 2);
        vm.prank(bob);
        token.transfer(alice, 2e18); // bob leaves
        assertEq(spy.calls(), 3);
        vm.prank(issuer);
        token.burn(alice, 1e18); // a partial burn
        assertEq(spy.calls(), 3);
        vm.prank(issuer);
        token.burn(alice, 10e18); // alice leaves
        assertEq(spy.calls(), 4);
        assertEq(spy.lastKind(), TransferKind.BURN);
    }

    /// @dev The view check skips a zero-crossing module the same way: its refusal applies only to a recipient that
    /// holds nothing (or a sender leaving).
    function test_detectTransferRestriction_Success_WhenZeroCrossingModuleSkipped() public {
        _mint(alice, 10e18);
        _mint(bob, 1e18);
        SpyModule spy = _spy(TransferKind.MASK_ALL_RECORD | TransferKind.ONLY_ZERO_CROSSING);
        spy.set(7, false);
        assertEq(compliance.detectTransferRestriction(alice, bob, 1e18), 0, "bob holds: skipped");
        assertEq(compliance.detectTransferRestriction(alice, carol, 1e18), 7, "carol joins: checked");
        assertEq(compliance.detectTransferRestriction(alice, bob, 10e18), 7, "alice leaves: checked");
    }

    function test_hookedKinds_Success_WhenMaxHoldersActsOnZeroCrossingsOnly() public view {
        assertEq(holdersModule.hookedKinds(), TransferKind.MASK_ALL_RECORD | TransferKind.ONLY_ZERO_CROSSING);
    }

    function test_update_RevertWhen_ModuleReverts() public {
        SpyModule spy = _spy(TransferKind.MASK_ALL);
        spy.set(0, true);
        vm.prank(issuer);
        vm.expectRevert(SpyModule.SpyFailed.selector);
        token.mint(alice, 1);
    }

    /// @dev ARCHITECTURE.md promises that no module can block a burn or a forced transfer: a reverting (or
    /// gas-exhausting) module is skipped on agent moves, with an event, and still blocks holder transfers and mints.
    function test_update_Success_WhenModuleRevertsOnAgentMoves() public {
        _mint(alice, 10e18);
        SpyModule spy = _spy(TransferKind.MASK_ALL);
        spy.set(0, true);
        vm.prank(alice);
        vm.expectRevert(SpyModule.SpyFailed.selector);
        token.transfer(bob, 1);
        vm.startPrank(issuer);
        vm.expectEmit(address(compliance));
        emit IModularCompliance.ModuleHookFailed(address(spy), TransferKind.FORCED, SpyModule.SpyFailed.selector);
        token.forcedTransfer(alice, bob, 1e18);
        vm.expectEmit(address(compliance));
        emit IModularCompliance.ModuleHookFailed(address(spy), TransferKind.BURN, SpyModule.SpyFailed.selector);
        token.burn(alice, 1e18);
        vm.stopPrank();
        assertEq(token.balanceOf(alice), 8e18);
        assertEq(token.balanceOf(bob), 1e18);
        // The other modules still recorded the moves.
        assertEq(holdersModule.getHolderCount(address(compliance)), 2);
    }

    function test_update_Success_WhenModuleBurnsAllGasOnBurn() public {
        _mint(alice, 10e18);
        SpyModule spy = _spy(TransferKind.MASK_ALL);
        spy.set(0, true);
        spy.setGreedy(true);
        vm.prank(issuer);
        token.burn{gas: 3_000_000}(alice, 1e18);
        assertEq(token.balanceOf(alice), 9e18);
    }

    function test_update_RevertWhen_AgentMoveShortOfGasForWorkingModule() public {
        _mint(alice, 10e18);
        SpyModule spy = _spy(TransferKind.MASK_ALL);
        spy.setGreedy(true);
        // With less gas than the allowance the module's failure may be the caller's: refuse, never skip silently.
        vm.prank(issuer);
        vm.expectPartialRevert(IModularCompliance.ModuleHookOutOfGas.selector);
        token.burn{gas: 400_000}(alice, 1e18);
    }

    function test_update_Success_WhenAgentMoveRefused() public {
        _mint(alice, 10e18);
        SpyModule spy = _spy(TransferKind.MASK_ALL);
        spy.set(99, false);
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IToken.TransferNotCompliant.selector, alice, bob, 1, 99));
        token.transfer(bob, 1);
        // Burns and forced transfers are recorded but never blocked.
        vm.startPrank(issuer);
        token.forcedTransfer(alice, bob, 1e18);
        token.burn(alice, 1e18);
        vm.stopPrank();
        assertEq(spy.calls(), 2);
        assertEq(spy.lastKind(), TransferKind.BURN);
    }

    function test_update_Success_WhenNoModulesAnyCaller() public {
        (, address c) = factory.deployAsset(_bare());
        TransferInfo memory t;
        assertEq(IModularCompliance(c).update(t), 0);
    }

    function test_bindToken_Success_WhenModulesKeepWorking() public {
        _mint(alice, 10e18);
        vm.prank(issuer);
        compliance.bindToken(address(0x70));
        // The old token is no longer the bound one: its moves are refused by the compliance.
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IModularCompliance.CallerNotToken.selector, address(token)));
        token.transfer(bob, 1);
        vm.prank(issuer);
        compliance.bindToken(address(token));
        vm.prank(alice);
        token.transfer(bob, 1);
        assertEq(compliance.getModules().length, 3);
    }

    function test_transfer_RevertWhen_ComplianceAnswersNothing() public {
        _mint(alice, 10);
        vm.prank(issuer);
        token.setCompliance(address(0xDEAD)); // no code: the hook's call returns no code word
        vm.prank(alice);
        vm.expectRevert(abi.encodeWithSelector(IToken.InvalidAddress.selector, address(0xDEAD)));
        token.transfer(bob, 1);
    }

    function _bare() internal pure returns (ITokenFactory.AssetParams memory p) {
        p.name = "Bare";
        p.symbol = "B";
    }
}
