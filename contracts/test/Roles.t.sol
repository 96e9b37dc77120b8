// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Vm} from "forge-std/Vm.sol";
import {Fixture} from "./utils/Fixture.sol";
import {IAccessManager} from "@openzeppelin/contracts/access/manager/IAccessManager.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IAgentRole} from "../src/interfaces/IAgentRole.sol";
import {IManaged} from "../src/interfaces/IManaged.sol";
import {ITokenFactory} from "../src/interfaces/ITokenFactory.sol";
import {IMaxBalanceModule} from "../src/interfaces/IComplianceModules.sol";
import {Roles} from "../src/libraries/Roles.sol";
import {IToken} from "../src/interfaces/IToken.sol";
import {IERC1643} from "../src/interfaces/IERC1643.sol";
import {IModularCompliance} from "../src/interfaces/IModularCompliance.sol";
import {CountryBlockModule} from "../src/compliance/modules/CountryBlockModule.sol";

/// @dev The per-asset AccessManager: each role opens exactly its functions; agents keep every agent power.
contract RolesTest is Fixture {
    IAccessManager internal manager;
    address internal op = makeAddr("operator");

    function setUp() public override {
        super.setUp();
        manager = IAccessManager(token.authority());
        _mint(alice, 1000);
    }

    function _grant(uint64 role) internal {
        vm.prank(issuer);
        manager.grantRole(role, op, 0);
    }

    function _expectNotAgent() internal {
        vm.expectRevert(abi.encodeWithSelector(IAgentRole.CallerNotAgent.selector, op));
    }

    function test_deployAsset_Success_WhenManagerWired() public {
        assertTrue(address(manager) != address(0));
        assertEq(compliance.authority(), address(manager));
        (bool issuerAdmin,) = manager.hasRole(Roles.ADMIN, issuer);
        (bool factoryAdmin,) = manager.hasRole(Roles.ADMIN, address(factory));
        assertTrue(issuerAdmin);
        assertFalse(factoryAdmin);
        assertEq(manager.getTargetFunctionRole(address(token), token.mint.selector), Roles.SUPPLY);
        assertEq(
            manager.getTargetFunctionRole(address(compliance), compliance.addModule.selector), Roles.COMPLIANCE_AGENT
        );
    }

    function test_deployAsset_Success_WhenEmitsAccessManagerDeployed() public {
        vm.recordLogs();
        vm.prank(issuer);
        (address t,) = factory.deployAsset(_demoParams());
        Vm.Log[] memory logs = vm.getRecordedLogs();
        bool found;
        for (uint256 i; i < logs.length; ++i) {
            if (
                logs[i].emitter == address(factory) && logs[i].topics[0] == ITokenFactory.AccessManagerDeployed.selector
            ) {
                assertEq(address(uint160(uint256(logs[i].topics[1]))), t);
                assertEq(abi.decode(logs[i].data, (address)), IManaged(t).authority());
                found = true;
            }
        }
        assertTrue(found);
    }

    function test_grantRole_Success_WhenEmitsEvent() public {
        vm.expectEmit(address(manager));
        emit IAccessManager.RoleGranted(Roles.SUPPLY, op, 0, uint48(block.timestamp), true);
        _grant(Roles.SUPPLY);
    }

    function test_supplyRole_Success_WhenMintingOnly() public {
        _grant(Roles.SUPPLY);
        vm.startPrank(op);
        token.mint(bob, 10);
        token.burn(bob, 5);
        vm.stopPrank();
        assertEq(token.balanceOf(bob), 5);
        _expectNotAgent();
        vm.prank(op);
        token.setAddressFrozen(alice, true);
        _expectNotAgent();
        vm.prank(op);
        token.forcedTransfer(alice, bob, 1);
    }

    function test_freezerRole_Success_WhenFreezingOnly() public {
        _grant(Roles.FREEZER);
        vm.startPrank(op);
        token.setAddressFrozen(alice, true);
        token.freezePartialTokens(alice, 10);
        token.setFrozenTokens(alice, 20);
        vm.stopPrank();
        assertTrue(token.isFrozen(alice));
        assertEq(token.getFrozenTokens(alice), 20);
        _expectNotAgent();
        vm.prank(op);
        token.mint(bob, 1);
    }

    function test_transferManagerAndRecoveryRoles_Success_WhenGranted() public {
        _grant(Roles.TRANSFER_MANAGER);
        vm.prank(op);
        token.forcedTransfer(alice, bob, 100);
        _expectNotAgent();
        vm.prank(op);
        token.recoveryAddress(bob, carol, identityOf(carol));
        _grant(Roles.RECOVERY_AGENT);
        // A recovery agent cannot move one investor's tokens to another (that is forcedTransfer's role).
        vm.prank(op);
        vm.expectRevert(
            abi.encodeWithSelector(IToken.RecoveryIdentityMismatch.selector, bob, identityOf(carol), identityOf(bob))
        );
        token.recoveryAddress(bob, carol, identityOf(carol));
        vm.prank(officer);
        registry.registerInvestor(makeAddr("bob2"), identityOf(bob), GBR, kycExpiry);
        vm.prank(op);
        token.recoveryAddress(bob, makeAddr("bob2"), identityOf(bob));
        assertEq(token.balanceOf(makeAddr("bob2")), 100);
    }

    function test_issuerRole_Success_WhenPausingAndDocuments() public {
        vm.prank(op);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, op));
        token.setDocument("terms", "ipfs://t", 0);
        _grant(Roles.ISSUER);
        vm.startPrank(op);
        token.pause();
        token.unpause();
        token.setDocument("terms", "ipfs://t", 0);
        vm.stopPrank();
        assertEq(token.getAllDocuments().length, 1);
    }

    function test_complianceRoles_Success_WhenSeparated() public {
        _grant(Roles.ALLOWLIST_MANAGER);
        vm.prank(op);
        compliance.callModuleFunction(abi.encodeCall(IMaxBalanceModule.setMaxBalance, (5)), address(balanceModule));
        assertEq(balanceModule.getMaxBalance(address(compliance)), 5);
        vm.prank(op);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, op));
        compliance.removeModule(address(balanceModule));
        _grant(Roles.COMPLIANCE_AGENT);
        vm.prank(op);
        compliance.removeModule(address(balanceModule));
        assertFalse(compliance.isModuleBound(address(balanceModule)));
    }

    function test_revokeRole_Success_WhenPowerGone() public {
        _grant(Roles.SUPPLY);
        vm.prank(issuer);
        manager.revokeRole(Roles.SUPPLY, op);
        _expectNotAgent();
        vm.prank(op);
        token.mint(bob, 1);
    }

    function test_setAuthority_Success_WhenOwnerTurnsRolesOff() public {
        _grant(Roles.SUPPLY);
        vm.expectEmit(address(token));
        emit IManaged.AuthorityUpdated(address(0));
        vm.prank(issuer);
        token.setAuthority(address(0));
        _expectNotAgent();
        vm.prank(op);
        token.mint(bob, 1);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, op));
        vm.prank(op);
        token.setAuthority(address(manager));
    }

    function test_agent_Success_WhenNoRoleNeeded() public {
        vm.prank(issuer);
        token.addAgent(op);
        vm.startPrank(op);
        token.mint(bob, 1);
        token.setAddressFrozen(bob, true);
        token.forcedTransfer(alice, carol, 1);
        vm.stopPrank();
    }

    // ----- the whole table of ARCHITECTURE.md "Roles": every function, every role

    struct Entry {
        address target;
        bytes4 selector;
        uint64 role;
    }

    function _table() internal view returns (Entry[23] memory t) {
        address k = address(token);
        address c = address(compliance);
        t = [
            Entry(k, IToken.mint.selector, Roles.SUPPLY),
            Entry(k, IToken.burn.selector, Roles.SUPPLY),
            Entry(k, IToken.batchMint.selector, Roles.SUPPLY),
            Entry(k, IToken.batchBurn.selector, Roles.SUPPLY),
            Entry(k, IToken.setAddressFrozen.selector, Roles.FREEZER),
            Entry(k, IToken.freezePartialTokens.selector, Roles.FREEZER),
            Entry(k, IToken.unfreezePartialTokens.selector, Roles.FREEZER),
            Entry(k, IToken.setFrozenTokens.selector, Roles.FREEZER),
            Entry(k, IToken.forcedTransfer.selector, Roles.TRANSFER_MANAGER),
            Entry(k, IToken.recoveryAddress.selector, Roles.RECOVERY_AGENT),
            Entry(c, IModularCompliance.addModule.selector, Roles.COMPLIANCE_AGENT),
            Entry(c, IModularCompliance.removeModule.selector, Roles.COMPLIANCE_AGENT),
            Entry(c, IModularCompliance.callModuleFunction.selector, Roles.ALLOWLIST_MANAGER),
            Entry(k, IToken.pause.selector, Roles.ISSUER),
            Entry(k, IToken.unpause.selector, Roles.ISSUER),
            Entry(k, IERC1643.setDocument.selector, Roles.ISSUER),
            Entry(k, IERC1643.removeDocument.selector, Roles.ISSUER),
            Entry(k, IToken.batchSetAddressFrozen.selector, Roles.FREEZER),
            Entry(k, IToken.batchFreezePartialTokens.selector, Roles.FREEZER),
            Entry(k, IToken.batchUnfreezePartialTokens.selector, Roles.FREEZER),
            Entry(k, IToken.batchForcedTransfer.selector, Roles.TRANSFER_MANAGER),
            Entry(k, IToken.setName.selector, Roles.ISSUER),
            Entry(k, IToken.setSymbol.selector, Roles.ISSUER)
        ];
    }

    function test_roleTable_Success_WhenEveryFunctionWired() public view {
        Entry[23] memory t = _table();
        for (uint256 i; i < t.length; ++i) {
            assertEq(manager.getTargetFunctionRole(t[i].target, t[i].selector), t[i].role, vm.toString(i));
        }
    }

    function test_roles_Success_WhenEachRoleOpensOnlyItsFunctions() public {
        Entry[23] memory t = _table();
        for (uint64 role = Roles.SUPPLY; role <= Roles.ISSUER; ++role) {
            address holder = makeAddr(string.concat("holder", vm.toString(role)));
            vm.prank(issuer);
            manager.grantRole(role, holder, 0);
            for (uint256 i; i < t.length; ++i) {
                (bool immediate,) = manager.canCall(holder, t[i].target, t[i].selector);
                assertEq(immediate, t[i].role == role, string.concat("role ", vm.toString(role), " entry ", vm.toString(i)));
            }
        }
    }

    function test_roles_Success_WhenBatchUnfreezeRemoveDocumentAddModuleCalled() public {
        address[] memory to = new address[](2);
        uint256[] memory amounts = new uint256[](2);
        (to[0], to[1], amounts[0], amounts[1]) = (bob, carol, 7, 3);
        _grant(Roles.SUPPLY);
        vm.startPrank(op);
        token.batchMint(to, amounts);
        token.batchBurn(to, amounts);
        vm.stopPrank();
        assertEq(token.balanceOf(bob) + token.balanceOf(carol), 0);

        _grant(Roles.FREEZER);
        vm.startPrank(op);
        token.freezePartialTokens(alice, 10);
        token.unfreezePartialTokens(alice, 4);
        vm.stopPrank();
        assertEq(token.getFrozenTokens(alice), 6);

        _grant(Roles.ISSUER);
        vm.startPrank(op);
        token.setDocument("terms", "ipfs://t", 0);
        token.removeDocument("terms");
        vm.stopPrank();
        assertEq(token.getAllDocuments().length, 0);

        CountryBlockModule blockModule = new CountryBlockModule();
        vm.prank(op);
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, op));
        compliance.addModule(address(blockModule));
        _grant(Roles.COMPLIANCE_AGENT);
        vm.prank(op);
        compliance.addModule(address(blockModule));
        assertTrue(compliance.isModuleBound(address(blockModule)));
    }
}
