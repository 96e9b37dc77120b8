// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Roles
/// @notice Role ids of the per-asset OpenZeppelin AccessManager the factory deploys (ARCHITECTURE.md, "Roles").
/// @dev The token's agents (ERC-3643 `addAgent`) keep every agent power; roles give one power each, so an issuer can
/// hand, say, freezing to a compliance desk without giving it minting.
library Roles {
    /// @notice AccessManager's admin role: grants and revokes roles, sets which role may call what (the issuer).
    uint64 internal constant ADMIN = 0;
    /// @notice mint, burn, batchMint, batchBurn.
    uint64 internal constant SUPPLY = 1;
    /// @notice setAddressFrozen, freezePartialTokens, unfreezePartialTokens, setFrozenTokens.
    uint64 internal constant FREEZER = 2;
    /// @notice forcedTransfer.
    uint64 internal constant TRANSFER_MANAGER = 3;
    /// @notice recoveryAddress.
    uint64 internal constant RECOVERY_AGENT = 4;
    /// @notice The compliance's addModule and removeModule.
    uint64 internal constant COMPLIANCE_AGENT = 5;
    /// @notice The compliance's callModuleFunction (country lists, limits, managers of the modules).
    uint64 internal constant ALLOWLIST_MANAGER = 6;
    /// @notice pause, unpause, setDocument, removeDocument, setName, setSymbol, setLocker.
    uint64 internal constant ISSUER = 7;
    /// @notice The asset's ERC-7540 vault: fulfils subscription and redemption requests, sets dealing terms
    /// (minimums, dealing days, cut-off) and funds redemptions (the fund administrator).
    uint64 internal constant FUND_ADMIN = 8;
    /// @notice Proposes NAV per share updates (the valuation agent).
    uint64 internal constant NAV_AGENT = 9;
    /// @notice Approves a NAV update that moves more than the vault's limit from the last NAV (the second approval).
    uint64 internal constant NAV_APPROVER = 10;
    /// @notice Posts, funds, pushes and reclaims distributions (dividends, coupons) and sets bond terms.
    uint64 internal constant CORPORATE_ACTIONS = 11;
}
