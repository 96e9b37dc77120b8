// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC7802} from "@openzeppelin/contracts/interfaces/draft-IERC7802.sol";

/// @title ITokenBridgeable
/// @notice ERC-7802 (crosschain mint and burn, https://eips.ethereum.org/EIPS/eip-7802) on a Tessera token, plus
/// the setting of the one bridge allowed to call them. An asset present on several chains is one token per chain,
/// each with its own bridge (`AssetBridge`); the bridges burn on the source chain and mint on the destination.
/// @dev `crosschainBurn(from, amount)`: a departure (`TransferKind.CROSSCHAIN_OUT`): reverts `TokenPaused`,
/// `WalletFrozen(from)`, `ERC20InsufficientBalance`, `InsufficientUnfrozenBalance`, `InsufficientUnlockedBalance`
/// or `TransferNotCompliant` (e.g. a lock-up, code 13) exactly as a holder transfer of `amount` would on the sender's
/// side. `crosschainMint(to, amount)`: an arrival (`TransferKind.CROSSCHAIN_IN`): reverts `TokenPaused`,
/// `WalletFrozen(to)`, `RecipientNotVerified(to)` or `TransferNotCompliant` exactly as a mint to `to` would, supply
/// caps and lock-up periods aside (an arrival is not issuance). Both revert `CallerNotBridge` for any caller but the
/// bridge, and emit ERC-7802's `CrosschainBurn`/`CrosschainMint` after ERC-20's `Transfer` from or to zero. Amounts
/// are in token base units.
interface ITokenBridgeable is IERC7802 {
    /// @notice The bridge allowed to call `crosschainMint` and `crosschainBurn` changed (zero: none).
    event BridgeSet(address indexed bridge);

    /// @notice `caller` is not the token's bridge.
    error CallerNotBridge(address caller);

    /// @notice Sets the bridge (owner or role ISSUER); zero disables crosschain mints and burns.
    function setBridge(address bridge_) external;

    /// @notice The bridge allowed to call `crosschainMint` and `crosschainBurn` (zero: none).
    function bridge() external view returns (address);
}
