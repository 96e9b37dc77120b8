// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Fixture} from "../utils/Fixture.sol";
import {Token} from "../../src/token/Token.sol";
import {ModularCompliance} from "../../src/compliance/ModularCompliance.sol";
import {ITokenFactory} from "../../src/interfaces/ITokenFactory.sol";
import {TransferLimitModule} from "../../src/compliance/modules/TransferLimitModule.sol";
import {IdentityMaxBalanceModule} from "../../src/compliance/modules/IdentityMaxBalanceModule.sol";
import {CountryBlockModule} from "../../src/compliance/modules/CountryBlockModule.sol";
import {SupplyCapModule} from "../../src/compliance/modules/SupplyCapModule.sol";
import {MinHoldingModule} from "../../src/compliance/modules/MinHoldingModule.sol";
import {LockUpModule} from "../../src/compliance/modules/LockUpModule.sol";
import {
    ICountryAllowModule,
    IMaxHoldersModule,
    IMaxBalanceModule,
    ITransferLimitModule,
    IIdentityMaxBalanceModule,
    ICountryBlockModule,
    ISupplyCapModule,
    IMinHoldingModule,
    ILockUpModule
} from "../../src/interfaces/IComplianceModules.sol";

/// @dev Gas of one holder transfer (between existing holders, warm-free test transaction) and one mint with exactly
/// one module, per module, for `.gas-snapshot`: what each rule adds to a transfer. `test_gas_none_*` is the baseline.
contract GasModulesTest is Fixture {
    mapping(bytes32 => Token) internal assets;

    function setUp() public override {
        super.setUp();
        uint16[] memory c = new uint16[](1);
        c[0] = JPN;
        _asset("none", address(0), "");
        _asset(
            "countryAllow", address(countryModule), abi.encodeCall(ICountryAllowModule.batchAllowCountries, (_gbrUsa()))
        );
        _asset("maxHolders", address(holdersModule), abi.encodeCall(IMaxHoldersModule.setHolderLimit, (100)));
        _asset("maxBalance", address(balanceModule), abi.encodeCall(IMaxBalanceModule.setMaxBalance, (MAX_BALANCE)));
        _asset(
            "transferLimit",
            address(new TransferLimitModule()),
            abi.encodeCall(ITransferLimitModule.setTransferLimit, (1 days, MAX_BALANCE))
        );
        _asset(
            "identityMaxBalance",
            address(new IdentityMaxBalanceModule()),
            abi.encodeCall(IIdentityMaxBalanceModule.setIdentityMaxBalance, (MAX_BALANCE))
        );
        _asset(
            "countryBlock",
            address(new CountryBlockModule()),
            abi.encodeCall(ICountryBlockModule.batchBlockCountries, (c))
        );
        _asset(
            "supplyCap", address(new SupplyCapModule()), abi.encodeCall(ISupplyCapModule.setSupplyCap, (MAX_BALANCE))
        );
        _asset("minHolding", address(new MinHoldingModule()), abi.encodeCall(IMinHoldingModule.setMinHolding, (1e18)));
        _asset("lockUp", address(new LockUpModule()), abi.encodeCall(ILockUpModule.setLockUpPeriod, (365 days)));
    }

    function _gbrUsa() internal pure returns (uint16[] memory c) {
        c = new uint16[](2);
        c[0] = USA;
        c[1] = GBR;
    }

    function _asset(bytes32 key, address module, bytes memory config) internal {
        ITokenFactory.AssetParams memory p;
        p.name = "Gas";
        p.symbol = "GAS";
        p.decimals = 18;
        (Token t, ModularCompliance c) = _deploy(p);
        vm.startPrank(issuer);
        if (module != address(0)) {
            c.addModule(module);
            c.callModuleFunction(config, module);
        }
        t.mint(bob, 10e18);
        vm.stopPrank();
        if (key != "lockUp") {
            vm.prank(issuer);
            t.mint(alice, 1000e18);
            vm.prank(alice);
            t.transfer(bob, 1e18); // usage slots exist, as for an active holder
        } else {
            // lock-up: alice's tokens were issued before the rule, so they are free to move
            vm.prank(issuer);
            c.removeModule(module);
            vm.prank(issuer);
            t.mint(alice, 1000e18);
            vm.startPrank(issuer);
            c.addModule(module);
            vm.stopPrank();
        }
        assets[key] = t;
    }

    function _transfer(bytes32 key) internal {
        vm.prank(alice);
        assets[key].transfer(bob, 1e18);
    }

    function _mintTo(bytes32 key) internal {
        vm.prank(issuer);
        assets[key].mint(bob, 1e18);
    }

    function test_gas_none_transfer() public {
        _transfer("none");
    }

    function test_gas_none_mint() public {
        _mintTo("none");
    }

    function test_gas_countryAllow_transfer() public {
        _transfer("countryAllow");
    }

    function test_gas_maxHolders_transfer() public {
        _transfer("maxHolders");
    }

    function test_gas_maxBalance_transfer() public {
        _transfer("maxBalance");
    }

    function test_gas_transferLimit_transfer() public {
        _transfer("transferLimit");
    }

    function test_gas_identityMaxBalance_transfer() public {
        _transfer("identityMaxBalance");
    }

    function test_gas_countryBlock_transfer() public {
        _transfer("countryBlock");
    }

    function test_gas_supplyCap_mint() public {
        _mintTo("supplyCap");
    }

    function test_gas_minHolding_transfer() public {
        _transfer("minHolding");
    }

    function test_gas_lockUp_transfer() public {
        _transfer("lockUp");
    }

    function test_gas_lockUp_mint() public {
        _mintTo("lockUp");
    }
}
