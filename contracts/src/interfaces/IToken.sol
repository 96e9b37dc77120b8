// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAgentRole} from "./IAgentRole.sol";

/// @title IToken
/// @notice Tessera's permissioned security token: ERC-20 plus the ERC-3643 IToken subset, ERC-1404 restriction
/// codes, ERC-7943 (`canTransfer`, `canTransact`, `getFrozenTokens`, `setFrozenTokens`, `forcedTransfer`), ERC-1643
/// documents and ERC-2612 permits. Amounts are in token base units (10^-decimals of a whole token).
/// @dev The ERC-20 surface (IERC20Metadata, EIP-6093 errors) is not repeated here. A holder transfer succeeds only when the token is not paused, neither wallet is frozen, the
/// amount fits the sender's unfrozen balance, the recipient is verified in the identity registry and every
/// compliance module allows it.
interface IToken is IAgentRole {
    /// @notice Emitted at initialization and when the token's ONCHAINID changes.
    event UpdatedTokenInformation(string name, string symbol, uint8 decimals, string version, address onchainID);
    /// @notice Emitted when the identity registry is set.
    event IdentityRegistryAdded(address indexed identityRegistry);
    /// @notice Emitted when the compliance is set.
    event ComplianceAdded(address indexed compliance);
    /// @notice Emitted when an agent moves the whole balance of a lost wallet to a new wallet of the same investor.
    event RecoverySuccess(address indexed lostWallet, address indexed newWallet, address indexed investorOnchainID);
    /// @notice Emitted when an agent freezes or unfreezes a whole wallet.
    event AddressFrozen(address indexed userAddress, bool indexed isFrozen, address indexed owner);
    /// @notice Emitted when `amount` token base units of `userAddress` are frozen.
    event TokensFrozen(address indexed userAddress, uint256 amount);
    /// @notice Emitted when `amount` token base units of `userAddress` are unfrozen (also by forced moves).
    event TokensUnfrozen(address indexed userAddress, uint256 amount);
    /// @notice Emitted when `userAddress` (an agent) pauses the token.
    event Paused(address userAddress);
    /// @notice Emitted when `userAddress` (an agent) unpauses the token.
    event Unpaused(address userAddress);

    /// @notice ERC-7943: emitted by `forcedTransfer` (besides ERC-20 `Transfer`).
    event ForcedTransfer(address indexed from, address indexed to, uint256 amount);
    /// @notice ERC-7943: emitted when `setFrozenTokens` sets the frozen amount of `account` (token base units).
    event Frozen(address indexed account, uint256 amount);
    /// @notice Emitted when the compliance modules are told `wallet`'s registry record (`syncInvestorRecord`).
    event InvestorRecordSynced(address indexed wallet, address indexed identity, uint16 country);

    /// @notice ERC-2612: the permit's deadline has passed.
    error ERC2612ExpiredSignature(uint256 deadline);
    /// @notice ERC-2612: the permit was not signed by `owner`.
    error ERC2612InvalidSigner(address signer, address owner);

