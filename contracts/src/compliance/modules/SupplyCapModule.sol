// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ModuleBase} from "./ModuleBase.sol";
import {ModularCompliance} from "../ModularCompliance.sol";
import {ISupplyCapModule} from "../../interfaces/IComplianceModules.sol";
import {IComplianceModule, TransferInfo, TransferKind} from "../../interfaces/IComplianceModule.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";

/// @title SupplyCapModule
/// @notice Singleton: per compliance, a cap on the token's total supply, checked on mints only.
/// @dev Reads the supply from the token (warm on the mint path: the token is the caller's caller), so the cap also
/// holds for supply minted before the module was added.
contract SupplyCapModule is ISupplyCapModule, ModuleBase {
    mapping(address compliance => uint256) private _cap;

    /// @inheritdoc ISupplyCapModule
    function setSupplyCap(uint256 cap) external {
        _cap[msg.sender] = cap;
        emit SupplyCapSet(msg.sender, cap);
    }

    /// @inheritdoc ISupplyCapModule
    function getSupplyCap(address compliance) external view returns (uint256) {
        return _cap[compliance];
    }

    /// @inheritdoc IComplianceModule
    function hookedKinds() external pure override(IComplianceModule, ModuleBase) returns (uint8) {
        return uint8(1) << TransferKind.MINT;
    }

    /// @inheritdoc IComplianceModule
    function name() external pure returns (string memory) {
        return "SupplyCapModule";
    }

    /// @inheritdoc IComplianceModule
    /// @dev On the hook the token has already minted: the supply read includes `t.amount`.
    function moduleTransfer(TransferInfo calldata t) external override(IComplianceModule, ModuleBase) returns (uint8) {
        if (t.kind != TransferKind.MINT) return RestrictionCodes.SUCCESS;
        uint256 cap = _cap[msg.sender];
        if (cap == 0) return RestrictionCodes.SUCCESS;
        return _supply(msg.sender) > cap ? RestrictionCodes.SUPPLY_CAP_EXCEEDED : RestrictionCodes.SUCCESS;
    }

    /// @dev Before the move (pre-checks): the supply plus the amount.
    function _check(address compliance, TransferInfo calldata t) internal view override returns (uint8) {
        if (t.kind != TransferKind.MINT) return RestrictionCodes.SUCCESS;
        uint256 cap = _cap[compliance];
        if (cap == 0) return RestrictionCodes.SUCCESS;
        uint256 supply = _supply(compliance);
        // Written as a subtraction so a huge `amount` cannot overflow.
        if (supply > cap || t.amount > cap - supply) return RestrictionCodes.SUPPLY_CAP_EXCEEDED;
        return RestrictionCodes.SUCCESS;
    }

    function _supply(address compliance) private view returns (uint256) {
        return IERC20(ModularCompliance(compliance).getTokenBound()).totalSupply();
    }
}
