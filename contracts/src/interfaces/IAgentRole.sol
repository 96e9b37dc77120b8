// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IAgentRole
/// @notice A simple set of agents, managed by the contract's owner.
interface IAgentRole {
    /// @notice Emitted when `agent` joins the agent set.
    event AgentAdded(address indexed agent);
    /// @notice Emitted when `agent` leaves the agent set.
    event AgentRemoved(address indexed agent);

    /// @notice The caller is not an agent.
    /// @param account The caller.
    error CallerNotAgent(address account);
    /// @notice The account is already an agent.
    /// @param agent The account.
    error AgentAlreadyAdded(address agent);
    /// @notice The account is not an agent.
    /// @param agent The account.
    error AgentNotFound(address agent);
    /// @notice The zero address cannot be an agent.
    error AgentZeroAddress();

    /// @notice Adds `agent` to the agent set. Owner only.
    /// @dev Reverts with `OwnableUnauthorizedAccount`, `AgentZeroAddress` or `AgentAlreadyAdded`.
    /// @param agent The account to add.
    function addAgent(address agent) external;

    /// @notice Removes `agent` from the agent set. Owner only.
    /// @dev Reverts with `OwnableUnauthorizedAccount` or `AgentNotFound`.
    /// @param agent The account to remove.
    function removeAgent(address agent) external;

    /// @notice Whether `account` is an agent.
    /// @param account The account.
    /// @return True when `account` is in the agent set.
    function isAgent(address account) external view returns (bool);
}