    /// @notice Holder transfers are paused.
    error TokenPaused();
    /// @notice The token is not paused.
    error TokenNotPaused();
    /// @notice The wallet is frozen.
    error WalletFrozen(address wallet);
    /// @notice The amount exceeds the sender's unfrozen balance (token base units).
    error InsufficientUnfrozenBalance(address sender, uint256 unfrozen, uint256 needed);
    /// @notice The recipient is not verified in the identity registry (unregistered or KYC expired).
    error RecipientNotVerified(address recipient);
    /// @notice A compliance module refused the transfer; `code` is its restriction code.
    error TransferNotCompliant(address from, address to, uint256 amount, uint8 code);
    /// @notice Two batch arrays have different lengths.
    error BatchLengthMismatch(uint256 expected, uint256 actual);
    /// @notice Decimals above 18.
    error DecimalsOutOfRange(uint8 decimals);
    /// @notice Unknown asset class (0 fund share, 1 bond, 2 equity, 3 real estate).
    error InvalidAssetClass(uint8 assetClass);
    /// @notice A required address is zero.
    error InvalidAddress(address value);
    /// @notice Freezing `amount` more would make the frozen amount exceed the balance; `available` is the
    /// unfrozen balance (token base units).
    error FreezeExceedsBalance(address wallet, uint256 available, uint256 amount);
    /// @notice Unfreezing more than is frozen (token base units).
    error UnfreezeExceedsFrozen(address wallet, uint256 frozen, uint256 amount);
    /// @notice `setFrozenTokens` was asked to freeze more than any balance can be (`MAX_SUPPLY`).
    error FreezeExceedsMaxSupply(address wallet, uint256 amount);
    /// @notice A new name or symbol is empty.
    error EmptyTokenInformation();
    /// @notice A recovery's wallet is registered with `actual`, not the investor's identity `expected` (raised by the
    /// registry's `recoverWallet`; declared here so the token's ABI decodes it).
    error RecoveryIdentityMismatch(address wallet, address expected, address actual);
    /// @notice A recovery's new `wallet` is neither registered with `identity` nor one of its management keys
    /// (raised by the registry's `recoverWallet`).
    error RecoveryWalletNotLinked(address wallet, address identity);
    /// @notice The lost wallet holds no tokens.
    error NothingToRecover(address lostWallet);

    // ----- agent operations -----

    /// @notice Creates `amount` token base units for `to`, who must be verified and allowed by compliance.
    /// Not blocked by pause.
    /// @dev Agent only. Reverts with `CallerNotAgent`, `RecipientNotVerified` or `TransferNotCompliant`.
    function mint(address to, uint256 amount) external;

    /// @notice Destroys `amount` token base units of `from`, unfreezing frozen tokens as needed.
    /// @dev Agent only. Reverts with `CallerNotAgent` or `ERC20InsufficientBalance`.
    function burn(address from, uint256 amount) external;

    /// @notice Pauses holder transfers (agent operations keep working).
    /// @dev Agent only. Reverts with `CallerNotAgent` or `TokenPaused`.
    function pause() external;

    /// @notice Resumes holder transfers.
    /// @dev Agent only. Reverts with `CallerNotAgent` or `TokenNotPaused`.
    function unpause() external;

    /// @notice Freezes (`freeze` true) or unfreezes a whole wallet: a frozen wallet can neither send nor receive.
    /// @dev Agent only. Reverts with `CallerNotAgent`.
    function setAddressFrozen(address wallet, bool freeze) external;

    /// @notice Freezes `amount` more token base units of `wallet` (ERC-3643: at most its unfrozen balance).
    /// @dev Agent only. Reverts with `CallerNotAgent` or `FreezeExceedsBalance`.
    function freezePartialTokens(address wallet, uint256 amount) external;

    /// @notice Unfreezes `amount` token base units of `wallet`.
    /// @dev Agent only. Reverts with `CallerNotAgent` or `UnfreezeExceedsFrozen`.
    function unfreezePartialTokens(address wallet, uint256 amount) external;

    /// @notice Sets the frozen amount of `wallet` to `amount` token base units (ERC-7943), emitting `Frozen` and the
    /// ERC-3643 `TokensFrozen`/`TokensUnfrozen` for the difference. The amount may exceed the balance, as ERC-7943
    /// requires: the excess withholds tokens the wallet receives later. Agent moves (burn, forced transfer) unfreeze
    /// what they take beyond the unfrozen part and emit `TokensUnfrozen` and `Frozen` before `Transfer`.
    /// @dev Agent only. Reverts with `CallerNotAgent` or `FreezeExceedsMaxSupply` (above `MAX_SUPPLY`).
    /// @return True on success.
    function setFrozenTokens(address wallet, uint256 amount) external returns (bool);

    /// @notice Moves `amount` token base units from `from` to `to` regardless of pause, freezes and compliance;
    /// `to` must still be verified. Frozen tokens of `from` are unfrozen as needed.
    /// Bypassed, and why: pause and wallet freezes (an agent executes court orders and corrections while holders are
    /// stopped); every compliance module's check (country lists, holder and balance limits, lock-ups, transfer limits,
    /// approvals: a forced move must not be blockable by a rule, which is also why no module can brick redemption).
    /// Kept: the recipient must be registered with a valid KYC (no unverified wallet receives tokens by any path),
    /// the sender's balance, and every module's record (holder counts, identity balances, lock-ups carried between
    /// wallets of one identity). Emits `Transfer`, `ForcedTransfer` and `TokensUnfrozen` when frozen tokens move.
    /// @dev Agent only. Reverts with `CallerNotAgent`, `RecipientNotVerified` or `ERC20InsufficientBalance`.
    /// @return True on success.
    function forcedTransfer(address from, address to, uint256 amount) external returns (bool);

