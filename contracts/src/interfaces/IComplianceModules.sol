// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IComplianceModule} from "./IComplianceModule.sol";

/// @title ICountryAllowModule
/// @notice Allows transfers only to wallets whose registry country is on the compliance's allow list.
/// An empty list turns the rule off. Returns COUNTRY_NOT_ALLOWED (6).
interface ICountryAllowModule is IComplianceModule {
    /// @notice Emitted when `country` is allowed for `compliance`.
    event CountryAllowed(address indexed compliance, uint16 country);
    /// @notice Emitted when `country` is no longer allowed for `compliance`.
    event CountryUnallowed(address indexed compliance, uint16 country);

    /// @notice The country is already allowed.
    error CountryAlreadyAllowed(address compliance, uint16 country);
    /// @notice The country is not allowed.
    error CountryNotAllowed(address compliance, uint16 country);

    /// @notice Allows `countries` (ISO-3166 numeric) for the calling compliance.
    /// @dev Reverts with `CountryAlreadyAllowed` for a duplicate.
    /// @param countries The countries to allow.
    function batchAllowCountries(uint16[] calldata countries) external;

    /// @notice Disallows `countries` for the calling compliance.
    /// @dev Reverts with `CountryNotAllowed` for a country not on the list.
    /// @param countries The countries to disallow.
    function batchDisallowCountries(uint16[] calldata countries) external;

    /// @notice Whether `country` is on `compliance`'s allow list.
    /// @return True when allowed.
    function isCountryAllowed(address compliance, uint16 country) external view returns (bool);

    /// @notice How many countries `compliance` allows (0 = rule off).
    /// @return The count.
    function allowedCountryCount(address compliance) external view returns (uint256);
}

/// @title IMaxHoldersModule
/// @notice Caps the number of wallets holding a non-zero balance. Returns MAX_HOLDERS_EXCEEDED (7).
/// @dev Counts wallets, from the moment the module is added; add it before the first mint.
interface IMaxHoldersModule is IComplianceModule {
    /// @notice Emitted when `compliance` sets its holder limit (0 = rule off).
    event HolderLimitSet(address indexed compliance, uint256 limit);

    /// @notice Sets the holder limit of the calling compliance; 0 turns the rule off.
    /// @param limit The maximum number of holders.
    function setHolderLimit(uint256 limit) external;

    /// @notice The holder limit of `compliance` (0 = rule off).
    /// @return The limit.
    function getHolderLimit(address compliance) external view returns (uint256);

    /// @notice The number of wallets with a non-zero balance, as counted by the hooks.
    /// @return The count.
    function getHolderCount(address compliance) external view returns (uint256);
}

/// @title IMaxBalanceModule
/// @notice Caps each wallet's balance. Returns MAX_BALANCE_EXCEEDED (8).
interface IMaxBalanceModule is IComplianceModule {
    /// @notice Emitted when `compliance` sets its maximum balance, in token base units (0 = rule off).
    event MaxBalanceSet(address indexed compliance, uint256 maxBalance);

    /// @notice Sets the maximum balance per wallet of the calling compliance, in token base units; 0 turns it off.
    /// @param maxBalance The maximum balance.
    function setMaxBalance(uint256 maxBalance) external;

    /// @notice The maximum balance per wallet of `compliance`, in token base units (0 = rule off).
    /// @return The maximum.
    function getMaxBalance(address compliance) external view returns (uint256);
}
