// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ModuleBase} from "./ModuleBase.sol";
import {IMaxBalanceModule} from "../../interfaces/IComplianceModules.sol";
import {IComplianceModule, TransferInfo, TransferKind} from "../../interfaces/IComplianceModule.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";

/// @title MaxBalanceModule
/// @notice Singleton: per compliance, a maximum balance per wallet (token base units). The recipient's balance
/// comes from the token's `TransferInfo`: one storage read per transfer.
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
    function hookedKinds() external pure override(IComplianceModule, ModuleBase) returns (uint8) {
        return TransferKind.MASK_CHECKED; // stateless: agent moves need no call
    }

    /// @inheritdoc IComplianceModule
    function name() external pure returns (string memory) {
        return "MaxBalanceModule";
    }

    function _check(address compliance, TransferInfo calldata t) internal view override returns (uint8) {
        if (t.to == address(0) || t.from == t.to) return RestrictionCodes.SUCCESS;
        uint256 max = _max[compliance];
        if (max == 0) return RestrictionCodes.SUCCESS;
        // Written as a subtraction so a huge `amount` cannot overflow.
        if (t.toBalance > max || t.amount > max - t.toBalance) return RestrictionCodes.MAX_BALANCE_EXCEEDED;
        return RestrictionCodes.SUCCESS;
    }
}