    /// @notice ERC-3643 wallet recovery in one agent call: moves the whole account of `lostWallet` (balance, frozen
    /// amount, frozen flag; modules move lock-ups and keep holder counts) to `newWallet`, and moves the registration:
    /// `lostWallet` must be registered with `investorOnchainID`; `newWallet` must be registered with it already or be
    /// a management key of that ONCHAINID (then it is registered with the lost wallet's country and KYC expiry);
    /// `lostWallet` is removed from the registry (`IIdentityRegistry.recoverWallet`). Pause, freezes and module
    /// checks do not apply (an agent move); the KYC state is the investor's as it was.
    /// @dev Agent only (role RECOVERY_AGENT). The token must be deployed by the registry's `tokenFactory()` (or be a
    /// registry agent). Emits `Transfer`, `TokensUnfrozen`/`TokensFrozen`/`Frozen` when frozen tokens move,
    /// `AddressFrozen`, `RecoverySuccess`, and the registry's `IdentityRegistered`/`IdentityRemoved`. Reverts with
    /// `CallerNotAgent`, `NothingToRecover`, `InvalidAddress` (zero or same wallet), `RecoveryIdentityMismatch`
    /// (either wallet registered with another identity) or `RecoveryWalletNotLinked`.
    /// @return True on success.
    function recoveryAddress(address lostWallet, address newWallet, address investorOnchainID) external returns (bool);

    /// @notice Tells the compliance modules `wallet`'s registry record now (identity, country), so state they key by
    /// identity or country (holder counts per investor and per country, balances per identity) follows the registry's
    /// `updateIdentity` / `updateCountry`. Anyone may call it (it only aligns the modules with the registry); call it
    /// on every token the wallet holds right after such an update, before the wallet moves tokens. Idempotent.
    /// @dev Emits `InvestorRecordSynced`; the compliance gets a `TransferKind.RECORD` report when the wallet holds
    /// tokens (never refused). Bubbles a compliance revert.
    /// @param wallet The wallet whose record changed.
    function syncInvestorRecord(address wallet) external;

    /// @notice `forcedTransfer` for each (`from[i]`, `to[i]`, `amounts[i]`), all or nothing.
    /// @dev Agent only (role TRANSFER_MANAGER). Reverts with `BatchLengthMismatch(from.length, other length)`, else as
    /// `forcedTransfer`.
    function batchForcedTransfer(address[] calldata from, address[] calldata to, uint256[] calldata amounts) external;

    /// @notice `setAddressFrozen` for each (`wallets[i]`, `freeze[i]`).
    /// @dev Agent only (role FREEZER). Reverts with `BatchLengthMismatch`.
    function batchSetAddressFrozen(address[] calldata wallets, bool[] calldata freeze) external;

    /// @notice `freezePartialTokens` for each (`wallets[i]`, `amounts[i]`), token base units.
    /// @dev Agent only (role FREEZER). Reverts with `BatchLengthMismatch`, else as `freezePartialTokens`.
    function batchFreezePartialTokens(address[] calldata wallets, uint256[] calldata amounts) external;

    /// @notice `unfreezePartialTokens` for each (`wallets[i]`, `amounts[i]`), token base units.
    /// @dev Agent only (role FREEZER). Reverts with `BatchLengthMismatch`, else as `unfreezePartialTokens`.
    function batchUnfreezePartialTokens(address[] calldata wallets, uint256[] calldata amounts) external;

    /// @notice Renames the token (ERC-3643 `setName`); the EIP-712 permit domain keeps the name at initialization.
    /// @dev Owner (or role ISSUER). Emits `UpdatedTokenInformation`. Reverts with `OwnableUnauthorizedAccount` or
    /// `EmptyTokenInformation`.
    function setName(string calldata name) external;

