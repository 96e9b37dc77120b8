// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Script, console2} from "forge-std/Script.sol";
import {IdentityRegistry} from "../src/registry/IdentityRegistry.sol";
import {Token} from "../src/token/Token.sol";
import {ModularCompliance} from "../src/compliance/ModularCompliance.sol";
import {CountryAllowModule} from "../src/compliance/modules/CountryAllowModule.sol";
import {MaxHoldersModule} from "../src/compliance/modules/MaxHoldersModule.sol";
import {MaxBalanceModule} from "../src/compliance/modules/MaxBalanceModule.sol";
import {TokenFactory} from "../src/factory/TokenFactory.sol";
import {
    AccessManagerUpgradeable
} from "@openzeppelin/contracts-upgradeable/access/manager/AccessManagerUpgradeable.sol";

/// @notice Deploys the Tessera platform (registry, implementations, modules, factory) for users with their own forge.
/// Usage: `forge script contracts/script/Deploy.s.sol --rpc-url $RPC_URL --broadcast --private-key $KEY`.
/// Optional env `COMPLIANCE_AGENT`: an address added as identity registry agent (the deployer always is one).
/// The npm path (deployPlatform in the SDK node entry) does the same and also writes deployments/<chainId>.json.
contract Deploy is Script {
    struct Platform {
        IdentityRegistry identityRegistry;
        Token tokenImplementation;
        ModularCompliance complianceImplementation;
        CountryAllowModule countryAllow;
        MaxHoldersModule maxHolders;
        MaxBalanceModule maxBalance;
        AccessManagerUpgradeable accessManagerImplementation;
        TokenFactory factory;
    }

    function run() external returns (Platform memory p) {
        address agent = vm.envOr("COMPLIANCE_AGENT", address(0));
        vm.startBroadcast();
        address deployer = msg.sender;
        p = deploy(deployer);
        p.identityRegistry.addAgent(deployer);
        if (agent != address(0) && agent != deployer) p.identityRegistry.addAgent(agent);
        vm.stopBroadcast();

        console2.log("identityRegistry", address(p.identityRegistry));
        console2.log("factory", address(p.factory));
        console2.log("token implementation", address(p.tokenImplementation));
        console2.log("compliance implementation", address(p.complianceImplementation));
        console2.log("countryAllow module", address(p.countryAllow));
        console2.log("maxHolders module", address(p.maxHolders));
        console2.log("maxBalance module", address(p.maxBalance));
    }

    /// @notice Deploys every platform contract; `owner` owns the identity registry.
    function deploy(address owner) public returns (Platform memory p) {
        p.identityRegistry = new IdentityRegistry(owner);
        p.tokenImplementation = new Token();
        p.complianceImplementation = new ModularCompliance();
        p.countryAllow = new CountryAllowModule();
        p.maxHolders = new MaxHoldersModule();
        p.maxBalance = new MaxBalanceModule();
        p.accessManagerImplementation = new AccessManagerUpgradeable();
        p.factory = new TokenFactory(
            address(p.identityRegistry),
            address(p.tokenImplementation),
            address(p.complianceImplementation),
            address(p.countryAllow),
            address(p.maxHolders),
            address(p.maxBalance),
            address(p.accessManagerImplementation)
        );
    }
}
