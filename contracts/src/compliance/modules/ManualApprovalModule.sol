// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ModuleBase} from "./ModuleBase.sol";
import {IManualApprovalModule} from "../../interfaces/IComplianceModules.sol";
import {IComplianceModule, TransferInfo, TransferKind} from "../../interfaces/IComplianceModule.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";

/// @title ManualApprovalModule
/// @notice Singleton: per compliance, maker-checker approval of holder transfers (see the interface).
/// @dev Requests and approvals are counted per (compliance, sender, recipient, amount), both in one slot.
contract ManualApprovalModule is IManualApprovalModule, ModuleBase {
    struct Status {
        uint128 requested;
        uint128 approved;
    }

    mapping(address compliance => mapping(address approver => bool)) private _approvers;
    mapping(address compliance => mapping(bytes32 key => Status)) private _status;

    /// @inheritdoc IManualApprovalModule
    function setTransferApprover(address approver, bool enabled) external {
        _approvers[msg.sender][approver] = enabled;
        emit TransferApproverSet(msg.sender, approver, enabled);
    }

    /// @inheritdoc IManualApprovalModule
    function requestTransfer(address compliance, address to, uint256 amount) external {
        _status[compliance][_key(msg.sender, to, amount)].requested += 1;
        emit TransferRequested(compliance, msg.sender, to, amount);
    }

    /// @inheritdoc IManualApprovalModule
    function approveTransfer(address compliance, address from, address to, uint256 amount) external {
        _onlyApprover(compliance);
        if (msg.sender == from) revert SelfApproval(msg.sender);
        Status storage s = _status[compliance][_key(from, to, amount)];
        if (s.requested == 0) revert NothingToDecide(compliance, from, to, amount);
        // Cannot underflow: checked just above.
        unchecked {
            s.requested -= 1;
        }
        s.approved += 1;
        emit TransferApproved(compliance, from, to, amount, msg.sender);
    }

    /// @inheritdoc IManualApprovalModule
    function rejectTransfer(address compliance, address from, address to, uint256 amount) external {
        _onlyApprover(compliance);
        Status storage s = _status[compliance][_key(from, to, amount)];
        // Cannot underflow: each branch checks its counter first.
        unchecked {
            if (s.requested != 0) s.requested -= 1;
            else if (s.approved != 0) s.approved -= 1;
            else revert NothingToDecide(compliance, from, to, amount);
        }
        emit TransferRejected(compliance, from, to, amount, msg.sender);
    }

    /// @inheritdoc IManualApprovalModule
    function isTransferApprover(address compliance, address approver) external view returns (bool) {
        return _approvers[compliance][approver];
    }

    /// @inheritdoc IManualApprovalModule
    function getTransferStatus(address compliance, address from, address to, uint256 amount)
        external
        view
        returns (uint256 requested, uint256 approved)
    {
        Status memory s = _status[compliance][_key(from, to, amount)];
        return (s.requested, s.approved);
    }

    /// @inheritdoc IComplianceModule
    function hookedKinds() external pure override(IComplianceModule, ModuleBase) returns (uint8) {
        return uint8(1) << TransferKind.TRANSFER;
    }

    /// @inheritdoc IComplianceModule
    function name() external pure returns (string memory) {
        return "ManualApprovalModule";
    }

    /// @inheritdoc IComplianceModule
    /// @dev Uses one approval per holder transfer.
    function moduleTransfer(TransferInfo calldata t) external override(IComplianceModule, ModuleBase) returns (uint8) {
        if (t.kind != TransferKind.TRANSFER) return RestrictionCodes.SUCCESS;
        Status storage s = _status[msg.sender][_key(t.from, t.to, t.amount)];
        if (s.approved == 0) return _refusal(s.requested);
        // Cannot underflow: checked just above.
        unchecked {
            s.approved -= 1;
        }
        emit ApprovalUsed(msg.sender, t.from, t.to, t.amount);
        return RestrictionCodes.SUCCESS;
    }

    function _check(address compliance, TransferInfo calldata t) internal view override returns (uint8) {
        if (t.kind != TransferKind.TRANSFER) return RestrictionCodes.SUCCESS;
        Status memory s = _status[compliance][_key(t.from, t.to, t.amount)];
        return s.approved == 0 ? _refusal(s.requested) : RestrictionCodes.SUCCESS;
    }

    /// @dev Why a transfer without an approval is refused: requested and waiting, or never requested.
    function _refusal(uint128 requested) private pure returns (uint8) {
        return requested == 0 ? RestrictionCodes.TRANSFER_NOT_APPROVED : RestrictionCodes.TRANSFER_APPROVAL_PENDING;
    }

    function _onlyApprover(address compliance) private view {
        if (!_approvers[compliance][msg.sender]) revert CallerNotTransferApprover(compliance, msg.sender);
    }

    function _key(address from, address to, uint256 amount) private pure returns (bytes32) {
        return keccak256(abi.encode(from, to, amount));
    }
}
