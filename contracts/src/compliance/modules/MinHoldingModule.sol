// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ModuleBase} from "./ModuleBase.sol";
import {IMinHoldingModule} from "../../interfaces/IComplianceModules.sol";
import {IComplianceModule, TransferInfo, TransferKind} from "../../interfaces/IComplianceModule.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";

/// @title MinHoldingModule
/// @notice Singleton: per compliance, a minimum holding per wallet (no dust positions). One slot per check.
contract MinHoldingModule is IMinHoldingModule, ModuleBase {
    mapping(address compliance => uint256) private _min;

    /// @inheritdoc IMinHoldingModule
    function setMinHolding(uint256 minHolding) external {
        _min[msg.sender] = minHolding;
        emit MinHoldingSet(msg.sender, minHolding);
    }

    /// @inheritdoc IMinHoldingModule
    function getMinHolding(address compliance) external view returns (uint256) {
        return _min[compliance];
    }

    /// @inheritdoc IComplianceModule
    function hookedKinds() external pure override(IComplianceModule, ModuleBase) returns (uint8) {
        return TransferKind.MASK_CHECKED; // stateless
    }

    /// @inheritdoc IComplianceModule
    function name() external pure returns (string memory) {
        return "MinHoldingModule";
    }

    function _check(address compliance, TransferInfo calldata t) internal view override returns (uint8) {
        if (t.from == t.to) return RestrictionCodes.SUCCESS;
        uint256 min = _min[compliance];
        if (min == 0) return RestrictionCodes.SUCCESS;
        if (t.from != address(0) && t.fromBalance >= t.amount) {
            uint256 left = t.fromBalance - t.amount;
            if (left != 0 && left < min) return RestrictionCodes.BELOW_MIN_HOLDING;
        }
        // Written as a subtraction so a huge `amount` cannot overflow.
        if (t.to != address(0) && t.toBalance < min && t.amount < min - t.toBalance) {
            return RestrictionCodes.BELOW_MIN_HOLDING;
        }
        return RestrictionCodes.SUCCESS;
    }
}
