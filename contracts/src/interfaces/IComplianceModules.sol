// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IComplianceModule} from "./IComplianceModule.sol";

/// @title ICountryAllowModule
/// @notice Allows transfers only to wallets whose registry country is on the compliance's allow list.
/// An empty list turns the rule off. Returns COUNTRY_NOT_ALLOWED (6).
interface ICountryAllowModule is IComplianceModule {
    /// @notice Emitted when `country` is allowed for `compliance`.
    event CountryAllowed(address indexed compliance, uint16 country);
    /// @notice Emitted when `country` is no longer allowed for `compliance`.
    event CountryUnallowed(address indexed compliance, uint16 country);

    /// @notice The country is already allowed.
    error CountryAlreadyAllowed(address compliance, uint16 country);
    /// @notice The country is not allowed.
    error CountryNotAllowed(address compliance, uint16 country);

    /// @notice Allows `countries` (ISO-3166 numeric) for the calling compliance.
    /// @dev Reverts with `CountryAlreadyAllowed` for a duplicate.
    /// @param countries The countries to allow.
    function batchAllowCountries(uint16[] calldata countries) external;

    /// @notice Disallows `countries` for the calling compliance.
    /// @dev Reverts with `CountryNotAllowed` for a country not on the list.
    /// @param countries The countries to disallow.
    function batchDisallowCountries(uint16[] calldata countries) external;

    /// @notice Whether `country` is on `compliance`'s allow list.
    /// @return True when allowed.
    function isCountryAllowed(address compliance, uint16 country) external view returns (bool);

    /// @notice How many countries `compliance` allows (0 = rule off).
    /// @return The count.
    function allowedCountryCount(address compliance) external view returns (uint256);
}

/// @title IMaxHoldersModule
/// @notice Caps the number of holders, in total and per country. A holder is an investor identity (ONCHAINID) with a
/// non-zero balance in any of its wallets, so one investor with several wallets counts once; a wallet without an
/// identity counts on its own. Returns MAX_HOLDERS_EXCEEDED (7) for the total limit, COUNTRY_HOLDERS_EXCEEDED (16)
/// for the recipient country's limit.
/// @dev Counts from the moment the module is added: add it before the first mint. An identity's country is taken
/// when it joins or leaves; change a holding wallet's identity through the token's `recoveryAddress`.
interface IMaxHoldersModule is IComplianceModule {
    /// @notice Emitted when `compliance` sets its holder limit (0 = rule off).
    event HolderLimitSet(address indexed compliance, uint256 limit);
    /// @notice Emitted when `compliance` sets the holder limit of `country` (0 = no limit for that country).
    event CountryHolderLimitSet(address indexed compliance, uint16 country, uint256 limit);

    /// @notice The limit does not fit 128 bits.
    error HolderLimitTooLarge(uint256 limit);

    /// @notice Sets the holder limit of the calling compliance; 0 turns the total limit off.
    /// @dev Reverts with `HolderLimitTooLarge` above 2^128 - 1.
    /// @param limit The maximum number of holders.
    function setHolderLimit(uint256 limit) external;

    /// @notice Sets the calling compliance's holder limit for investors of `country` (ISO-3166 numeric); 0 = none.
    /// @dev Reverts with `HolderLimitTooLarge` above 2^128 - 1.
    /// @param country The country.
    /// @param limit The maximum number of holders from that country.
    function setCountryHolderLimit(uint16 country, uint256 limit) external;

    /// @notice The holder limit of `compliance` (0 = rule off).
    /// @return The limit.
    function getHolderLimit(address compliance) external view returns (uint256);

    /// @notice The number of holders (identities with a non-zero balance), as counted by the hooks.
    /// @return The count.
    function getHolderCount(address compliance) external view returns (uint256);

    /// @notice The holder limit and count of `country` under `compliance`.
    /// @return limit The limit (0 = none).
    /// @return count The holders from that country.
    function getCountryHolders(address compliance, uint16 country) external view returns (uint256 limit, uint256 count);

    /// @notice How many wallets of `identity` (or the wallet itself, without identity) hold tokens under `compliance`.
    /// @return The number of holding wallets.
    function getHoldingWallets(address compliance, address identity) external view returns (uint256);
}

/// @title IIdentityMaxBalanceModule
/// @notice Caps each investor identity's balance summed over all its wallets (token base units); a wallet without an
/// identity is capped on its own. Returns MAX_BALANCE_EXCEEDED (8).
/// @dev Keeps one balance per identity, written on every move (about 10,000 gas per transfer more than the per-wallet
/// `MaxBalanceModule`). Counts from the moment the module is added: add it before the first mint.
interface IIdentityMaxBalanceModule is IComplianceModule {
    /// @notice Emitted when `compliance` sets its maximum (0 = rule off).
    event IdentityMaxBalanceSet(address indexed compliance, uint256 maxBalance);

