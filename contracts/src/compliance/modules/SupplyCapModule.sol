// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ModuleBase} from "./ModuleBase.sol";
import {ITokenBridgeable} from "../../interfaces/ITokenBridgeable.sol";
import {AssetBridge} from "../../crosschain/AssetBridge.sol";
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

    /// @dev What this chain issued: its total supply plus the tokens its bridge sent to the asset's other chains
    /// (still there or in transit) minus those it received (`AssetBridge.netOutflow`), at least zero. An arrival is
    /// not issuance: the module does not hook it. The asset's supply over all chains is the sum of the chains'
    /// issuance, so per-chain caps that sum to the asset's cap keep the asset under it (ARCHITECTURE.md).
    function _supply(address compliance) private view returns (uint256) {
        address token = ModularCompliance(compliance).getTokenBound();
        uint256 supply = IERC20(token).totalSupply();
        // A token from before ERC-7802 has no `bridge()`: its supply is all it issued.
        (bool ok, bytes memory answer) = token.staticcall(abi.encodeCall(ITokenBridgeable.bridge, ()));
        if (!ok || answer.length < 32) return supply;
        address bridge = abi.decode(answer, (address));
        if (bridge == address(0)) return supply;
        int256 issued = int256(supply) + AssetBridge(bridge).netOutflow();
        return issued > 0 ? uint256(issued) : 0;
    }
}
