// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IComplianceModule, TransferInfo, TransferKind} from "../../interfaces/IComplianceModule.sol";
import {ModularCompliance} from "../ModularCompliance.sol";

/// @title ModuleBase
/// @notice What every module singleton shares: the view entry points and the default hook, which checks holder
/// transfers and mints and records every allowed change.
/// @dev A module implements `_check` (a pure function of its configuration and the `TransferInfo`) and, when it keeps
/// state, `_record`. Neither may call the token or the registry: everything they need is in the `TransferInfo`.
abstract contract ModuleBase is IComplianceModule {
    /// @inheritdoc IComplianceModule
    function checkTransfer(address compliance, address from, address to, uint256 amount) external view returns (uint8) {
        // An external self-call, so the module's checks read the `TransferInfo` from calldata (cheap on the hook path).
        return this.check(compliance, ModularCompliance(compliance).transferInfo(from, to, amount));
    }

    /// @inheritdoc IComplianceModule
    function check(address compliance, TransferInfo calldata t) external view returns (uint8) {
        return _check(compliance, t);
    }

    /// @inheritdoc IComplianceModule
    function moduleTransfer(TransferInfo calldata t) external virtual returns (uint8 code) {
        if (TransferKind.isChecked(t.kind)) {
            code = _check(msg.sender, t);
            if (code != 0) return code;
        }
        _record(msg.sender, t);
    }

    /// @inheritdoc IComplianceModule
    /// @dev Default: every kind. Stateless rules return `TransferKind.MASK_CHECKED`.
    function hookedKinds() external pure virtual returns (uint8) {
        return TransferKind.MASK_ALL;
    }

    /// @dev The restriction code for `t` under `compliance` (0 = allowed).
    function _check(address compliance, TransferInfo calldata t) internal view virtual returns (uint8);

    /// @dev Records an allowed (or agent) balance change; `compliance` is the caller. Default: stateless.
    function _record(address compliance, TransferInfo calldata t) internal virtual {}
}