    /// @notice Changes the token's symbol (ERC-3643 `setSymbol`).
    /// @dev Owner (or role ISSUER). Emits `UpdatedTokenInformation`. Reverts with `OwnableUnauthorizedAccount` or
    /// `EmptyTokenInformation`.
    function setSymbol(string calldata symbol) external;

    /// @notice `mint` for each pair.
    /// @dev Agent only. Reverts with `BatchLengthMismatch`, else as `mint`.
    function batchMint(address[] calldata to, uint256[] calldata amounts) external;

    /// @notice `burn` for each pair.
    /// @dev Agent only. Reverts with `BatchLengthMismatch`, else as `burn`.
    function batchBurn(address[] calldata from, uint256[] calldata amounts) external;

    /// @notice ERC-20 `transfer` from the caller for each pair (holder operation).
    /// @dev Reverts with `BatchLengthMismatch`, else as `transfer`.
    function batchTransfer(address[] calldata to, uint256[] calldata amounts) external;

    // ----- owner operations -----

    /// @notice Sets the identity registry.
    /// @dev Owner only. Reverts with `OwnableUnauthorizedAccount` or `InvalidAddress`.
    function setIdentityRegistry(address identityRegistry) external;

    /// @notice Sets the compliance (the new compliance must be bound to this token by its owner).
    /// @dev Owner only. Reverts with `OwnableUnauthorizedAccount` or `InvalidAddress`.
    function setCompliance(address compliance) external;

    /// @notice Sets the token's own ONCHAINID.
    /// @dev Owner only. Reverts with `OwnableUnauthorizedAccount`.
    function setOnchainID(address onchainID) external;

    // ----- views -----

    /// @notice The identity registry.
    function identityRegistry() external view returns (address);

    /// @notice The compliance.
    function compliance() external view returns (address);

    /// @notice The token's own ONCHAINID (zero when unset).
    function onchainID() external view returns (address);

    /// @notice The token implementation version.
    function version() external pure returns (string memory);

    /// @notice The asset class: 0 fund share, 1 bond, 2 equity, 3 real estate.
    function assetClass() external view returns (uint8);

    /// @notice Whether holder transfers are paused.
    function paused() external view returns (bool);

    /// @notice Whether `wallet` is frozen.
    function isFrozen(address wallet) external view returns (bool);

    /// @notice The frozen amount of `wallet`, in token base units (never above its balance).
    function getFrozenTokens(address wallet) external view returns (uint256);

    /// @notice ERC-7943: whether `account` may send and receive now (verified in the registry and not frozen).
    function canTransact(address account) external view returns (bool);

    /// @notice ERC-7943 `canSend`: whether `account` may send now under account rules: its wallet is not frozen
    /// (ERC-3643 verifies recipients only, so a sender need not be verified). Pause, balances and compliance modules
    /// are transfer rules: see `canTransfer`.
    function canSend(address account) external view returns (bool);

    /// @notice ERC-7943 `canReceive`: whether `account` may receive now: verified in the identity registry and its
    /// wallet not frozen (the same as `canTransact`).
    function canReceive(address account) external view returns (bool);

    /// @notice ERC-7943 `canTransfer`: whether the token's rules allow a holder transfer of `amount` token base
    /// units now (`from` zero checks a mint): pause, frozen wallets, the frozen part of the balance, recipient
    /// verification and every compliance module. An amount above the sender's whole balance is not a refusal here
    /// (ERC-7943: balance checks belong to ERC-20, whose transfer reverts `ERC20InsufficientBalance`); ERC-1404's
    /// `detectTransferRestriction` still reports it as code 4 for the pre-check's words.
    function canTransfer(address from, address to, uint256 amount) external view returns (bool);

    /// @notice The ERC-1404 restriction code for a transfer (0 = allowed); see `messageForTransferRestriction`.
    function detectTransferRestriction(address from, address to, uint256 amount) external view returns (uint8);

    /// @notice The text for a restriction code (ERC-1404).
    function messageForTransferRestriction(uint8 restrictionCode) external view returns (string memory);
}
