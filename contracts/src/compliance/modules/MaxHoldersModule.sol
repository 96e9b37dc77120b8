// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ModuleBase} from "./ModuleBase.sol";
import {IMaxHoldersModule} from "../../interfaces/IComplianceModules.sol";
import {IComplianceModule, TransferInfo, TransferKind} from "../../interfaces/IComplianceModule.sol";
import {RestrictionCodes} from "../../libraries/RestrictionCodes.sol";

/// @title MaxHoldersModule
/// @notice Singleton: per compliance, a cap on the number of holders (investor identities with a non-zero balance),
/// in total and per country.
/// @dev Storage is touched only when a wallet's balance crosses zero: a transfer between existing holders reads and
/// writes nothing here (the balances before the move come in the `TransferInfo`). Limits and counts are packed.
contract MaxHoldersModule is IMaxHoldersModule, ModuleBase {
    struct Holders {
        uint128 limit;
        uint128 count;
    }

    mapping(address compliance => Holders) private _holders;
    mapping(address compliance => mapping(uint16 country => Holders)) private _countryHolders;
    /// @dev Per holder key: holding wallets (low 128 bits) | the country the holder is counted in << 128.
    mapping(address compliance => mapping(address identity => uint256)) private _wallets;
    /// @dev The holder key a holding wallet is counted under (zero: not counted), written when it joins and read when
    /// it leaves, so a registry change in between cannot leave a count behind.
    mapping(address compliance => mapping(address wallet => address key)) private _counted;

    /// @inheritdoc IMaxHoldersModule
    function setHolderLimit(uint256 limit) external {
        _holders[msg.sender].limit = _limit(limit);
        emit HolderLimitSet(msg.sender, limit);
    }

    /// @inheritdoc IMaxHoldersModule
    function setCountryHolderLimit(uint16 country, uint256 limit) external {
        _countryHolders[msg.sender][country].limit = _limit(limit);
        emit CountryHolderLimitSet(msg.sender, country, limit);
    }

    /// @inheritdoc IMaxHoldersModule
    function getHolderLimit(address compliance) external view returns (uint256) {
        return _holders[compliance].limit;
    }

    /// @inheritdoc IMaxHoldersModule
    function getHolderCount(address compliance) external view returns (uint256) {
        return _holders[compliance].count;
    }

    /// @inheritdoc IMaxHoldersModule
    function getCountryHolders(address compliance, uint16 country)
        external
        view
        returns (uint256 limit, uint256 count)
    {
        Holders memory h = _countryHolders[compliance][country];
        return (h.limit, h.count);
    }

    /// @inheritdoc IMaxHoldersModule
    function getHoldingWallets(address compliance, address identity) external view returns (uint256) {
        return uint128(_wallets[compliance][identity]);
    }

    /// @inheritdoc IComplianceModule
    function name() external pure returns (string memory) {
        return "MaxHoldersModule";
    }

    function _check(address compliance, TransferInfo calldata t) internal view override returns (uint8) {
        if (!_walletJoins(t)) return RestrictionCodes.SUCCESS; // no new holding wallet, so no new holder
        address toKey = _key(t.toIdentity, t.to);
        if (_wallets[compliance][toKey] != 0) return RestrictionCodes.SUCCESS; // the investor already holds
        // A sender leaving as the recipient joins frees a place (the same investor never gets here: it holds).
        bool leaves = _walletLeaves(t) && uint128(_wallets[compliance][_key(t.fromIdentity, t.from)]) == 1;
        Holders memory h = _holders[compliance];
        if (h.limit != 0 && _after(h.count, leaves) > h.limit) return RestrictionCodes.MAX_HOLDERS_EXCEEDED;
        Holders memory c = _countryHolders[compliance][t.toCountry];
        if (c.limit != 0 && _after(c.count, leaves && t.fromCountry == t.toCountry) > c.limit) {
            return RestrictionCodes.COUNTRY_HOLDERS_EXCEEDED;
        }
        return RestrictionCodes.SUCCESS;
    }

    function _record(address compliance, TransferInfo calldata t) internal override {
        if (t.kind == TransferKind.RECORD) {
            _rekey(compliance, t.from, _key(t.fromIdentity, t.from), t.fromCountry);
            return;
        }
        if (_walletJoins(t)) {
            address toKey = _key(t.toIdentity, t.to);
            _join(compliance, toKey, t.toCountry);
            _counted[compliance][t.to] = toKey;
        }
        if (_walletLeaves(t)) {
            address counted = _counted[compliance][t.from];
            if (counted == address(0)) return; // held before the module was added: never counted
            delete _counted[compliance][t.from];
            _leave(compliance, counted);
        }
    }

    /// @inheritdoc IComplianceModule
    /// @dev Every kind, but only moves that cross zero (and record syncs): `_check` and `_record` do nothing on the
    /// others, so the compliance skips the call.
    function hookedKinds() external pure override(IComplianceModule, ModuleBase) returns (uint8) {
        return TransferKind.MASK_ALL_RECORD | TransferKind.ONLY_ZERO_CROSSING;
    }

    /// @dev Moves a counted wallet to its registry record now: to another holder key, or the holder to `country`.
    function _rekey(address compliance, address wallet, address key, uint16 country) private {
        address counted = _counted[compliance][wallet];
        if (counted == address(0)) return;
        if (counted != key) {
            _leave(compliance, counted);
            _join(compliance, key, country);
            _counted[compliance][wallet] = key;
            return;
        }
        uint256 v = _wallets[compliance][key];
        // forge-lint: disable-next-line(unsafe-typecast)
        uint16 old = uint16(v >> 128);
        if (old == country) return;
        _decrement(_countryHolders[compliance][old]);
        _countryHolders[compliance][country].count += 1;
        _wallets[compliance][key] = uint128(v) | (uint256(country) << 128);
    }

    /// @dev One more holding wallet for `key`; a new holder is counted in `country`.
    function _join(address compliance, address key, uint16 country) private {
        uint256 v = _wallets[compliance][key];
        if (uint128(v) == 0) {
            _holders[compliance].count += 1;
            _countryHolders[compliance][country].count += 1;
            _wallets[compliance][key] = 1 | (uint256(country) << 128);
        } else {
            _wallets[compliance][key] = v + 1; // cannot carry into the country: fewer than 2^128 wallets
        }
    }

    /// @dev One holding wallet fewer for `key`; the last one takes the holder out of its country.
    function _leave(address compliance, address key) private {
        uint256 v = _wallets[compliance][key];
        uint256 n = uint128(v);
        if (n == 0) return;
        if (n == 1) {
            delete _wallets[compliance][key];
            _decrement(_holders[compliance]);
            // forge-lint: disable-next-line(unsafe-typecast)
            _decrement(_countryHolders[compliance][uint16(v >> 128)]);
        } else {
            // Cannot underflow: n >= 2.
            unchecked {
                _wallets[compliance][key] = v - 1;
            }
        }
    }

    function _decrement(Holders storage h) private {
        if (h.count != 0) {
            // Cannot underflow: checked just above.
            unchecked {
                h.count -= 1;
            }
        }
    }

    /// @dev The count after one investor joins, and one leaves when `leaves`.
    function _after(uint256 count, bool leaves) private pure returns (uint256) {
        return leaves ? count : count + 1;
    }

    function _limit(uint256 limit) private pure returns (uint128) {
        if (limit > type(uint128).max) revert HolderLimitTooLarge(limit);
        // forge-lint: disable-next-line(unsafe-typecast)
        return uint128(limit);
    }

    /// @dev The holder key: the identity, or the wallet when it has none.
    function _key(address identity, address wallet) private pure returns (address) {
        return identity != address(0) ? identity : wallet;
    }

    /// @dev The recipient wallet holds nothing before the move and something after it.
    function _walletJoins(TransferInfo calldata t) private pure returns (bool) {
        return t.to != address(0) && t.amount != 0 && t.from != t.to && t.toBalance == 0;
    }

    /// @dev The sender wallet moves its whole balance out.
    function _walletLeaves(TransferInfo calldata t) private pure returns (bool) {
        return t.from != address(0) && t.amount != 0 && t.from != t.to && t.fromBalance == t.amount;
    }
}