    /// @notice Sets the calling compliance's maximum balance per identity, in token base units; 0 turns it off.
    /// @param maxBalance The maximum.
    function setIdentityMaxBalance(uint256 maxBalance) external;

    /// @notice The maximum of `compliance` (0 = rule off).
    /// @return The maximum, token base units.
    function getIdentityMaxBalance(address compliance) external view returns (uint256);

    /// @notice The balance of `identity` summed over its wallets, as recorded by the hooks.
    /// @return The balance, token base units.
    function getIdentityBalance(address compliance, address identity) external view returns (uint256);
}

/// @title IMaxBalanceModule
/// @notice Caps each wallet's balance. Returns MAX_BALANCE_EXCEEDED (8).
interface IMaxBalanceModule is IComplianceModule {
    /// @notice Emitted when `compliance` sets its maximum balance, in token base units (0 = rule off).
    event MaxBalanceSet(address indexed compliance, uint256 maxBalance);

    /// @notice Sets the maximum balance per wallet of the calling compliance, in token base units; 0 turns it off.
    /// @param maxBalance The maximum balance.
    function setMaxBalance(uint256 maxBalance) external;

    /// @notice The maximum balance per wallet of `compliance`, in token base units (0 = rule off).
    /// @return The maximum.
    function getMaxBalance(address compliance) external view returns (uint256);
}

/// @title ITransferLimitModule
/// @notice Per compliance, a maximum volume (token base units) each investor identity may send by holder transfers
/// within a rolling fixed window of `period` seconds (a window starts with the first transfer after the previous
/// window ended). Mints, burns and agent transfers are not counted. Wallets without an identity count on their own.
interface ITransferLimitModule {
    /// @notice Emitted when a compliance sets its limit; `maxVolume` 0 turns the rule off.
    event TransferLimitSet(address indexed compliance, uint64 period, uint256 maxVolume);

    /// @notice The limit is on but the period is zero, or the volume does not fit 192 bits.
    error InvalidTransferLimit(uint64 period, uint256 maxVolume);

    /// @notice Sets the caller compliance's limit: at most `maxVolume` token base units per sender identity per
    /// `period` seconds; `maxVolume` 0 turns the rule off. Called through `callModuleFunction`.
    /// @dev Reverts with `InvalidTransferLimit`. Volumes already counted in open windows stay counted.
    /// @param period Window length in seconds (e.g. 86400 for a day).
    /// @param maxVolume Maximum volume per window, token base units.
    function setTransferLimit(uint64 period, uint256 maxVolume) external;

    /// @notice The limit of `compliance`.
    /// @return period Window length in seconds.
    /// @return maxVolume Maximum volume per window in token base units (0 = off).
    function getTransferLimit(address compliance) external view returns (uint64 period, uint256 maxVolume);

    /// @notice What `sender` (an identity, or a wallet without one) may still send now under `compliance`.
    /// @return used Volume counted in the current window, token base units (0 when the window has ended).
    /// @return windowEnd When the current window ends, unix seconds (0 when no window is open).
    function getTransferUsage(address compliance, address sender)
        external
        view
        returns (uint256 used, uint256 windowEnd);
}

/// @title ICountryBlockModule
/// @notice Per compliance, a block list of recipient countries (ISO-3166 numeric). Returns COUNTRY_BLOCKED (11).
interface ICountryBlockModule is IComplianceModule {
    /// @notice Emitted when `compliance` blocks `country`.
    event CountryBlocked(address indexed compliance, uint16 country);
    /// @notice Emitted when `compliance` unblocks `country`.
    event CountryUnblocked(address indexed compliance, uint16 country);

    /// @notice The country is already blocked.
    error CountryAlreadyBlocked(address compliance, uint16 country);
    /// @notice The country is not blocked.
    error CountryNotBlocked(address compliance, uint16 country);

    /// @notice Blocks each country for the calling compliance.
    /// @dev Reverts with `CountryAlreadyBlocked`.
    /// @param countries ISO-3166 numeric codes.
    function batchBlockCountries(uint16[] calldata countries) external;

    /// @notice Unblocks each country for the calling compliance.
    /// @dev Reverts with `CountryNotBlocked`.
    /// @param countries ISO-3166 numeric codes.
    function batchUnblockCountries(uint16[] calldata countries) external;

