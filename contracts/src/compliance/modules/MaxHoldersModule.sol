// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ModuleBase} from "./ModuleBase.sol";
import {IMaxHoldersModule} from "../../interfaces/IComplianceModules.sol";
import {IComplianceModule} from "../../interfaces/IComplianceModule.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";

/// @title MaxHoldersModule
/// @notice Singleton: per compliance, a cap on the number of wallets with a non-zero balance.
/// @dev The count is kept by the hooks, which run after the token has updated balances.
contract MaxHoldersModule is IMaxHoldersModule, ModuleBase {
    mapping(address compliance => uint256) private _limit;
    mapping(address compliance => uint256) private _holders;

    /// @inheritdoc IMaxHoldersModule
    function setHolderLimit(uint256 limit) external {
        _limit[msg.sender] = limit;
        emit HolderLimitSet(msg.sender, limit);
    }

    /// @inheritdoc IMaxHoldersModule
    function getHolderLimit(address compliance) external view returns (uint256) {
        return _limit[compliance];
    }

    /// @inheritdoc IMaxHoldersModule
    function getHolderCount(address compliance) external view returns (uint256) {
        return _holders[compliance];
    }

    /// @inheritdoc IComplianceModule
    function moduleTransferAction(address from, address to, uint256 amount) external {
        if (amount == 0 || from == to) return;
        _countIn(msg.sender, to, amount);
        _countOut(msg.sender, from);
    }

    /// @inheritdoc IComplianceModule
    function moduleMintAction(address to, uint256 amount) external {
        if (amount == 0) return;
        _countIn(msg.sender, to, amount);
    }

    /// @inheritdoc IComplianceModule
    function moduleBurnAction(address from, uint256 amount) external {
        if (amount == 0) return;
        _countOut(msg.sender, from);
    }

    /// @inheritdoc IComplianceModule
    function checkTransfer(address compliance, address from, address to, uint256 amount) external view returns (uint8) {
        uint256 limit = _limit[compliance];
        if (limit == 0 || to == address(0) || amount == 0 || from == to) return RestrictionCodes.SUCCESS;
        if (_balanceOf(compliance, to) != 0) return RestrictionCodes.SUCCESS; // not a new holder
        uint256 after_ = _holders[compliance] + 1;
        // The sender leaves the holder set when it sends its whole balance.
        if (from != address(0) && _balanceOf(compliance, from) == amount) after_ -= 1;
        return after_ > limit ? RestrictionCodes.MAX_HOLDERS_EXCEEDED : RestrictionCodes.SUCCESS;
    }

    /// @inheritdoc IComplianceModule
    function name() external pure returns (string memory) {
        return "MaxHoldersModule";
    }

    /// @dev After a credit of `amount`, the wallet is new iff its balance equals exactly `amount`.
    function _countIn(address compliance, address to, uint256 amount) private {
        if (_balanceOf(compliance, to) == amount) _holders[compliance] += 1;
    }

    /// @dev After a debit, the wallet left iff its balance is zero.
    function _countOut(address compliance, address from) private {
        if (_balanceOf(compliance, from) == 0 && _holders[compliance] != 0) {
            // Cannot underflow: checked just above.
            unchecked {
                _holders[compliance] -= 1;
            }
        }
    }
}
