// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title RestrictionCodes
/// @notice The one table of transfer restriction codes shared by the token (ERC-1404) and the compliance modules.
/// @dev Keep in sync with ARCHITECTURE.md and the SDK's `RestrictionCode` object.
library RestrictionCodes {
    uint8 internal constant SUCCESS = 0;
    uint8 internal constant TOKEN_PAUSED = 1;
    uint8 internal constant SENDER_FROZEN = 2;
    uint8 internal constant RECIPIENT_FROZEN = 3;
    uint8 internal constant INSUFFICIENT_UNFROZEN_BALANCE = 4;
    uint8 internal constant RECIPIENT_NOT_VERIFIED = 5;
    uint8 internal constant COUNTRY_NOT_ALLOWED = 6;
    uint8 internal constant MAX_HOLDERS_EXCEEDED = 7;
    uint8 internal constant MAX_BALANCE_EXCEEDED = 8;
    uint8 internal constant SENDER_NOT_VERIFIED = 9;
    uint8 internal constant TRANSFER_LIMIT_EXCEEDED = 10;
    uint8 internal constant COUNTRY_BLOCKED = 11;
    uint8 internal constant SUPPLY_CAP_EXCEEDED = 12;
    uint8 internal constant TOKENS_LOCKED = 13;
    uint8 internal constant BELOW_MIN_HOLDING = 14;
    uint8 internal constant TRANSFER_NOT_APPROVED = 15;
    uint8 internal constant COUNTRY_HOLDERS_EXCEEDED = 16;
    uint8 internal constant TRANSFER_APPROVAL_PENDING = 17;

    /// @notice Human-readable text for a restriction code.
    /// @param code A restriction code from this table.
    /// @return The text; "unknown restriction code" for a code outside the table.
    function message(uint8 code) internal pure returns (string memory) {
        if (code == SUCCESS) return "transfer allowed";
        if (code == TOKEN_PAUSED) return "the token is paused";
        if (code == SENDER_FROZEN) return "the sender's wallet is frozen";
        if (code == RECIPIENT_FROZEN) return "the recipient's wallet is frozen";
        if (code == INSUFFICIENT_UNFROZEN_BALANCE) {
            return "the amount exceeds the sender's available (unfrozen) balance";
        }
        if (code == RECIPIENT_NOT_VERIFIED) return "the recipient is not verified";
        if (code == COUNTRY_NOT_ALLOWED) return "the recipient's country is not allowed";
        if (code == MAX_HOLDERS_EXCEEDED) return "the transfer would exceed the maximum number of holders";
        if (code == MAX_BALANCE_EXCEEDED) return "the transfer would exceed the maximum balance per investor";
        if (code == SENDER_NOT_VERIFIED) return "reserved (ERC-3643 checks the receiver only)";
        if (code == TRANSFER_LIMIT_EXCEEDED) {
            return "the transfer would exceed the sender's transfer limit for the period";
        }
        if (code == COUNTRY_BLOCKED) return "the recipient's country is blocked";
        if (code == SUPPLY_CAP_EXCEEDED) return "the mint would exceed the token's supply cap";
        if (code == TOKENS_LOCKED) return "the amount exceeds the sender's unlocked balance (lock-up)";
        if (code == BELOW_MIN_HOLDING) return "the transfer would leave a balance below the minimum holding";
        if (code == TRANSFER_NOT_APPROVED) return "the transfer needs an approval from a transfer approver";
        if (code == COUNTRY_HOLDERS_EXCEEDED) {
            return "the transfer would exceed the maximum number of holders in the recipient's country";
        }
        if (code == TRANSFER_APPROVAL_PENDING) {
            return "the transfer is requested and awaits a transfer approver's approval";
        }
        return "unknown restriction code";
    }
}
