// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IERC7943Fungible
/// @notice The functions of ERC-7943 (uRWA) for ERC-20 based tokens, as the standard lists them (its events and errors
/// do not enter the ERC-165 interface id). Used for `type(IERC7943Fungible).interfaceId`; the token declares the same
/// functions in IToken. Amounts are token base units.
/// @dev Source: https://eips.ethereum.org/EIPS/eip-7943, "Specification", interface IERC7943Fungible.
interface IERC7943Fungible {
    /// @notice Moves `amount` from `from` to `to` without the holder's consent (authorized callers only).
    function forcedTransfer(address from, address to, uint256 amount) external returns (bool result);

    /// @notice Sets the frozen amount of `account` (overwrites, like `approve`).
    function setFrozenTokens(address account, uint256 amount) external returns (bool result);

    /// @notice Whether `account` may send tokens under the token's rules.
    function canSend(address account) external view returns (bool allowed);

    /// @notice Whether `account` may receive tokens under the token's rules.
    function canReceive(address account) external view returns (bool allowed);

    /// @notice The frozen amount of `account`.
    function getFrozenTokens(address account) external view returns (uint256 amount);

    /// @notice Whether a transfer of `amount` from `from` to `to` is possible now, frozen tokens included.
    function canTransfer(address from, address to, uint256 amount) external view returns (bool allowed);
}
