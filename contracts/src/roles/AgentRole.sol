// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAgentRole} from "../interfaces/IAgentRole.sol";

/// @title AgentRole
/// @notice Agent set kept in ERC-7201 namespaced storage, so it is safe in clones and plain contracts alike.
/// @dev The inheriting contract exposes `addAgent`/`removeAgent` behind its own owner check.
abstract contract AgentRole is IAgentRole {
    /// @custom:storage-location erc7201:tessera.storage.AgentRole
    struct AgentRoleStorage {
        mapping(address account => bool) agents;
    }

    // keccak256(abi.encode(uint256(keccak256("tessera.storage.AgentRole")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant AGENT_ROLE_STORAGE = 0x30718948b5457bdfa055671cd2aeeabbc02be5a6b75f883cc097549761cf2900;

    function _agentStorage() private pure returns (AgentRoleStorage storage $) {
        assembly {
            $.slot := AGENT_ROLE_STORAGE
        }
    }

    /// @dev Reverts with `CallerNotAgent` unless the caller is an agent.
    modifier onlyAgent() {
        if (!_agentStorage().agents[msg.sender]) revert CallerNotAgent(msg.sender);
        _;
    }

    /// @inheritdoc IAgentRole
    function isAgent(address account) public view returns (bool) {
        return _agentStorage().agents[account];
    }

    function _addAgent(address agent) internal {
        if (agent == address(0)) revert AgentZeroAddress();
        AgentRoleStorage storage $ = _agentStorage();
        if ($.agents[agent]) revert AgentAlreadyAdded(agent);
        $.agents[agent] = true;
        emit AgentAdded(agent);
    }

    function _removeAgent(address agent) internal {
        AgentRoleStorage storage $ = _agentStorage();
        if (!$.agents[agent]) revert AgentNotFound(agent);
        $.agents[agent] = false;
        emit AgentRemoved(agent);
    }
}
