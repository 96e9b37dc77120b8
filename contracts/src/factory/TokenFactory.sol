// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Clones} from "@openzeppelin/contracts/proxy/Clones.sol";
import {ITokenFactory} from "../interfaces/ITokenFactory.sol";
import {ICountryAllowModule, IMaxHoldersModule, IMaxBalanceModule} from "../interfaces/IComplianceModules.sol";
import {Token} from "../token/Token.sol";
import {ModularCompliance} from "../compliance/ModularCompliance.sol";

/// @title TokenFactory
/// @notice Permissionless asset factory: anyone may issue; investors still need the shared registry's verification.
contract TokenFactory is ITokenFactory {
    address private immutable _identityRegistry;
    address private immutable _tokenImplementation;
    address private immutable _complianceImplementation;
    address private immutable _countryAllowModule;
    address private immutable _maxHoldersModule;
    address private immutable _maxBalanceModule;

    /// @dev Reverts with `InvalidAddress` when any address is zero.
    constructor(
        address identityRegistry_,
        address tokenImplementation_,
        address complianceImplementation_,
        address countryAllowModule_,
        address maxHoldersModule_,
        address maxBalanceModule_
    ) {
        _nonZero(identityRegistry_);
        _nonZero(tokenImplementation_);
        _nonZero(complianceImplementation_);
        _nonZero(countryAllowModule_);
        _nonZero(maxHoldersModule_);
        _nonZero(maxBalanceModule_);
        _identityRegistry = identityRegistry_;
        _tokenImplementation = tokenImplementation_;
        _complianceImplementation = complianceImplementation_;
        _countryAllowModule = countryAllowModule_;
        _maxHoldersModule = maxHoldersModule_;
        _maxBalanceModule = maxBalanceModule_;
    }

    /// @inheritdoc ITokenFactory
    function deployAsset(AssetParams calldata params) external returns (address token, address compliance) {
        if (bytes(params.name).length == 0 || bytes(params.symbol).length == 0) revert EmptyNameOrSymbol();

        compliance = Clones.clone(_complianceImplementation);
        token = Clones.clone(_tokenImplementation);
        ModularCompliance c = ModularCompliance(compliance);
        c.initialize(address(this));
        c.bindToken(token);

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
                address(0)
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

    function _nonZero(address a) private pure {
        if (a == address(0)) revert InvalidAddress(a);
    }
}
