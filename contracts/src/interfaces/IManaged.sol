// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IManaged
/// @notice A contract whose privileged functions an OpenZeppelin AccessManager (its authority) may also open to roles,
/// besides the contract's own owner or agents.
interface IManaged {
    /// @notice Emitted when the authority changes (same signature as OpenZeppelin's IAccessManaged).
    event AuthorityUpdated(address authority);

    /// @notice The AccessManager consulted for role-based calls (zero = none).
    /// @return The authority.
    function authority() external view returns (address);

    /// @notice Sets the AccessManager; zero turns role-based access off. Owner only.
    /// @dev Reverts with `OwnableUnauthorizedAccount`.
    /// @param newAuthority The AccessManager.
    function setAuthority(address newAuthority) external;
}
