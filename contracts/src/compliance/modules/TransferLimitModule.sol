// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ModuleBase} from "./ModuleBase.sol";
import {ITransferLimitModule} from "../../interfaces/IComplianceModules.sol";
import {IComplianceModule, TransferInfo, TransferKind} from "../../interfaces/IComplianceModule.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";

/// @title TransferLimitModule
/// @notice Singleton: per compliance, a transfer volume limit per sender identity per period (see the interface).
/// @dev Two slots per transfer: the compliance's limit (period and volume packed) and the sender's usage (window
/// start and volume packed), read and written once by the hook.
contract TransferLimitModule is ITransferLimitModule, ModuleBase {
    struct Limit {
        uint64 period;
        uint192 maxVolume;
    }

    struct Usage {
        uint64 windowStart;
        uint192 volume;
    }

    mapping(address compliance => Limit) private _limits;
    mapping(address compliance => mapping(address sender => Usage)) private _usage;

    /// @inheritdoc ITransferLimitModule
    function setTransferLimit(uint64 period, uint256 maxVolume) external {
        if (maxVolume > type(uint192).max || (maxVolume != 0 && period == 0)) {
            revert InvalidTransferLimit(period, maxVolume);
        }
        // forge-lint: disable-next-line(unsafe-typecast)
        _limits[msg.sender] = Limit({period: period, maxVolume: uint192(maxVolume)});
        emit TransferLimitSet(msg.sender, period, maxVolume);
    }

    /// @inheritdoc ITransferLimitModule
    function getTransferLimit(address compliance) external view returns (uint64 period, uint256 maxVolume) {
        Limit memory lim = _limits[compliance];
        return (lim.period, lim.maxVolume);
    }

    /// @inheritdoc ITransferLimitModule
    function getTransferUsage(address compliance, address sender)
        external
        view
        returns (uint256 used, uint256 windowEnd)
    {
        Usage memory u = _usage[compliance][sender];
        uint256 end = uint256(u.windowStart) + _limits[compliance].period;
        // Windows are days or longer: validator timestamp drift (seconds) does not matter.
        // forge-lint: disable-next-line(block-timestamp)
        if (u.windowStart == 0 || block.timestamp >= end) return (0, 0);
        return (u.volume, end);
    }

    /// @inheritdoc IComplianceModule
    function hookedKinds() external pure override returns (uint8) {
        return uint8(1) << TransferKind.TRANSFER; // only holder transfers are counted
    }

    /// @inheritdoc IComplianceModule
    function name() external pure returns (string memory) {
        return "TransferLimitModule";
    }

    /// @inheritdoc IComplianceModule
    /// @dev Overridden to read and write the usage slot once.
    function moduleTransfer(TransferInfo calldata t) external override returns (uint8) {
        if (t.kind != TransferKind.TRANSFER) return RestrictionCodes.SUCCESS;
        Limit memory lim = _limits[msg.sender];
        if (lim.maxVolume == 0) return RestrictionCodes.SUCCESS;
        Usage storage u = _usage[msg.sender][_sender(t)];
        (uint256 start, uint256 used) = _current(u, lim.period);
        if (_exceeds(used, t.amount, lim.maxVolume)) return RestrictionCodes.TRANSFER_LIMIT_EXCEEDED;
        // Cannot overflow 192 bits: used + amount <= maxVolume, checked just above.
        // forge-lint: disable-next-line(unsafe-typecast)
        u.windowStart = uint64(start);
        // forge-lint: disable-next-line(unsafe-typecast)
        u.volume = uint192(used + t.amount);
        return RestrictionCodes.SUCCESS;
    }

    function _check(address compliance, TransferInfo calldata t) internal view override returns (uint8) {
        if (t.kind != TransferKind.TRANSFER) return RestrictionCodes.SUCCESS;
        Limit memory lim = _limits[compliance];
        if (lim.maxVolume == 0) return RestrictionCodes.SUCCESS;
        (, uint256 used) = _current(_usage[compliance][_sender(t)], lim.period);
        return
            _exceeds(used, t.amount, lim.maxVolume)
                ? RestrictionCodes.TRANSFER_LIMIT_EXCEEDED
                : RestrictionCodes.SUCCESS;
    }

    /// @dev The sender's identity, or its wallet when it has none.
    function _sender(TransferInfo calldata t) private pure returns (address) {
        return t.fromIdentity != address(0) ? t.fromIdentity : t.from;
    }

    /// @dev The open window's start and volume; a new window (starting now, empty) when the last one has ended.
    function _current(Usage storage u, uint64 period) private view returns (uint256 start, uint256 used) {
        start = u.windowStart;
        // forge-lint: disable-next-line(block-timestamp)
        if (start == 0 || block.timestamp >= start + period) return (block.timestamp, 0);
        used = u.volume;
    }

    /// @dev Written as subtractions so a huge amount cannot overflow; `used` may exceed a lowered limit.
    function _exceeds(uint256 used, uint256 amount, uint256 maxVolume) private pure returns (bool) {
        return used > maxVolume || amount > maxVolume - used;
    }
}
