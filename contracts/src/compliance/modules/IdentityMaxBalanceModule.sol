// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ModuleBase} from "./ModuleBase.sol";
import {IIdentityMaxBalanceModule} from "../../interfaces/IComplianceModules.sol";
import {IComplianceModule, TransferInfo, TransferKind} from "../../interfaces/IComplianceModule.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";

/// @title IdentityMaxBalanceModule
/// @notice Singleton: per compliance, a maximum balance per investor identity summed over its wallets.
/// @dev One balance slot per (compliance, identity), updated by the hook on every kind of move; moves between two
/// wallets of the same identity change nothing.
contract IdentityMaxBalanceModule is IIdentityMaxBalanceModule, ModuleBase {
    mapping(address compliance => uint256) private _max;
    mapping(address compliance => mapping(address identity => uint256)) private _balances;
    /// @dev The key a wallet's balance was credited to when it started holding (re-keyed by `RECORD`).
    mapping(address compliance => mapping(address wallet => address key)) private _creditedTo;

    /// @inheritdoc IIdentityMaxBalanceModule
    function setIdentityMaxBalance(uint256 maxBalance) external {
        _max[msg.sender] = maxBalance;
        emit IdentityMaxBalanceSet(msg.sender, maxBalance);
    }

    /// @inheritdoc IIdentityMaxBalanceModule
    function getIdentityMaxBalance(address compliance) external view returns (uint256) {
        return _max[compliance];
    }

    /// @inheritdoc IIdentityMaxBalanceModule
    function getIdentityBalance(address compliance, address identity) external view returns (uint256) {
        return _balances[compliance][identity];
    }

    /// @inheritdoc IComplianceModule
    function name() external pure returns (string memory) {
        return "IdentityMaxBalanceModule";
    }

    function _check(address compliance, TransferInfo calldata t) internal view override returns (uint8) {
        if (t.to == address(0)) return RestrictionCodes.SUCCESS;
        address toKey = _key(t.toIdentity, t.to);
        if (t.from != address(0) && _key(t.fromIdentity, t.from) == toKey) return RestrictionCodes.SUCCESS;
        uint256 max = _max[compliance];
        if (max == 0) return RestrictionCodes.SUCCESS;
        uint256 held = _balances[compliance][toKey];
        // Written as a subtraction so a huge `amount` cannot overflow.
        if (held > max || t.amount > max - held) return RestrictionCodes.MAX_BALANCE_EXCEEDED;
        return RestrictionCodes.SUCCESS;
    }

    function _record(address compliance, TransferInfo calldata t) internal override {
        if (t.kind == TransferKind.RECORD) {
            _rekey(compliance, t.from, _key(t.fromIdentity, t.from), t.fromBalance);
            return;
        }
        address fromKey = t.from == address(0) ? address(0) : _key(t.fromIdentity, t.from);
        address toKey = t.to == address(0) ? address(0) : _key(t.toIdentity, t.to);
        if (t.amount == 0) return;
        // A wallet starting to hold: remember which key its balance counts for (only then, not on every move).
        if (toKey != address(0) && t.toBalance == 0 && t.from != t.to) _creditedTo[compliance][t.to] = toKey;
        if (fromKey == toKey) return;
        if (fromKey != address(0)) {
            uint256 held = _balances[compliance][fromKey];
            // Saturates: tokens held before the module was added were never counted.
            unchecked {
                _balances[compliance][fromKey] = held > t.amount ? held - t.amount : 0;
            }
        }
        if (toKey != address(0)) _balances[compliance][toKey] += t.amount;
    }

    /// @inheritdoc IComplianceModule
    function hookedKinds() external pure override(IComplianceModule, ModuleBase) returns (uint8) {
        return TransferKind.MASK_ALL_RECORD;
    }

    /// @dev Moves a holding wallet's `balance` from the key it was credited to, to `key` (its registry record now).
    function _rekey(address compliance, address wallet, address key, uint256 balance) private {
        address old = _creditedTo[compliance][wallet];
        if (old == address(0) || old == key || balance == 0) return;
        uint256 held = _balances[compliance][old];
        // Saturates, as the hook does.
        unchecked {
            _balances[compliance][old] = held > balance ? held - balance : 0;
        }
        _balances[compliance][key] += balance;
        _creditedTo[compliance][wallet] = key;
    }

    /// @dev The balance key: the identity, or the wallet when it has none.
    function _key(address identity, address wallet) private pure returns (address) {
        return identity != address(0) ? identity : wallet;
    }
}
