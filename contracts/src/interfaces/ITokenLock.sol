// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ITokenLock
/// @notice Locks: part of a holder's balance reserved by a platform contract the issuer trusts (a locker: the asset's
/// ERC-7540 vault for redemption requests, the DvP for offers). Locked tokens stay in the holder's balance, so they
/// still count for holders, record dates and distributions, but the holder cannot transfer them; only a locker can
/// release them (`unlock`) or deliver them under the holder-transfer rules (`transferLocked`). Locks are not agent
/// freezes (ERC-3643 frozen tokens): `getFrozenTokens` never includes them, and an agent's unfreeze never releases
/// them. The token keeps one locked total per wallet; each locker keeps its own records and releases only what it
/// locked. Agent moves (burn, forced transfer, recovery) take unfrozen, then frozen, then locked tokens, releasing
/// locks as needed (`TokensUnlocked` with the agent as `by`): an agent's order wins over a pending request, and the
/// locker's later release of those tokens reverts with `UnlockExceedsLocked`.
interface ITokenLock {
    /// @notice The issuer allowed (`allowed` true) or stopped `locker` locking tokens of this asset.
    event LockerSet(address indexed locker, bool allowed);
    /// @notice `locker` locked `amount` token base units of `wallet`.
    event TokensLocked(address indexed wallet, address indexed locker, uint256 amount);
    /// @notice `by` (a locker, or an agent whose move took locked tokens) released `amount` locked token base units
    /// of `wallet`.
    event TokensUnlocked(address indexed wallet, address indexed by, uint256 amount);

    /// @notice The caller is not a locker of this asset.
    error CallerNotLocker(address caller);
    /// @notice `amount` is more than the wallet's balance minus its frozen and locked tokens (`available`).
    error LockExceedsAvailable(address wallet, uint256 available, uint256 amount);
    /// @notice A holder transfer of `needed` token base units would take locked tokens: `available` is the balance
    /// minus frozen and locked tokens.
    error InsufficientUnlockedBalance(address sender, uint256 available, uint256 needed);
    /// @notice `amount` is more than the wallet's locked tokens (`locked`).
    error UnlockExceedsLocked(address wallet, uint256 locked, uint256 amount);

    /// @notice Allows or stops `locker` (a platform contract: the asset's vault, the DvP).
    /// @dev Owner (or role ISSUER). Emits `LockerSet`. Reverts with `OwnableUnauthorizedAccount` or
    /// `InvalidAddress` (zero).
    function setLocker(address locker, bool allowed) external;

    /// @notice Whether `locker` may lock, unlock and deliver locked tokens.
    function isLocker(address locker) external view returns (bool);

    /// @notice The locked amount of `wallet`, in token base units (all lockers together).
    function getLockedTokens(address wallet) external view returns (uint256);

    /// @notice Locks `amount` token base units of `wallet`'s balance. The locker has checked the holder's consent
    /// (the holder called it, or approved it as operator or spender).
    /// @dev Locker only. Emits `TokensLocked`. Reverts with `CallerNotLocker`, `WalletFrozen` (a frozen wallet commits
    /// nothing) or `LockExceedsAvailable` (balance minus frozen minus locked tokens).
    function lock(address wallet, uint256 amount) external;

    /// @notice Releases `amount` locked token base units of `wallet`.
    /// @dev Locker only. Emits `TokensUnlocked`. Reverts with `CallerNotLocker` or `UnlockExceedsLocked`.
    function unlock(address wallet, uint256 amount) external;

    /// @notice Releases `amount` locked token base units of `wallet` and burns them: the settlement of a redemption
    /// (ERC-7540 vault fulfilment), one call instead of `unlock` + an agent `burn`. A locker is trusted by the issuer
    /// with what it locks (it can already deliver it with `transferLocked`); burning it is the redemption's other way
    /// out. Compliance's `destroyed` hook runs as for any burn.
    /// @dev Locker only. Emits `TokensUnlocked` and `Transfer(wallet, address(0), amount)`. Reverts with
    /// `CallerNotLocker` or `UnlockExceedsLocked`.
    function burnLocked(address wallet, uint256 amount) external;

    /// @notice Releases `amount` locked token base units of `from` and transfers them to `to` as a holder transfer:
    /// pause, freezes, the recipient's verification and every compliance module apply, exactly as for `transfer`.
    /// @dev Locker only. Emits `TokensUnlocked` and `Transfer`. Reverts with `CallerNotLocker`, `UnlockExceedsLocked`,
    /// or as `transfer` (`TokenPaused`, `WalletFrozen`, `RecipientNotVerified`, `TransferNotCompliant`, ...).
    /// @return True on success.
    function transferLocked(address from, address to, uint256 amount) external returns (bool);
}
