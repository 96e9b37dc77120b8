// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ModuleBase} from "./ModuleBase.sol";
import {IMaxBalanceModule} from "../../interfaces/IComplianceModules.sol";
import {IComplianceModule} from "../../interfaces/IComplianceModule.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";

/// @title MaxBalanceModule
/// @notice Singleton: per compliance, a maximum balance per wallet (token base units).
contract MaxBalanceModule is IMaxBalanceModule, ModuleBase {
    mapping(address compliance => uint256) private _max;

    /// @inheritdoc IMaxBalanceModule
    function setMaxBalance(uint256 maxBalance) external {
        _max[msg.sender] = maxBalance;
        emit MaxBalanceSet(msg.sender, maxBalance);
    }

    /// @inheritdoc IMaxBalanceModule
    function getMaxBalance(address compliance) external view returns (uint256) {
        return _max[compliance];
    }

    /// @inheritdoc IComplianceModule
    function checkTransfer(address compliance, address from, address to, uint256 amount) external view returns (uint8) {
        uint256 max = _max[compliance];
        if (max == 0 || to == address(0) || from == to) return RestrictionCodes.SUCCESS;
        uint256 balance = _balanceOf(compliance, to);
        // Written as a subtraction so a huge `amount` cannot overflow.
        if (balance > max || amount > max - balance) return RestrictionCodes.MAX_BALANCE_EXCEEDED;
        return RestrictionCodes.SUCCESS;
    }

    /// @inheritdoc IComplianceModule
    function moduleTransferAction(address, address, uint256) external {}

    /// @inheritdoc IComplianceModule
    function moduleMintAction(address, uint256) external {}

    /// @inheritdoc IComplianceModule
    function moduleBurnAction(address, uint256) external {}

    /// @inheritdoc IComplianceModule
    function name() external pure returns (string memory) {
        return "MaxBalanceModule";
    }
}
