// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title TestUSD
/// @notice A dev stablecoin, "Test USD" (TUSD): the payment token that `npm start` deploys on local chains and
/// that tests use. For local chains and tests only; on a real chain the issuer names a real ERC-20 (USDC, EURC).
/// @dev Plain OpenZeppelin ERC-20 with ERC-2612 permit (EIP-712 domain name "Test USD", version "1") and an owner-only
/// faucet. All amounts are in base units (6 decimals: 1 TUSD = 1_000_000). Errors reverted: OpenZeppelin's
/// `OwnableUnauthorizedAccount` (mint by a non-owner), `ERC2612ExpiredSignature` and `ERC2612InvalidSigner`
/// (permit), and the EIP-6093 ERC-20 errors (`ERC20InsufficientBalance`, `ERC20InsufficientAllowance`, ...).
contract TestUSD is ERC20, ERC20Permit, Ownable {
    /// @param initialOwner The account allowed to mint (the dev faucet).
    constructor(address initialOwner) ERC20("Test USD", "TUSD") ERC20Permit("Test USD") Ownable(initialOwner) {}

    /// @notice 6, like USDC: amounts are in millionths of a TUSD.
    function decimals() public pure override returns (uint8) {
        return 6;
    }

    /// @notice Mints `amount` base units (6 decimals) to `to`: the dev faucet.
    /// @dev Reverts with `OwnableUnauthorizedAccount(caller)` unless the caller is the owner, and with
    /// `ERC20InvalidReceiver(address(0))` when `to` is the zero address.
    /// @param to The recipient.
    /// @param amount The amount in base units.
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }
}
