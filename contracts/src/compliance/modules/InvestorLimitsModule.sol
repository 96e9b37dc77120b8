// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ModuleBase} from "./ModuleBase.sol";
import {IInvestorLimitsModule} from "../../interfaces/IComplianceModules.sol";
import {IComplianceModule, TransferInfo, TransferKind} from "../../interfaces/IComplianceModule.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";

/// @title InvestorLimitsModule
/// @notice Singleton: per compliance, a maximum balance per investor identity and a transfer volume limit per
/// investor per period, in one slot per investor (see the interface).
/// @dev Config: one slot (maxBalance 120 bits, period 40, maxVolume 96). Investor: one slot (window start 40,
/// window volume 96, balance 120). Balances fit 120 bits because the token caps its supply at 2^120 - 1.
contract InvestorLimitsModule is IInvestorLimitsModule, ModuleBase {
    struct Limits {
        uint120 maxBalance;
        uint40 period;
        uint96 maxVolume;
    }

    struct Investor {
        uint40 windowStart;
        uint96 volume;
        uint120 balance;
    }

    mapping(address compliance => Limits) private _limits;
    mapping(address compliance => mapping(address investor => Investor)) private _investors;
    /// @dev The key a wallet's balance was credited to when it started holding (re-keyed by `RECORD`).
    mapping(address compliance => mapping(address wallet => address key)) private _creditedTo;

    /// @inheritdoc IInvestorLimitsModule
    function setInvestorLimits(uint256 maxBalance, uint64 period, uint256 maxVolume) external {
        if (
            maxBalance > type(uint120).max || maxVolume > type(uint96).max || period > type(uint40).max
                || (maxVolume != 0 && period == 0)
        ) revert InvalidInvestorLimits(maxBalance, period, maxVolume);
        // forge-lint: disable-next-line(unsafe-typecast)
        _limits[msg.sender] = Limits(uint120(maxBalance), uint40(period), uint96(maxVolume)); // fit: checked above
        emit InvestorLimitsSet(msg.sender, maxBalance, period, maxVolume);
    }

    /// @inheritdoc IInvestorLimitsModule
    function getInvestorLimits(address compliance)
        external
        view
        returns (uint256 maxBalance, uint64 period, uint256 maxVolume)
    {
        Limits memory lim = _limits[compliance];
        return (lim.maxBalance, lim.period, lim.maxVolume);
    }

    /// @inheritdoc IInvestorLimitsModule
    function getInvestor(address compliance, address investor)
        external
        view
        returns (uint256 balance, uint256 used, uint256 windowEnd)
    {
        Investor memory inv = _investors[compliance][investor];
        balance = inv.balance;
        uint256 end = uint256(inv.windowStart) + _limits[compliance].period;
        // Windows are days or longer: validator timestamp drift (seconds) does not matter.
        // forge-lint: disable-next-line(block-timestamp)
        if (inv.windowStart != 0 && block.timestamp < end) (used, windowEnd) = (inv.volume, end);
    }

    /// @inheritdoc IComplianceModule
    function name() external pure returns (string memory) {
        return "InvestorLimitsModule";
    }

    /// @inheritdoc IComplianceModule
    /// @dev One read and one write of each investor's slot.
    function moduleTransfer(TransferInfo calldata t) external override(IComplianceModule, ModuleBase) returns (uint8) {
        address fromKey = t.from == address(0) ? address(0) : _key(t.fromIdentity, t.from);
        if (t.kind == TransferKind.RECORD) {
            _rekey(t.from, fromKey, t.fromBalance);
            return RestrictionCodes.SUCCESS;
        }
        address toKey = t.to == address(0) ? address(0) : _key(t.toIdentity, t.to);
        if (t.amount == 0) return RestrictionCodes.SUCCESS;
        // A wallet starting to hold: remember which investor its balance counts for (only then, not on every move).
        if (toKey != address(0) && t.toBalance == 0 && t.from != t.to) _creditedTo[msg.sender][t.to] = toKey;
        if (fromKey == toKey) return RestrictionCodes.SUCCESS; // within one investor
        Limits memory lim = _limits[msg.sender];
        bool checked = TransferKind.isChecked(t.kind);

        if (toKey != address(0)) {
            Investor storage to = _investors[msg.sender][toKey];
            uint256 held = to.balance;
            if (checked && lim.maxBalance != 0 && _exceeds(held, t.amount, lim.maxBalance)) {
                return RestrictionCodes.MAX_BALANCE_EXCEEDED;
            }
            // Cannot exceed 120 bits: an investor's balance is within the token's supply cap (2^120 - 1).
            // forge-lint: disable-next-line(unsafe-typecast)
            to.balance = uint120(held + t.amount);
        }
        if (fromKey != address(0)) {
            Investor memory inv = _investors[msg.sender][fromKey];
            if (t.kind == TransferKind.TRANSFER && lim.maxVolume != 0) {
                (uint256 start, uint256 used) = _window(inv, lim.period);
                if (_exceeds(used, t.amount, lim.maxVolume)) return RestrictionCodes.TRANSFER_LIMIT_EXCEEDED;
                // Fit: start is a timestamp (< 2^40 until year 36812); used + amount <= maxVolume < 2^96.
                // forge-lint: disable-next-line(unsafe-typecast)
                inv.windowStart = uint40(start);
                // forge-lint: disable-next-line(unsafe-typecast)
                inv.volume = uint96(used + t.amount);
            }
            // Saturates: tokens held before the module was added were never counted.
            // forge-lint: disable-next-line(unsafe-typecast)
            inv.balance = inv.balance > t.amount ? uint120(inv.balance - t.amount) : 0;
            _investors[msg.sender][fromKey] = inv;
        }
        return RestrictionCodes.SUCCESS;
    }

    function _check(address compliance, TransferInfo calldata t) internal view override returns (uint8) {
        address fromKey = t.from == address(0) ? address(0) : _key(t.fromIdentity, t.from);
        address toKey = t.to == address(0) ? address(0) : _key(t.toIdentity, t.to);
        if (fromKey == toKey || t.amount == 0) return RestrictionCodes.SUCCESS;
        Limits memory lim = _limits[compliance];
        if (
            toKey != address(0) && lim.maxBalance != 0
                && _exceeds(_investors[compliance][toKey].balance, t.amount, lim.maxBalance)
        ) return RestrictionCodes.MAX_BALANCE_EXCEEDED;
        if (fromKey != address(0) && t.kind == TransferKind.TRANSFER && lim.maxVolume != 0) {
            (, uint256 used) = _window(_investors[compliance][fromKey], lim.period);
            if (_exceeds(used, t.amount, lim.maxVolume)) return RestrictionCodes.TRANSFER_LIMIT_EXCEEDED;
        }
        return RestrictionCodes.SUCCESS;
    }

    /// @dev The open window's start and volume; a new window (starting now, empty) when the last one has ended.
    function _window(Investor memory inv, uint256 period) private view returns (uint256 start, uint256 used) {
        start = inv.windowStart;
        // forge-lint: disable-next-line(block-timestamp)
        if (start == 0 || block.timestamp >= start + period) return (block.timestamp, 0);
        used = inv.volume;
    }

    /// @dev Written as subtractions so a huge amount cannot overflow; `current` may exceed a lowered limit.
    function _exceeds(uint256 current, uint256 amount, uint256 limit) private pure returns (bool) {
        return current > limit || amount > limit - current;
    }

    /// @inheritdoc IComplianceModule
    function hookedKinds() external pure override(IComplianceModule, ModuleBase) returns (uint8) {
        return TransferKind.MASK_ALL_RECORD;
    }

    /// @dev Moves a holding wallet's `balance` from the investor it was credited to, to `key` (its record now). The
    /// window volume stays with the investor that sent it.
    function _rekey(address wallet, address key, uint256 balance) private {
        address old = _creditedTo[msg.sender][wallet];
        if (old == address(0) || old == key || balance == 0) return;
        Investor storage o = _investors[msg.sender][old];
        // Saturates, as the hook does; fits 120 bits (within the supply cap).
        // forge-lint: disable-next-line(unsafe-typecast)
        o.balance = o.balance > balance ? uint120(o.balance - balance) : 0;
        Investor storage n = _investors[msg.sender][key];
        // forge-lint: disable-next-line(unsafe-typecast)
        n.balance = uint120(n.balance + balance);
        _creditedTo[msg.sender][wallet] = key;
    }

    /// @dev The investor key: the identity, or the wallet when it has none.
    function _key(address identity, address wallet) private pure returns (address) {
        return identity != address(0) ? identity : wallet;
    }
}
