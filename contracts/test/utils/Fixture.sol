// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test} from "forge-std/Test.sol";
import {IdentityRegistry} from "../../src/registry/IdentityRegistry.sol";
import {Token} from "../../src/token/Token.sol";
import {ModularCompliance} from "../../src/compliance/ModularCompliance.sol";
import {CountryAllowModule} from "../../src/compliance/modules/CountryAllowModule.sol";
import {MaxHoldersModule} from "../../src/compliance/modules/MaxHoldersModule.sol";
import {MaxBalanceModule} from "../../src/compliance/modules/MaxBalanceModule.sol";
import {TokenFactory} from "../../src/factory/TokenFactory.sol";
import {ITokenFactory} from "../../src/interfaces/ITokenFactory.sol";
import {
    AccessManagerUpgradeable
} from "@openzeppelin/contracts-upgradeable/access/manager/AccessManagerUpgradeable.sol";

/// @dev The platform, four registered investors (three in allowed countries, one in Japan), one unregistered wallet,
/// and a demo-like asset: countries 840/826/250/276, 100 holders max, 1,000,000 whole tokens max per wallet.
abstract contract Fixture is Test {
    uint16 internal constant USA = 840;
    uint16 internal constant GBR = 826;
    uint16 internal constant FRA = 250;
    uint16 internal constant DEU = 276;
    uint16 internal constant JPN = 392;
    uint256 internal constant MAX_BALANCE = 1_000_000e18;

    IdentityRegistry internal registry;
    Token internal tokenImpl;
    ModularCompliance internal complianceImpl;
    CountryAllowModule internal countryModule;
    MaxHoldersModule internal holdersModule;
    MaxBalanceModule internal balanceModule;
    TokenFactory internal factory;

    Token internal token;
    ModularCompliance internal compliance;

    address internal admin = makeAddr("admin");
    address internal issuer = makeAddr("issuer");
    address internal officer = makeAddr("officer");
    address internal alice = makeAddr("alice"); // USA
    address internal bob = makeAddr("bob"); // GBR
    address internal carol = makeAddr("carol"); // FRA
    address internal eve = makeAddr("eve"); // JPN, registered but country not allowed
    address internal dave = makeAddr("dave"); // unregistered

    uint64 internal kycExpiry;

    function setUp() public virtual {
        vm.warp(1_750_000_000);
        kycExpiry = uint64(block.timestamp + 365 days);

        registry = new IdentityRegistry(admin);
        tokenImpl = new Token();
        complianceImpl = new ModularCompliance();
        countryModule = new CountryAllowModule();
        holdersModule = new MaxHoldersModule();
        balanceModule = new MaxBalanceModule();
        factory = new TokenFactory(
            address(registry),
            address(tokenImpl),
            address(complianceImpl),
            address(countryModule),
            address(holdersModule),
            address(balanceModule),
            address(new AccessManagerUpgradeable())
        );
        vm.startPrank(admin);
        registry.addAgent(officer);
        registry.setTokenFactory(address(factory));
        vm.stopPrank();

        _register(alice, USA);
        _register(bob, GBR);
        _register(carol, FRA);
        _register(eve, JPN);

        (token, compliance) = _deploy(_demoParams());
    }

    function identityOf(address wallet) internal pure returns (address) {
        return address(uint160(uint256(keccak256(abi.encode("onchainid", wallet)))));
    }

    function _register(address wallet, uint16 country) internal {
        vm.prank(officer);
        registry.registerInvestor(wallet, identityOf(wallet), country, kycExpiry);
    }

    function _demoParams() internal pure returns (ITokenFactory.AssetParams memory p) {
        uint16[] memory countries = new uint16[](4);
        countries[0] = USA;
        countries[1] = GBR;
        countries[2] = FRA;
        countries[3] = DEU;
        p = ITokenFactory.AssetParams({
            name: "Tessera Demo Fund",
            symbol: "TDF",
            decimals: 18,
            assetClass: 0,
            allowedCountries: countries,
            maxHolders: 100,
            maxBalance: MAX_BALANCE
        });
    }

    function _deploy(ITokenFactory.AssetParams memory p) internal returns (Token t, ModularCompliance c) {
        vm.prank(issuer);
        (address ta, address ca) = factory.deployAsset(p);
        t = Token(ta);
        c = ModularCompliance(ca);
    }

    function _mint(address to, uint256 amount) internal {
        vm.prank(issuer);
        token.mint(to, amount);
    }
}
