// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ModuleBase} from "./ModuleBase.sol";
import {ILockUpModule} from "../../interfaces/IComplianceModules.sol";
import {IComplianceModule, TransferInfo, TransferKind} from "../../interfaces/IComplianceModule.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";

/// @title LockUpModule
/// @notice Singleton: per compliance, a lock-up per issuance (see the interface).
/// @dev Lots are kept per wallet, one slot each (unlock day and amount packed), oldest first; mints on the same day
/// merge into one lot, and a wallet holds at most `MAX_LOTS` lots (beyond that the newest lot absorbs the previous
/// one, which only delays that lot's unlock). A transfer reads the wallet's lots and deletes expired ones.
contract LockUpModule is ILockUpModule, ModuleBase {
    /// @notice Most lots per wallet.
    uint256 public constant MAX_LOTS = 32;
    /// @notice Longest lock-up period.
    uint64 public constant MAX_PERIOD = 3650 days;

    mapping(address compliance => uint64) private _period;
    mapping(address compliance => mapping(address wallet => Lot[])) private _lots;

    /// @inheritdoc ILockUpModule
    function setLockUpPeriod(uint64 period) external {
        if (period > MAX_PERIOD) revert LockUpPeriodTooLong(period);
        _period[msg.sender] = period;
        emit LockUpPeriodSet(msg.sender, period);
    }

    /// @inheritdoc ILockUpModule
    function getLockUpPeriod(address compliance) external view returns (uint64) {
        return _period[compliance];
    }

    /// @inheritdoc ILockUpModule
    function getLockedBalance(address compliance, address wallet) public view returns (uint256 locked) {
        Lot[] storage lots = _lots[compliance][wallet];
        uint256 n = lots.length;
        for (uint256 i; i < n; ++i) {
            Lot memory lot = lots[i];
            // Lock-ups are days long: validator timestamp drift (seconds) does not matter.
            // forge-lint: disable-next-line(block-timestamp)
            if (lot.unlocksAt > block.timestamp) locked += lot.amount;
        }
    }

    /// @inheritdoc ILockUpModule
    function getLots(address compliance, address wallet) external view returns (Lot[] memory) {
        return _lots[compliance][wallet];
    }

    /// @inheritdoc IComplianceModule
    function name() external pure returns (string memory) {
        return "LockUpModule";
    }

    /// @inheritdoc IComplianceModule
    function moduleTransfer(TransferInfo calldata t) external override(IComplianceModule, ModuleBase) returns (uint8) {
        address c = msg.sender;
        if (t.kind == TransferKind.MINT) {
            uint64 period = _period[c];
            if (period != 0 && t.amount != 0) _addLot(c, t.to, _unlockDay(block.timestamp + period), t.amount);
            return RestrictionCodes.SUCCESS;
        }
        uint256 locked = _prune(c, t.from);
        if (locked == 0 || t.from == t.to) return RestrictionCodes.SUCCESS; // a move to itself changes nothing
        // Tokens left after the move (fromBalance >= amount: the token has already debited it).
        uint256 left = t.fromBalance - t.amount;
        if (left >= locked) return RestrictionCodes.SUCCESS;
        if (t.kind == TransferKind.TRANSFER || t.kind == TransferKind.CROSSCHAIN_OUT) {
            return RestrictionCodes.TOKENS_LOCKED;
        }
        // Agent move into locked tokens: release (or carry, for the same identity) the difference.
        bool carry = t.to != address(0) && t.fromIdentity != address(0) && t.fromIdentity == t.toIdentity;
        _consume(c, t.from, locked - left, carry ? t.to : address(0));
        return RestrictionCodes.SUCCESS;
    }

    function _check(address compliance, TransferInfo calldata t) internal view override returns (uint8) {
        if ((t.kind != TransferKind.TRANSFER && t.kind != TransferKind.CROSSCHAIN_OUT) || t.fromBalance < t.amount) {
            return RestrictionCodes.SUCCESS;
        }
        uint256 locked = getLockedBalance(compliance, t.from);
        return t.fromBalance - t.amount < locked ? RestrictionCodes.TOKENS_LOCKED : RestrictionCodes.SUCCESS;
    }

    /// @dev Deletes expired lots of `wallet` (keeping order) and returns the amount still locked.
    function _prune(address c, address wallet) private returns (uint256 locked) {
        Lot[] storage lots = _lots[c][wallet];
        uint256 n = lots.length;
        if (n == 0) return 0;
        uint256 kept;
        for (uint256 i; i < n; ++i) {
            Lot memory lot = lots[i];
            // forge-lint: disable-next-line(block-timestamp)
            if (lot.unlocksAt > block.timestamp) {
                if (kept != i) lots[kept] = lot;
                ++kept;
                locked += lot.amount;
            }
        }
        while (lots.length > kept) lots.pop();
    }

    /// @dev Removes `amount` from the wallet's lots, earliest unlock first; adds the removed parts to `carryTo` when
    /// non-zero (after the wallet's own lots are settled, so the two arrays never alias).
    function _consume(address c, address wallet, uint256 amount, address carryTo) private {
        Lot[] storage lots = _lots[c][wallet];
        uint256 n = lots.length;
        Lot[] memory taken = new Lot[](n);
        uint256 k;
        for (uint256 i; i < n && amount != 0; ++i) {
            Lot memory lot = lots[i];
            uint256 take = lot.amount < amount ? lot.amount : amount;
            amount -= take;
            // Cannot underflow: take <= lot.amount; both fit 192 bits for the same reason.
            // forge-lint: disable-next-line(unsafe-typecast)
            lots[i].amount = uint192(lot.amount - take);
            // forge-lint: disable-next-line(unsafe-typecast)
            taken[k++] = Lot({unlocksAt: lot.unlocksAt, amount: uint192(take)});
        }
        // Drop the emptied lots at the front, keeping order.
        uint256 empty;
        while (empty < n && lots[empty].amount == 0) ++empty;
        if (empty != 0) {
            for (uint256 j = empty; j < n; ++j) {
                lots[j - empty] = lots[j];
            }
            for (uint256 j; j < empty; ++j) {
                lots.pop();
            }
        }
        if (carryTo == address(0)) return;
        for (uint256 j; j < k; ++j) {
            _addLot(c, carryTo, taken[j].unlocksAt, taken[j].amount);
        }
    }

    /// @dev Adds a lot, merging with the newest one when it unlocks the same day, or when the wallet is full (then
    /// the merged lot takes the later unlock: never earlier than either part's).
    function _addLot(address c, address wallet, uint64 unlocksAt, uint256 amount) private {
        Lot[] storage lots = _lots[c][wallet];
        uint256 n = lots.length;
        if (n != 0) {
            Lot storage last = lots[n - 1];
            if (last.unlocksAt == unlocksAt || n >= MAX_LOTS) {
                if (unlocksAt > last.unlocksAt) last.unlocksAt = unlocksAt;
                // Cannot overflow 192 bits: lot amounts are within the token's supply (< 2^120).
                // forge-lint: disable-next-line(unsafe-typecast)
                last.amount += uint192(amount);
                return;
            }
        }
        // forge-lint: disable-next-line(unsafe-typecast)
        lots.push(Lot({unlocksAt: unlocksAt, amount: uint192(amount)}));
    }

    /// @dev `time` rounded up to the next UTC midnight.
    function _unlockDay(uint256 time) private pure returns (uint64) {
        // Rounding up to whole days is the point of dividing first.
        // Cannot truncate: time <= now + MAX_PERIOD, far below 2^64.
        // forge-lint: disable-next-line(unsafe-typecast,divide-before-multiply)
        return uint64(((time + 1 days - 1) / 1 days) * 1 days);
    }
}
