// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {ITokenFactory} from "../interfaces/ITokenFactory.sol";
import {ICountryAllowModule, IMaxHoldersModule, IMaxBalanceModule} from "../interfaces/IComplianceModules.sol";
import {Token} from "../token/Token.sol";
import {ModularCompliance} from "../compliance/ModularCompliance.sol";
import {IAccessManager} from "@openzeppelin/contracts/access/manager/IAccessManager.sol";
import {
    AccessManagerUpgradeable
} from "@openzeppelin/contracts-upgradeable/access/manager/AccessManagerUpgradeable.sol";
import {Roles} from "../libraries/Roles.sol";
import {IToken} from "../interfaces/IToken.sol";
import {ITokenLock} from "../interfaces/ITokenLock.sol";
import {IERC1643} from "../interfaces/IERC1643.sol";
import {IModularCompliance} from "../interfaces/IModularCompliance.sol";

/// @title TokenFactory
/// @notice Permissionless asset factory: anyone may issue; investors still need the shared registry's verification.
contract TokenFactory is ITokenFactory {
    address private immutable _identityRegistry;
    /// @dev Tokens this factory deployed (the registry lets them move a recovered wallet's registration).
    mapping(address token => bool) private _isToken;
    address private immutable _tokenImplementation;
    address private immutable _complianceImplementation;
    address private immutable _countryAllowModule;
    address private immutable _maxHoldersModule;
    address private immutable _maxBalanceModule;
    address private immutable _accessManagerImplementation;

    /// @dev Reverts with `InvalidAddress` when any address is zero.
    constructor(
        address identityRegistry_,
        address tokenImplementation_,
        address complianceImplementation_,
        address countryAllowModule_,
        address maxHoldersModule_,
        address maxBalanceModule_,
        address accessManagerImplementation_
    ) {
        _nonZero(identityRegistry_);
        _nonZero(tokenImplementation_);
        _nonZero(complianceImplementation_);
        _nonZero(countryAllowModule_);
        _nonZero(maxHoldersModule_);
        _nonZero(maxBalanceModule_);
        _nonZero(accessManagerImplementation_);
        _identityRegistry = identityRegistry_;
        _tokenImplementation = tokenImplementation_;
        _complianceImplementation = complianceImplementation_;
        _countryAllowModule = countryAllowModule_;
        _maxHoldersModule = maxHoldersModule_;
        _maxBalanceModule = maxBalanceModule_;
        _accessManagerImplementation = accessManagerImplementation_;
    }

    /// @inheritdoc ITokenFactory
    function deployAsset(AssetParams calldata params) external returns (address token, address compliance) {
        return _deployAsset(params, new ModuleSetup[](0));
    }

    /// @inheritdoc ITokenFactory
    function deployAssetWithModules(AssetParams calldata params, ModuleSetup[] calldata modules)
        external
        returns (address token, address compliance)
    {
        return _deployAsset(params, modules);
    }

    function _deployAsset(AssetParams calldata params, ModuleSetup[] memory extra)
        private
        returns (address token, address compliance)
    {
        if (bytes(params.name).length == 0 || bytes(params.symbol).length == 0) revert EmptyNameOrSymbol();

        compliance = Clones.clone(_complianceImplementation);
        token = Clones.clone(_tokenImplementation);
        _isToken[token] = true;
        address manager = _deployAccessManager(token, compliance);
        ModularCompliance c = ModularCompliance(compliance);
        c.initialize(address(this));
        c.bindToken(token);
        c.setAuthority(manager);

        if (params.allowedCountries.length != 0) {
            c.addModule(_countryAllowModule);
            c.callModuleFunction(
                abi.encodeCall(ICountryAllowModule.batchAllowCountries, (params.allowedCountries)), _countryAllowModule
            );
        }
        if (params.maxHolders != 0) {
            c.addModule(_maxHoldersModule);
            c.callModuleFunction(
                abi.encodeCall(IMaxHoldersModule.setHolderLimit, (params.maxHolders)), _maxHoldersModule
            );
        }
        if (params.maxBalance != 0) {
            c.addModule(_maxBalanceModule);
            c.callModuleFunction(
                abi.encodeCall(IMaxBalanceModule.setMaxBalance, (params.maxBalance)), _maxBalanceModule
            );
        }
        for (uint256 i; i < extra.length; ++i) {
            address m = extra[i].module;
            c.addModule(m);
            bytes[] memory calls = extra[i].calls;
            for (uint256 j; j < calls.length; ++j) {
                c.callModuleFunction(calls[j], m);
            }
        }
        c.transferOwnership(msg.sender);

        Token(token)
            .initialize(
                msg.sender,
                params.name,
                params.symbol,
                params.decimals,
                params.assetClass,
                _identityRegistry,
                compliance,
                address(0),
                manager
            );

        emit AssetDeployed(
            token,
            msg.sender,
            compliance,
            _identityRegistry,
            params.name,
            params.symbol,
            params.decimals,
            params.assetClass
        );
        emit AccessManagerDeployed(token, manager);
    }

    /// @dev A per-asset AccessManager clone: each role (`Roles`) gets its functions on the token and the compliance,
    /// roles are labelled, and the caller becomes its admin (the factory renounces).
    function _deployAccessManager(address token, address compliance) private returns (address manager) {
        manager = Clones.clone(_accessManagerImplementation);
        AccessManagerUpgradeable(manager).initialize(address(this));
        IAccessManager m = IAccessManager(manager);

        bytes4[] memory s = new bytes4[](4);
        s[0] = IToken.mint.selector;
        s[1] = IToken.burn.selector;
        s[2] = IToken.batchMint.selector;
        s[3] = IToken.batchBurn.selector;
        m.setTargetFunctionRole(token, s, Roles.SUPPLY);
        bytes4[] memory f = new bytes4[](7);
        f[0] = IToken.setAddressFrozen.selector;
        f[1] = IToken.freezePartialTokens.selector;
        f[2] = IToken.unfreezePartialTokens.selector;
        f[3] = IToken.setFrozenTokens.selector;
        f[4] = IToken.batchSetAddressFrozen.selector;
        f[5] = IToken.batchFreezePartialTokens.selector;
        f[6] = IToken.batchUnfreezePartialTokens.selector;
        m.setTargetFunctionRole(token, f, Roles.FREEZER);
        bytes4[] memory i6 = new bytes4[](7);
        i6[0] = IToken.pause.selector;
        i6[1] = IToken.unpause.selector;
        i6[2] = IERC1643.setDocument.selector;
        i6[3] = IERC1643.removeDocument.selector;
        i6[4] = IToken.setName.selector;
        i6[5] = IToken.setSymbol.selector;
        i6[6] = ITokenLock.setLocker.selector;
        m.setTargetFunctionRole(token, i6, Roles.ISSUER);

        bytes4[] memory two = new bytes4[](2);
        two[0] = IToken.forcedTransfer.selector;
        two[1] = IToken.batchForcedTransfer.selector;
        m.setTargetFunctionRole(token, two, Roles.TRANSFER_MANAGER);
        bytes4[] memory one = new bytes4[](1);
        one[0] = IToken.recoveryAddress.selector;
        m.setTargetFunctionRole(token, one, Roles.RECOVERY_AGENT);
        one[0] = IModularCompliance.callModuleFunction.selector;
        m.setTargetFunctionRole(compliance, one, Roles.ALLOWLIST_MANAGER);
        two[0] = IModularCompliance.addModule.selector;
        two[1] = IModularCompliance.removeModule.selector;
        m.setTargetFunctionRole(compliance, two, Roles.COMPLIANCE_AGENT);

        m.labelRole(Roles.SUPPLY, "SUPPLY");
        m.labelRole(Roles.FREEZER, "FREEZER");
        m.labelRole(Roles.TRANSFER_MANAGER, "TRANSFER_MANAGER");
        m.labelRole(Roles.RECOVERY_AGENT, "RECOVERY_AGENT");
        m.labelRole(Roles.COMPLIANCE_AGENT, "COMPLIANCE_AGENT");
        m.labelRole(Roles.ALLOWLIST_MANAGER, "ALLOWLIST_MANAGER");
        m.labelRole(Roles.ISSUER, "ISSUER");
        m.labelRole(Roles.FUND_ADMIN, "FUND_ADMIN");
        m.labelRole(Roles.NAV_AGENT, "NAV_AGENT");
        m.labelRole(Roles.NAV_APPROVER, "NAV_APPROVER");
        m.labelRole(Roles.CORPORATE_ACTIONS, "CORPORATE_ACTIONS");

        m.grantRole(Roles.ADMIN, msg.sender, 0);
        m.renounceRole(Roles.ADMIN, address(this));
    }

    /// @inheritdoc ITokenFactory
    function isToken(address token) external view returns (bool) {
        return _isToken[token];
    }

    /// @inheritdoc ITokenFactory
    function identityRegistry() external view returns (address) {
        return _identityRegistry;
    }

    /// @inheritdoc ITokenFactory
    function tokenImplementation() external view returns (address) {
        return _tokenImplementation;
    }

    /// @inheritdoc ITokenFactory
    function complianceImplementation() external view returns (address) {
        return _complianceImplementation;
    }

    /// @inheritdoc ITokenFactory
    function countryAllowModule() external view returns (address) {
        return _countryAllowModule;
    }

    /// @inheritdoc ITokenFactory
    function maxHoldersModule() external view returns (address) {
        return _maxHoldersModule;
    }

    /// @inheritdoc ITokenFactory
    function maxBalanceModule() external view returns (address) {
        return _maxBalanceModule;
    }

    /// @inheritdoc ITokenFactory
    function accessManagerImplementation() external view returns (address) {
        return _accessManagerImplementation;
    }

    function _nonZero(address a) private pure {
        if (a == address(0)) revert InvalidAddress(a);
    }
}
