// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Vm} from "forge-std/Vm.sol";
import {Fixture} from "./utils/Fixture.sol";
import {Token} from "../src/token/Token.sol";
import {TokenFactory} from "../src/factory/TokenFactory.sol";
import {ModularCompliance} from "../src/compliance/ModularCompliance.sol";
import {ITokenFactory} from "../src/interfaces/ITokenFactory.sol";
import {IToken} from "../src/interfaces/IToken.sol";
import {IModularCompliance} from "../src/interfaces/IModularCompliance.sol";
import {IMaxHoldersModule, IMaxBalanceModule} from "../src/interfaces/IComplianceModules.sol";

import {TransferLimitModule} from "../src/compliance/modules/TransferLimitModule.sol";
import {LockUpModule} from "../src/compliance/modules/LockUpModule.sol";
import {ITransferLimitModule, ILockUpModule} from "../src/interfaces/IComplianceModules.sol";

contract TokenFactoryTest is Fixture {
    function test_deployAsset_Success_WhenAllRulesSet() public {
        ITokenFactory.AssetParams memory p = _demoParams();
        uint64 nonce = vm.getNonce(address(factory));
        address expectedCompliance = vm.computeCreateAddress(address(factory), nonce);
        address expectedToken = vm.computeCreateAddress(address(factory), nonce + 1);

        vm.expectEmit(expectedCompliance);
        emit IModularCompliance.TokenBound(expectedToken);
        vm.expectEmit(address(holdersModule));
        emit IMaxHoldersModule.HolderLimitSet(expectedCompliance, 100);
        vm.expectEmit(address(balanceModule));
        emit IMaxBalanceModule.MaxBalanceSet(expectedCompliance, MAX_BALANCE);
        vm.expectEmit(expectedToken);
        emit IToken.IdentityRegistryAdded(address(registry));
        vm.expectEmit(address(factory));
        emit ITokenFactory.AssetDeployed(
            expectedToken, issuer, expectedCompliance, address(registry), "Tessera Demo Fund", "TDF", 18, 0
        );
        (Token t, ModularCompliance c) = _deploy(p);

        assertEq(address(t), expectedToken);
        assertEq(address(c), expectedCompliance);
        assertEq(t.owner(), issuer);
        assertTrue(t.isAgent(issuer));
        assertFalse(t.isAgent(address(factory)));
        assertEq(c.owner(), issuer);
        assertEq(c.getTokenBound(), address(t));
        assertEq(c.getModules().length, 3);
        assertEq(countryModule.allowedCountryCount(address(c)), 4);
        assertTrue(countryModule.isCountryAllowed(address(c), DEU));
        assertEq(holdersModule.getHolderLimit(address(c)), 100);
        assertEq(balanceModule.getMaxBalance(address(c)), MAX_BALANCE);
    }

    function test_deployAsset_Success_WhenRulesOff() public {
        ITokenFactory.AssetParams memory p = _demoParams();
        p.allowedCountries = new uint16[](0);
        p.maxHolders = 0;
        p.maxBalance = 0;
        p.decimals = 0;
        p.assetClass = 3;
        (Token t, ModularCompliance c) = _deploy(p);
        assertEq(c.getModules().length, 0);
        assertEq(t.decimals(), 0);
        assertEq(t.assetClass(), 3);
        vm.prank(issuer);
        t.mint(eve, 1); // any verified investor, any country
        assertEq(t.balanceOf(eve), 1);
    }

    function test_deployAsset_Success_WhenOneTransaction() public {
        vm.recordLogs();
        _deploy(_demoParams());
        Vm.Log[] memory logs = vm.getRecordedLogs();
        uint256 deployed;
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] == ITokenFactory.AssetDeployed.selector) ++deployed;
        }
        assertEq(deployed, 1);
    }

    function test_deployAsset_RevertWhen_DecimalsOutOfRange() public {
        ITokenFactory.AssetParams memory p = _demoParams();
        p.decimals = 19;
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(IToken.DecimalsOutOfRange.selector, uint8(19)));
        factory.deployAsset(p);
    }

    function test_deployAsset_RevertWhen_InvalidAssetClass() public {
        ITokenFactory.AssetParams memory p = _demoParams();
        p.assetClass = 4;
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(IToken.InvalidAssetClass.selector, uint8(4)));
        factory.deployAsset(p);
    }

    function test_deployAsset_RevertWhen_EmptyName() public {
        ITokenFactory.AssetParams memory p = _demoParams();
        p.name = "";
        vm.prank(issuer);
        vm.expectRevert(ITokenFactory.EmptyNameOrSymbol.selector);
        factory.deployAsset(p);
    }

    function test_constructor_RevertWhen_ZeroAddress() public {
        vm.expectRevert(abi.encodeWithSelector(ITokenFactory.InvalidAddress.selector, address(0)));
        new TokenFactory(
            address(registry),
            address(0),
            address(complianceImpl),
            address(countryModule),
            address(holdersModule),
            address(balanceModule),
            address(1)
        );
    }

    function test_deployAssetWithModules_Success_WhenWholeSuiteInOneTransaction() public {
        TransferLimitModule limit = new TransferLimitModule();
        LockUpModule lockUp = new LockUpModule();
        ITokenFactory.ModuleSetup[] memory extra = new ITokenFactory.ModuleSetup[](2);
        extra[0].module = address(limit);
        extra[0].calls = new bytes[](1);
        extra[0].calls[0] = abi.encodeCall(ITransferLimitModule.setTransferLimit, (1 days, 1000e18));
        extra[1].module = address(lockUp);
        extra[1].calls = new bytes[](1);
        extra[1].calls[0] = abi.encodeCall(ILockUpModule.setLockUpPeriod, (365 days));
        vm.prank(issuer);
        (address t, address c) = factory.deployAssetWithModules(_demoParams(), extra);
        address[] memory modules = ModularCompliance(c).getModules();
        assertEq(modules.length, 5);
        assertEq(modules[3], address(limit));
        assertEq(modules[4], address(lockUp));
        (uint64 period, uint256 maxVolume) = limit.getTransferLimit(c);
        assertEq(period, 1 days);
        assertEq(maxVolume, 1000e18);
        assertEq(lockUp.getLockUpPeriod(c), 365 days);
        assertEq(ModularCompliance(c).owner(), issuer);
        assertTrue(Token(t).isAgent(issuer));
    }

    function test_deployAssetWithModules_RevertWhen_ModuleRepeated() public {
        ITokenFactory.ModuleSetup[] memory extra = new ITokenFactory.ModuleSetup[](1);
        extra[0].module = address(balanceModule); // already added by the params' max balance
        vm.prank(issuer);
        vm.expectRevert(abi.encodeWithSelector(IModularCompliance.ModuleAlreadyAdded.selector, address(balanceModule)));
        factory.deployAssetWithModules(_demoParams(), extra);
    }
}
