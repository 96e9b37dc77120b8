// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ModuleBase} from "./ModuleBase.sol";
import {ICountryAllowModule} from "../../interfaces/IComplianceModules.sol";
import {IComplianceModule, TransferInfo, TransferKind} from "../../interfaces/IComplianceModule.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";

/// @title CountryAllowModule
/// @notice Singleton: per compliance, an allow list of recipient countries (ISO-3166 numeric). An empty list
/// allows every country.
/// @dev A transfer to an allowed country reads one slot; the list size is read only to tell "not allowed" from
/// "no list".
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
    function hookedKinds() external pure override(IComplianceModule, ModuleBase) returns (uint8) {
        return TransferKind.MASK_CHECKED; // stateless: agent moves need no call
    }

    /// @inheritdoc IComplianceModule
    function name() external pure returns (string memory) {
        return "CountryAllowModule";
    }

    function _check(address compliance, TransferInfo calldata t) internal view override returns (uint8) {
        if (t.to == address(0) || _allowed[compliance][t.toCountry]) return RestrictionCodes.SUCCESS;
        return _count[compliance] == 0 ? RestrictionCodes.SUCCESS : RestrictionCodes.COUNTRY_NOT_ALLOWED;
    }
}
