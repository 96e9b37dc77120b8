// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ModuleBase} from "./ModuleBase.sol";
import {ICountryBlockModule} from "../../interfaces/IComplianceModules.sol";
import {IComplianceModule, TransferInfo, TransferKind} from "../../interfaces/IComplianceModule.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";

/// @title CountryBlockModule
/// @notice Singleton: per compliance, a block list of recipient countries (ISO-3166 numeric). One slot per check.
contract CountryBlockModule is ICountryBlockModule, ModuleBase {
    mapping(address compliance => mapping(uint16 country => bool)) private _blocked;

    /// @inheritdoc ICountryBlockModule
    function batchBlockCountries(uint16[] calldata countries) external {
        uint256 n = countries.length;
        for (uint256 i; i < n; ++i) {
            uint16 c = countries[i];
            if (_blocked[msg.sender][c]) revert CountryAlreadyBlocked(msg.sender, c);
            _blocked[msg.sender][c] = true;
            emit CountryBlocked(msg.sender, c);
        }
    }

    /// @inheritdoc ICountryBlockModule
    function batchUnblockCountries(uint16[] calldata countries) external {
        uint256 n = countries.length;
        for (uint256 i; i < n; ++i) {
            uint16 c = countries[i];
            if (!_blocked[msg.sender][c]) revert CountryNotBlocked(msg.sender, c);
            _blocked[msg.sender][c] = false;
            emit CountryUnblocked(msg.sender, c);
        }
    }

    /// @inheritdoc ICountryBlockModule
    function isCountryBlocked(address compliance, uint16 country) external view returns (bool) {
        return _blocked[compliance][country];
    }

    /// @inheritdoc IComplianceModule
    function hookedKinds() external pure override(IComplianceModule, ModuleBase) returns (uint8) {
        return TransferKind.MASK_CHECKED; // stateless
    }

    /// @inheritdoc IComplianceModule
    function name() external pure returns (string memory) {
        return "CountryBlockModule";
    }

    function _check(address compliance, TransferInfo calldata t) internal view override returns (uint8) {
        if (t.to != address(0) && _blocked[compliance][t.toCountry]) return RestrictionCodes.COUNTRY_BLOCKED;
        return RestrictionCodes.SUCCESS;
    }
}
