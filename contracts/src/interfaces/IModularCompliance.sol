// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {TransferInfo} from "./IComplianceModule.sol";

/// @title IModularCompliance
/// @notice Per-token compliance: an ordered list of module singletons, each checking transfers and tracking state
/// keyed by this compliance. Bound to exactly one token, which calls the hooks after every balance change.
interface IModularCompliance {
    /// @notice Emitted when `module` is added.
    event ModuleAdded(address indexed module);
    /// @notice Emitted when `module` is removed.
    event ModuleRemoved(address indexed module);
    /// @notice Emitted when the compliance is bound to `token`.
    event TokenBound(address indexed token);
    /// @notice Emitted when the compliance is unbound from `token`.
    event TokenUnbound(address indexed token);
    /// @notice Emitted when `module`'s hook reverted (or ran out of its gas allowance) on an agent move of `kind`
    /// (burn, forced transfer, recovery, record sync): the move goes through without that module's record.
    /// `reason` is the selector of the revert data (zero when it has none).
    event ModuleHookFailed(address indexed module, uint8 kind, bytes4 reason);

    /// @notice The caller is not the bound token.
    error CallerNotToken(address caller);
    /// @notice `token` is not the bound token.
    error TokenNotBound(address token);
    /// @notice The address is zero.
    error InvalidAddress(address value);
    /// @notice The module is already added.
    error ModuleAlreadyAdded(address module);
    /// @notice The module is not added.
    error ModuleNotFound(address module);
    /// @notice A module's hook did not return a uint8 restriction code.
    error InvalidModuleResponse(address module);
    /// @notice No more modules can be added.
    error ModuleLimitReached(uint256 limit);
    /// @notice A module's hook ran out of gas on an agent move while given less than `AGENT_HOOK_GAS` (`gasGiven`):
    /// the transaction's gas limit is too low (send more gas; a module is skipped only when it fails with the
    /// full allowance).
    error ModuleHookOutOfGas(address module, uint256 gasGiven);
    /// @notice `callModuleFunction` was asked to call a module hook (`selector`), which only the bound token's
    /// balance changes may reach: modules trust every call from the compliance.
    error HookNotCallable(address module, bytes4 selector);

    /// @notice Binds the compliance to `token` (replacing any previous binding). Owner only.
    /// @dev Reverts with `OwnableUnauthorizedAccount` or `InvalidAddress`.
    /// @param token The token whose transfers this compliance checks.
    function bindToken(address token) external;

    /// @notice Unbinds the compliance from `token` (ERC-3643 `unbindToken`): no token's hook is accepted until
    /// `bindToken` is called again. Owner only.
    /// @dev Emits `TokenUnbound`. Reverts with `OwnableUnauthorizedAccount` or `TokenNotBound`.
    /// @param token The bound token.
    function unbindToken(address token) external;

    /// @notice Adds `module` at the end of the list. Owner only. At most 25 modules. Caches its `hookedKinds`.
    /// @dev Reverts with `OwnableUnauthorizedAccount`, `InvalidAddress`, `ModuleAlreadyAdded`, `ModuleLimitReached`.
    /// @param module The module singleton.
    function addModule(address module) external;

    /// @notice Removes `module`. Owner only. Its state keyed by this compliance stays in the module.
    /// @dev Reverts with `OwnableUnauthorizedAccount` or `ModuleNotFound`.
    /// @param module The module singleton.
    function removeModule(address module) external;

    /// @notice Calls `module` with `callData`, so that `msg.sender` in the module is this compliance: configuration
    /// (owner, or the ALLOWLIST_MANAGER role). Module hooks (`moduleTransfer`) are refused: modules trust every call
    /// from the compliance as a report of the bound token, so a configuration call must never reach one.
    /// @dev Reverts with `OwnableUnauthorizedAccount`, `ModuleNotFound`, `HookNotCallable`, or bubbles the module's
    /// revert.
    /// @param callData The ABI-encoded call (e.g. `setHolderLimit(uint256)`).
    /// @param module The module to call; must be added.
    function callModuleFunction(bytes calldata callData, address module) external;

    /// @notice Token hook for every balance change (transfer, mint, burn, forced transfer), after the token has moved
    /// the balances: runs every module's `moduleTransfer` in order. Bound token only.
    /// @dev Reverts with `CallerNotToken`. For holder transfers and mints it returns the first non-zero module code
    /// (the token then reverts with `TransferNotCompliant`) and bubbles a module's revert; burns, forced transfers,
    /// recoveries and record syncs always return 0 and are never blocked: each module gets at most `AGENT_HOOK_GAS`,
    /// and one that reverts or uses it all is skipped with `ModuleHookFailed` (`ModuleHookOutOfGas` when the
    /// transaction itself was short of gas).
    /// @param t The balance change, gathered by the token (balances before the move, registry records).
    /// @return code 0 when allowed, else a code from the shared restriction table.
    function update(TransferInfo calldata t) external returns (uint8 code);

    /// @notice Whether every module allows a transfer of `amount` token base units (`from` zero for a mint).
    /// @return True when `detectTransferRestriction` returns 0.
    function canTransfer(address from, address to, uint256 amount) external view returns (bool);

    /// @notice The first non-zero restriction code returned by the modules, in order; 0 when all allow it.
    /// @return code A code from the shared restriction table.
    function detectTransferRestriction(address from, address to, uint256 amount) external view returns (uint8 code);

    /// @notice The modules, in check order.
    /// @return The module addresses.
    function getModules() external view returns (address[] memory);

    /// @notice The bound token, or zero.
    /// @return The token address.
    function getTokenBound() external view returns (address);

    /// @notice Whether `module` is added.
    /// @return True when added.
    function isModuleBound(address module) external view returns (bool);
}
