// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Fixture} from "./utils/Fixture.sol";
import {IModularCompliance} from "../src/interfaces/IModularCompliance.sol";
import {MaxBalanceModule} from "../src/compliance/modules/MaxBalanceModule.sol";

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
        assertEq(compliance.getModules().length, 2);
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

    function test_transferred_RevertWhen_CallerNotToken() public {
        vm.expectRevert(abi.encodeWithSelector(IModularCompliance.CallerNotToken.selector, address(this)));
        compliance.transferred(alice, bob, 1);
        vm.expectRevert(abi.encodeWithSelector(IModularCompliance.CallerNotToken.selector, address(this)));
        compliance.created(alice, 1);
        vm.expectRevert(abi.encodeWithSelector(IModularCompliance.CallerNotToken.selector, address(this)));
        compliance.destroyed(alice, 1);
    }

    function test_bindToken_Success_WhenOwner() public {
        vm.expectEmit(address(compliance));
        emit IModularCompliance.TokenBound(address(0x70));
        vm.prank(issuer);
        compliance.bindToken(address(0x70));
        assertEq(compliance.getTokenBound(), address(0x70));
    }
}
