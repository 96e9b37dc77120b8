// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ModuleBase} from "./ModuleBase.sol";
import {IMaxHoldersModule} from "../../interfaces/IComplianceModules.sol";
import {IComplianceModule, TransferInfo} from "../../interfaces/IComplianceModule.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";

/// @title MaxHoldersModule
/// @notice Singleton: per compliance, a cap on the number of wallets with a non-zero balance.
/// @dev Limit and count share one slot; a transfer between existing holders touches no storage at all (the
/// balances before the move come in the `TransferInfo`).
contract MaxHoldersModule is IMaxHoldersModule, ModuleBase {
    struct Holders {
        uint128 limit;
        uint128 count;
    }

    mapping(address compliance => Holders) private _holders;

    /// @notice The limit does not fit 128 bits.
    error HolderLimitTooLarge(uint256 limit);

    /// @inheritdoc IMaxHoldersModule
    function setHolderLimit(uint256 limit) external {
        if (limit > type(uint128).max) revert HolderLimitTooLarge(limit);
        // forge-lint: disable-next-line(unsafe-typecast)
        _holders[msg.sender].limit = uint128(limit);
        emit HolderLimitSet(msg.sender, limit);
    }

    /// @inheritdoc IMaxHoldersModule
    function getHolderLimit(address compliance) external view returns (uint256) {
        return _holders[compliance].limit;
    }

    /// @inheritdoc IMaxHoldersModule
    function getHolderCount(address compliance) external view returns (uint256) {
        return _holders[compliance].count;
    }

    /// @inheritdoc IComplianceModule
    function name() external pure returns (string memory) {
        return "MaxHoldersModule";
    }

    function _check(address compliance, TransferInfo calldata t) internal view override returns (uint8) {
        if (!_joins(t)) return RestrictionCodes.SUCCESS; // not a new holder
        Holders memory h = _holders[compliance];
        if (h.limit == 0) return RestrictionCodes.SUCCESS;
        uint256 after_ = uint256(h.count) + 1;
        if (_leaves(t)) after_ -= 1; // the sender leaves the holder set
        return after_ > h.limit ? RestrictionCodes.MAX_HOLDERS_EXCEEDED : RestrictionCodes.SUCCESS;
    }

    function _record(address compliance, TransferInfo calldata t) internal override {
        bool joins = _joins(t);
        bool leaves = _leaves(t);
        if (joins == leaves) return; // nobody joins or leaves, or one replaces the other
        Holders storage h = _holders[compliance];
        if (joins) {
            h.count += 1;
        } else if (h.count != 0) {
            // Cannot underflow: checked just above.
            unchecked {
                h.count -= 1;
            }
        }
    }

    /// @dev The recipient holds nothing before the move and something after it.
    function _joins(TransferInfo calldata t) private pure returns (bool) {
        return t.to != address(0) && t.amount != 0 && t.from != t.to && t.toBalance == 0;
    }

    /// @dev The sender moves its whole balance out.
    function _leaves(TransferInfo calldata t) private pure returns (bool) {
        return t.from != address(0) && t.amount != 0 && t.from != t.to && t.fromBalance == t.amount;
    }
}