    /// @notice Whether `country` is blocked under `compliance`.
    /// @return True when blocked.
    function isCountryBlocked(address compliance, uint16 country) external view returns (bool);
}

/// @title ISupplyCapModule
/// @notice Per compliance, a cap on the token's total supply (token base units). Returns SUPPLY_CAP_EXCEEDED (12)
/// for a mint above it; burns and transfers are never affected.
interface ISupplyCapModule is IComplianceModule {
    /// @notice Emitted when `compliance` sets its cap (0 = rule off).
    event SupplyCapSet(address indexed compliance, uint256 cap);

    /// @notice Sets the calling compliance's supply cap in token base units; 0 turns it off. A cap below the current
    /// supply only stops further mints.
    /// @param cap The cap.
    function setSupplyCap(uint256 cap) external;

    /// @notice The cap of `compliance` (0 = rule off).
    /// @return The cap, token base units.
    function getSupplyCap(address compliance) external view returns (uint256);
}

/// @title IMinHoldingModule
/// @notice Per compliance, a minimum holding (token base units): after a holder transfer or a mint, the recipient
/// holds at least the minimum, and the sender holds either nothing or at least the minimum. Returns
/// BELOW_MIN_HOLDING (14). Agent moves (burns, forced transfers) are not checked.
interface IMinHoldingModule is IComplianceModule {
    /// @notice Emitted when `compliance` sets its minimum (0 = rule off).
    event MinHoldingSet(address indexed compliance, uint256 minHolding);

    /// @notice Sets the calling compliance's minimum holding in token base units; 0 turns it off.
    /// @param minHolding The minimum.
    function setMinHolding(uint256 minHolding) external;

    /// @notice The minimum of `compliance` (0 = rule off).
    /// @return The minimum, token base units.
    function getMinHolding(address compliance) external view returns (uint256);
}

/// @title ILockUpModule
/// @notice Per compliance, a lock-up per issuance (e.g. 12 months under Reg D, 40 days under Reg S): each mint's
/// tokens stay locked in the receiving wallet until the mint time plus the period, rounded up to the next UTC day.
/// A holder transfer may only spend unlocked tokens; returns TOKENS_LOCKED (13). Agent moves (burn, forced transfer)
/// spend unlocked tokens first, then locked lots, earliest unlock first; when an agent moves tokens between two
/// wallets of the same identity (recovery), the locks move with them.
interface ILockUpModule is IComplianceModule {
    /// @notice A locked lot: `amount` token base units unlocking at `unlocksAt` (unix seconds).
    struct Lot {
        uint64 unlocksAt;
        uint192 amount;
    }

    /// @notice Emitted when `compliance` sets its lock-up period (0 = new mints are not locked).
    event LockUpPeriodSet(address indexed compliance, uint64 period);

    /// @notice The period is longer than 10 years.
    error LockUpPeriodTooLong(uint64 period);

    /// @notice Sets the calling compliance's lock-up period in seconds for future mints; 0 turns new locks off
    /// (existing locks stay).
    /// @dev Reverts with `LockUpPeriodTooLong`.
    /// @param period Seconds.
    function setLockUpPeriod(uint64 period) external;

    /// @notice The lock-up period of `compliance`, seconds.
    /// @return The period.
    function getLockUpPeriod(address compliance) external view returns (uint64);

    /// @notice The tokens of `wallet` still locked now under `compliance`, token base units.
    /// @return The locked amount.
    function getLockedBalance(address compliance, address wallet) external view returns (uint256);

    /// @notice The lots of `wallet` (expired ones may still be listed until its next transfer).
    /// @return The lots, oldest first.
    function getLots(address compliance, address wallet) external view returns (Lot[] memory);
}

/// @title IManualApprovalModule
/// @notice Per compliance, maker-checker approval of holder transfers: the sender requests a transfer (maker), a
/// transfer approver other than the sender approves it (checker), and the approval is used by exactly one transfer of
/// that sender, recipient and amount. Returns TRANSFER_APPROVAL_PENDING (17) while a request waits for a decision,
/// TRANSFER_NOT_APPROVED (15) when none is pending. Mints and agent moves need no approval.
interface IManualApprovalModule is IComplianceModule {
    /// @notice Emitted when `compliance` enables or disables `approver`.
    event TransferApproverSet(address indexed compliance, address indexed approver, bool enabled);
    /// @notice Emitted when `from` requests a transfer under `compliance`.
    event TransferRequested(address indexed compliance, address indexed from, address indexed to, uint256 amount);
    /// @notice Emitted when `approver` approves a requested transfer.
    event TransferApproved(
        address indexed compliance, address indexed from, address indexed to, uint256 amount, address approver
    );
    /// @notice Emitted when `approver` rejects (or revokes) a request or an approval.
    event TransferRejected(
        address indexed compliance, address indexed from, address indexed to, uint256 amount, address approver
    );
    /// @notice Emitted when a transfer uses an approval.
    event ApprovalUsed(address indexed compliance, address indexed from, address indexed to, uint256 amount);

