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
import {TransferLimitModule} from "../src/compliance/modules/TransferLimitModule.sol";
import {IdentityMaxBalanceModule} from "../src/compliance/modules/IdentityMaxBalanceModule.sol";
import {CountryBlockModule} from "../src/compliance/modules/CountryBlockModule.sol";
import {SupplyCapModule} from "../src/compliance/modules/SupplyCapModule.sol";
import {MinHoldingModule} from "../src/compliance/modules/MinHoldingModule.sol";
import {LockUpModule} from "../src/compliance/modules/LockUpModule.sol";
import {ManualApprovalModule} from "../src/compliance/modules/ManualApprovalModule.sol";
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
        address[7] moreModules; // transferLimit, identityMaxBalance, countryBlock, supplyCap, minHolding, lockUp, manualApproval
    }

    function run() external returns (Platform memory p) {
        address agent = vm.envOr("COMPLIANCE_AGENT", address(0));
        vm.startBroadcast();
        address deployer = msg.sender;
        p = deploy(deployer);
        p.identityRegistry.addAgent(deployer);
        p.identityRegistry.setTokenFactory(address(p.factory)); // its tokens' recoveryAddress moves registrations
        if (agent != address(0) && agent != deployer) p.identityRegistry.addAgent(agent);
        vm.stopBroadcast();

        console2.log("identityRegistry", address(p.identityRegistry));
        console2.log("factory", address(p.factory));
        console2.log("token implementation", address(p.tokenImplementation));
        console2.log("compliance implementation", address(p.complianceImplementation));
        console2.log("countryAllow module", address(p.countryAllow));
        console2.log("maxHolders module", address(p.maxHolders));
        console2.log("maxBalance module", address(p.maxBalance));
        console2.log("accessManager implementation", address(p.accessManagerImplementation));
        string[7] memory names = [
            "transferLimit", "identityMaxBalance", "countryBlock", "supplyCap", "minHolding", "lockUp", "manualApproval"
        ];
        for (uint256 i; i < 7; ++i) {
            console2.log(string.concat(names[i], " module"), p.moreModules[i]);
        }
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
        p.moreModules = [
            address(new TransferLimitModule()),
            address(new IdentityMaxBalanceModule()),
            address(new CountryBlockModule()),
            address(new SupplyCapModule()),
            address(new MinHoldingModule()),
            address(new LockUpModule()),
            address(new ManualApprovalModule())
        ];
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
