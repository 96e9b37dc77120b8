// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";
import {IAgentRole} from "../interfaces/IAgentRole.sol";
import {AgentRole} from "../roles/AgentRole.sol";

/// @title IdentityRegistry
/// @notice One registry per chain, shared by every Tessera token: wallet -> (identity, country, KYC expiry).
contract IdentityRegistry is IIdentityRegistry, AgentRole, Ownable2Step {
    /// @dev One storage slot per wallet: 20 + 2 + 8 = 30 bytes. Registered iff `identity != address(0)`.
    mapping(address wallet => InvestorRecord) private _investors;

    /// @param initialOwner The owner, who manages agents.
    constructor(address initialOwner) Ownable(initialOwner) {}

    /// @inheritdoc IAgentRole
    function addAgent(address agent) external onlyOwner {
        _addAgent(agent);
    }

    /// @inheritdoc IAgentRole
    function removeAgent(address agent) external onlyOwner {
        _removeAgent(agent);
    }

    /// @inheritdoc IIdentityRegistry
    function registerIdentity(address wallet, address identity_, uint16 country) external onlyAgent {
        _register(wallet, identity_, country, 0);
    }

    /// @inheritdoc IIdentityRegistry
    function batchRegisterIdentity(
        address[] calldata wallets,
        address[] calldata identities,
        uint16[] calldata countries
    ) external onlyAgent {
        uint256 n = wallets.length;
        if (identities.length != n) revert BatchLengthMismatch(n, identities.length);
        if (countries.length != n) revert BatchLengthMismatch(n, countries.length);
        for (uint256 i; i < n; ++i) {
            _register(wallets[i], identities[i], countries[i], 0);
        }
    }

    /// @inheritdoc IIdentityRegistry
    function registerInvestor(address wallet, address identity_, uint16 country, uint64 kycExpiresAt)
        external
        onlyAgent
    {
        _register(wallet, identity_, country, kycExpiresAt);
    }

    /// @inheritdoc IIdentityRegistry
    function setKycExpiry(address wallet, uint64 expiresAt) external onlyAgent {
        InvestorRecord storage inv = _registered(wallet);
        inv.kycExpiresAt = expiresAt;
        emit KycUpdated(wallet, expiresAt);
    }

    /// @inheritdoc IIdentityRegistry
    function updateCountry(address wallet, uint16 country) external onlyAgent {
        InvestorRecord storage inv = _registered(wallet);
        _checkCountry(country);
        inv.country = country;
        emit CountryUpdated(wallet, country);
    }

    /// @inheritdoc IIdentityRegistry
    function updateIdentity(address wallet, address identity_) external onlyAgent {
        InvestorRecord storage inv = _registered(wallet);
        if (identity_ == address(0)) revert InvalidIdentity(identity_);
        address old = inv.identity;
        inv.identity = identity_;
        emit IdentityUpdated(old, identity_);
    }

    /// @inheritdoc IIdentityRegistry
    function deleteIdentity(address wallet) external onlyAgent {
        InvestorRecord storage inv = _registered(wallet);
        address old = inv.identity;
        delete _investors[wallet];
        emit IdentityRemoved(wallet, old);
    }

    /// @inheritdoc IIdentityRegistry
    function isVerified(address wallet) external view returns (bool) {
        InvestorRecord storage inv = _investors[wallet];
        // KYC expiry is a date with day-scale margins: validator timestamp drift (seconds) does not matter.
        // forge-lint: disable-next-line(block-timestamp)
        return inv.identity != address(0) && inv.kycExpiresAt > block.timestamp;
    }

    /// @inheritdoc IIdentityRegistry
    function contains(address wallet) external view returns (bool) {
        return _investors[wallet].identity != address(0);
    }

    /// @inheritdoc IIdentityRegistry
    function identity(address wallet) external view returns (address) {
        return _investors[wallet].identity;
    }

    /// @inheritdoc IIdentityRegistry
    function investorCountry(address wallet) external view returns (uint16) {
        return _investors[wallet].country;
    }

    /// @inheritdoc IIdentityRegistry
    function kycExpiry(address wallet) external view returns (uint64) {
        return _investors[wallet].kycExpiresAt;
    }

    /// @inheritdoc IIdentityRegistry
    function investorRecords(address a, address b)
        external
        view
        returns (InvestorRecord memory ra, InvestorRecord memory rb)
    {
        if (a != address(0)) ra = _investors[a];
        if (b != address(0)) rb = _investors[b];
    }

    function _register(address wallet, address identity_, uint16 country, uint64 kycExpiresAt) private {
        if (wallet == address(0)) revert InvalidWallet(wallet);
        if (identity_ == address(0)) revert InvalidIdentity(identity_);
        _checkCountry(country);
        if (_investors[wallet].identity != address(0)) revert WalletAlreadyRegistered(wallet);
        _investors[wallet] = InvestorRecord({identity: identity_, country: country, kycExpiresAt: kycExpiresAt});
        emit IdentityRegistered(wallet, identity_);
        emit CountryUpdated(wallet, country);
        if (kycExpiresAt != 0) emit KycUpdated(wallet, kycExpiresAt);
    }

    function _registered(address wallet) private view returns (InvestorRecord storage inv) {
        inv = _investors[wallet];
        if (inv.identity == address(0)) revert WalletNotRegistered(wallet);
    }

    function _checkCountry(uint16 country) private pure {
        if (country == 0 || country > 999) revert InvalidCountry(country);
    }
}