    /// @notice The caller is not a transfer approver of `compliance`.
    error CallerNotTransferApprover(address compliance, address caller);
    /// @notice An approver cannot approve its own transfer (maker-checker).
    error SelfApproval(address approver);
    /// @notice There is no pending request (to approve) or approval (to revoke) for this transfer.
    error NothingToDecide(address compliance, address from, address to, uint256 amount);

    /// @notice Enables or disables `approver` for the calling compliance (through `callModuleFunction`).
    /// @param approver The transfer approver.
    /// @param enabled Whether it may approve.
    function setTransferApprover(address approver, bool enabled) external;

    /// @notice Requests approval of a transfer of `amount` token base units from the caller to `to` under
    /// `compliance` (the compliance of the token to transfer).
    function requestTransfer(address compliance, address to, uint256 amount) external;

    /// @notice Approves a pending request. Transfer approvers of `compliance` only, never the sender.
    /// @dev Reverts with `CallerNotTransferApprover`, `SelfApproval` or `NothingToDecide`.
    function approveTransfer(address compliance, address from, address to, uint256 amount) external;

    /// @notice Rejects a pending request, or revokes an unused approval. Transfer approvers only.
    /// @dev Reverts with `CallerNotTransferApprover` or `NothingToDecide`.
    function rejectTransfer(address compliance, address from, address to, uint256 amount) external;

    /// @notice Whether `approver` is a transfer approver of `compliance`.
    /// @return True when enabled.
    function isTransferApprover(address compliance, address approver) external view returns (bool);

    /// @notice Pending requests and unused approvals for one (sender, recipient, amount).
    /// @return requested Requests not yet decided.
    /// @return approved Approvals not yet used.
    function getTransferStatus(address compliance, address from, address to, uint256 amount)
        external
        view
        returns (uint256 requested, uint256 approved);
}

/// @title IInvestorLimitsModule
/// @notice Per compliance, two per-investor rules sharing one storage slot per investor identity (a wallet without an
/// identity counts on its own): a maximum balance summed over the investor's wallets (MAX_BALANCE_EXCEEDED, 8) and a
/// maximum volume sent by holder transfers per fixed window of `period` seconds (TRANSFER_LIMIT_EXCEEDED, 10).
/// @dev The T-REX pair "max balance per identity" + "time transfer limit" at the cost of one module: the sender's
/// slot is written anyway for the window, so tracking its identity balance is nearly free. Moves between wallets of
/// one investor change neither. Balances count from the moment the module is added: add it before the first mint.
interface IInvestorLimitsModule is IComplianceModule {
    /// @notice Emitted when `compliance` sets its limits (0 turns a rule off).
    event InvestorLimitsSet(address indexed compliance, uint256 maxBalance, uint64 period, uint256 maxVolume);

    /// @notice A value does not fit its field (balance 120 bits, volume 96 bits, period 40 bits) or the volume
    /// limit is on with a zero period.
    error InvalidInvestorLimits(uint256 maxBalance, uint64 period, uint256 maxVolume);

    /// @notice Sets the calling compliance's limits. Called through `callModuleFunction`.
    /// @dev Reverts with `InvalidInvestorLimits`.
    /// @param maxBalance Maximum balance per investor, token base units (0 = off).
    /// @param period Window length, seconds.
    /// @param maxVolume Maximum volume sent per investor per window, token base units (0 = off).
    function setInvestorLimits(uint256 maxBalance, uint64 period, uint256 maxVolume) external;

    /// @notice The limits of `compliance`.
    function getInvestorLimits(address compliance)
        external
        view
        returns (uint256 maxBalance, uint64 period, uint256 maxVolume);

    /// @notice What the module knows of `investor` (an identity, or a wallet without one) under `compliance`.
    /// @return balance Balance summed over the investor's wallets, token base units.
    /// @return used Volume sent in the current window (0 when it has ended).
    /// @return windowEnd When the current window ends, unix seconds (0 when none is open).
    function getInvestor(address compliance, address investor)
        external
        view
        returns (uint256 balance, uint256 used, uint256 windowEnd);
}
