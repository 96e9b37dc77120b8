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

/// @title ITransferLimitModule
/// @notice Per compliance, a maximum volume (token base units) each investor identity may send by holder transfers
/// within a rolling fixed window of `period` seconds (a window starts with the first transfer after the previous
/// window ended). Mints, burns and agent transfers are not counted. Wallets without an identity count on their own.
interface ITransferLimitModule {
    /// @notice Emitted when a compliance sets its limit; `maxVolume` 0 turns the rule off.
    event TransferLimitSet(address indexed compliance, uint64 period, uint256 maxVolume);

    /// @notice The limit is on but the period is zero, or the volume does not fit 192 bits.
    error InvalidTransferLimit(uint64 period, uint256 maxVolume);

    /// @notice Sets the caller compliance's limit: at most `maxVolume` token base units per sender identity per
    /// `period` seconds; `maxVolume` 0 turns the rule off. Called through `callModuleFunction`.
    /// @dev Reverts with `InvalidTransferLimit`. Volumes already counted in open windows stay counted.
    /// @param period Window length in seconds (e.g. 86400 for a day).
    /// @param maxVolume Maximum volume per window, token base units.
    function setTransferLimit(uint64 period, uint256 maxVolume) external;

    /// @notice The limit of `compliance`.
    /// @return period Window length in seconds.
    /// @return maxVolume Maximum volume per window in token base units (0 = off).
    function getTransferLimit(address compliance) external view returns (uint64 period, uint256 maxVolume);

    /// @notice What `sender` (an identity, or a wallet without one) may still send now under `compliance`.
    /// @return used Volume counted in the current window, token base units (0 when the window has ended).
    /// @return windowEnd When the current window ends, unix seconds (0 when no window is open).
    function getTransferUsage(address compliance, address sender)
        external
        view
        returns (uint256 used, uint256 windowEnd);
}
