// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {RestrictionCodes} from "./RestrictionCodes.sol";

/// @title RestrictionMessages
/// @notice ERC-1404's texts for the restriction codes, in a contract of their own that each Token implementation
/// deploys in its constructor and calls for `messageForTransferRestriction`.
/// @dev The texts are about 1.1 KB of code: kept in the token, they took it over EIP-170's 24,576-byte limit once
/// ERC-7802 was added. A rarely called view pays one extra call for it.
contract RestrictionMessages {
    /// @notice The user text of `code` (see `RestrictionCodes.message`).
    function message(uint8 code) external pure returns (string memory) {
        return RestrictionCodes.message(code);
    }
}
