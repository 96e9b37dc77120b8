// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ModuleBase} from "./ModuleBase.sol";
import {ICountryAllowModule} from "../../interfaces/IComplianceModules.sol";
import {IComplianceModule} from "../../interfaces/IComplianceModule.sol";
import {IIdentityRegistry} from "../../interfaces/IIdentityRegistry.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";

/// @title CountryAllowModule
/// @notice Singleton: per compliance, an allow list of recipient countries (ISO-3166 numeric).
contract CountryAllowModule is ICountryAllowModule, ModuleBase {
    mapping(address compliance => mapping(uint16 country => bool)) private _allowed;
    mapping(address compliance => uint256) private _count;

    /// @inheritdoc ICountryAllowModule
    function batchAllowCountries(uint16[] calldata countries) external {
        uint256 n = countries.length;
        for (uint256 i; i < n; ++i) {
            uint16 c = countries[i];
            if (_allowed[msg.sender][c]) revert CountryAlreadyAllowed(msg.sender, c);
            _allowed[msg.sender][c] = true;
            emit CountryAllowed(msg.sender, c);
        }
        _count[msg.sender] += n;
    }

    /// @inheritdoc ICountryAllowModule
    function batchDisallowCountries(uint16[] calldata countries) external {
        uint256 n = countries.length;
        for (uint256 i; i < n; ++i) {
            uint16 c = countries[i];
            if (!_allowed[msg.sender][c]) revert CountryNotAllowed(msg.sender, c);
            _allowed[msg.sender][c] = false;
            emit CountryUnallowed(msg.sender, c);
        }
        // Cannot underflow: each of the n countries was counted when it was allowed.
        unchecked {
            _count[msg.sender] -= n;
        }
    }

    /// @inheritdoc ICountryAllowModule
    function isCountryAllowed(address compliance, uint16 country) external view returns (bool) {
        return _allowed[compliance][country];
    }

    /// @inheritdoc ICountryAllowModule
    function allowedCountryCount(address compliance) external view returns (uint256) {
        return _count[compliance];
    }

    /// @inheritdoc IComplianceModule
    function checkTransfer(address compliance, address, address to, uint256) external view returns (uint8) {
        if (_count[compliance] == 0 || to == address(0)) return RestrictionCodes.SUCCESS;
        uint16 country = IIdentityRegistry(_registry(compliance)).investorCountry(to);
        return _allowed[compliance][country] ? RestrictionCodes.SUCCESS : RestrictionCodes.COUNTRY_NOT_ALLOWED;
    }

    /// @inheritdoc IComplianceModule
    function moduleTransferAction(address, address, uint256) external {}

    /// @inheritdoc IComplianceModule
    function moduleMintAction(address, uint256) external {}

    /// @inheritdoc IComplianceModule
    function moduleBurnAction(address, uint256) external {}

    /// @inheritdoc IComplianceModule
    function name() external pure returns (string memory) {
        return "CountryAllowModule";
    }
}
