// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IComplianceModule
/// @notice A compliance module singleton. State is keyed by the calling compliance (`msg.sender`), so one
/// deployment serves every token. Configuration calls arrive through `ModularCompliance.callModuleFunction`.
interface IComplianceModule {
    /// @notice The restriction code for a transfer of `amount` token base units from `from` to `to`
    /// under `compliance` (0 = allowed). `from` is zero for a mint.
    /// @param compliance The compliance whose configuration applies.
    /// @return code A code from the shared restriction table.
    function checkTransfer(address compliance, address from, address to, uint256 amount)
        external
        view
        returns (uint8 code);

    /// @notice Hook after a transfer; `msg.sender` is the compliance. Balances are already updated.
    function moduleTransferAction(address from, address to, uint256 amount) external;

    /// @notice Hook after a mint; `msg.sender` is the compliance. Balances are already updated.
    function moduleMintAction(address to, uint256 amount) external;

    /// @notice Hook after a burn; `msg.sender` is the compliance. Balances are already updated.
    function moduleBurnAction(address from, uint256 amount) external;

    /// @notice The module's name, for display.
    /// @return The name.
    function name() external pure returns (string memory);
}
