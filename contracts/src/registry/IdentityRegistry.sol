// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";
import {IAgentRole} from "../interfaces/IAgentRole.sol";
import {AgentRole} from "../roles/AgentRole.sol";
import {IClaimHolder, IClaimValidator, IKeyHolder} from "../interfaces/IOnchainId.sol";
import {ITokenFactory} from "../interfaces/ITokenFactory.sol";

/// @title IdentityRegistry
/// @notice One registry per chain, shared by every Tessera token: wallet -> (identity, country, KYC expiry).
/// @dev One source of truth for KYC expiries, chosen by the owner per registry: with no required claim topic
/// (attestation mode) agents' values are the truth (`registerInvestor`, `setKycExpiry`) and `refreshVerification`
/// reverts; with at least one required topic (claims mode) the identity's claims are the truth: registrations take
/// the expiry from the claims, `refreshVerification` (anyone) recomputes it and `setKycExpiry` reverts
/// `KycFromClaimsOnly`. Switching modes keeps the stored expiries until each wallet is refreshed or set again.
contract IdentityRegistry is IIdentityRegistry, AgentRole, Ownable2Step {
    /// @dev One storage slot per wallet: 20 + 2 + 8 = 30 bytes. Registered iff `identity != address(0)`.
    mapping(address wallet => InvestorRecord) private _investors;

    /// @notice Most required claim topics.
    uint256 public constant MAX_CLAIM_TOPICS = 15;
    /// @notice Most trusted issuers.
    uint256 public constant MAX_TRUSTED_ISSUERS = 50;

    uint256[] private _claimTopics;
    address[] private _issuers;
    mapping(address issuer => uint256[] topics) private _issuerTopics;
    address private _tokenFactory;

    /// @notice ERC-734 key purpose of a management key.
    uint256 public constant MANAGEMENT_KEY = 1;

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
        if (_claimTopics.length != 0) revert KycFromClaimsOnly();
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
        emit InvestorIdentityUpdated(wallet, old, identity_);
    }

    /// @inheritdoc IIdentityRegistry
    function deleteIdentity(address wallet) external onlyAgent {
        InvestorRecord storage inv = _registered(wallet);
        address old = inv.identity;
        delete _investors[wallet];
        emit IdentityRemoved(wallet, old);
    }

    /// @inheritdoc IIdentityRegistry
    function recoverWallet(address lostWallet, address newWallet, address investorIdentity)
        external
        returns (InvestorRecord memory lostRecord, InvestorRecord memory newRecord)
    {
        if (!isAgent(msg.sender) && !_isFactoryToken(msg.sender)) revert CallerNotAgent(msg.sender);
        if (newWallet == address(0) || newWallet == lostWallet) revert InvalidWallet(newWallet);
        lostRecord = _investors[lostWallet];
        if (lostRecord.identity != investorIdentity || investorIdentity == address(0)) {
            revert RecoveryIdentityMismatch(lostWallet, investorIdentity, lostRecord.identity);
        }
        newRecord = _investors[newWallet];
        if (newRecord.identity == address(0)) {
            if (!_isManagementKey(investorIdentity, newWallet)) {
                revert RecoveryWalletNotLinked(newWallet, investorIdentity);
            }
            newRecord = InvestorRecord({
                identity: investorIdentity, country: lostRecord.country, kycExpiresAt: lostRecord.kycExpiresAt
            });
            _investors[newWallet] = newRecord;
            emit IdentityRegistered(newWallet, investorIdentity);
            emit CountryUpdated(newWallet, newRecord.country);
            if (newRecord.kycExpiresAt != 0) emit KycUpdated(newWallet, newRecord.kycExpiresAt);
        } else if (newRecord.identity != investorIdentity) {
            revert RecoveryIdentityMismatch(newWallet, investorIdentity, newRecord.identity);
        }
        delete _investors[lostWallet];
        emit IdentityRemoved(lostWallet, investorIdentity);
    }

    /// @inheritdoc IIdentityRegistry
    function setTokenFactory(address factory) external onlyOwner {
        _tokenFactory = factory;
        emit TokenFactorySet(factory);
    }

    /// @inheritdoc IIdentityRegistry
    function tokenFactory() external view returns (address) {
        return _tokenFactory;
    }

    /// @dev Whether `caller` is a token deployed by the trusted factory.
    function _isFactoryToken(address caller) private view returns (bool) {
        address f = _tokenFactory;
        return f != address(0) && ITokenFactory(f).isToken(caller);
    }

    /// @dev ERC-734 `keyHasPurpose(keccak256(abi.encode(wallet)), 1)` on `identity_`; false for an identity without
    /// code or one that reverts.
    function _isManagementKey(address identity_, address wallet) private view returns (bool) {
        if (identity_.code.length == 0) return false;
        try IKeyHolder(identity_).keyHasPurpose(keccak256(abi.encode(wallet)), MANAGEMENT_KEY) returns (bool ok) {
            return ok;
        } catch {
            return false;
        }
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
    function addClaimTopic(uint256 topic) external onlyOwner {
        uint256 n = _claimTopics.length;
        if (n >= MAX_CLAIM_TOPICS) revert ClaimConfigLimit(MAX_CLAIM_TOPICS);
        for (uint256 i; i < n; ++i) {
            if (_claimTopics[i] == topic) revert ClaimTopicExists(topic);
        }
        _claimTopics.push(topic);
        emit ClaimTopicAdded(topic);
    }

    /// @inheritdoc IIdentityRegistry
    function removeClaimTopic(uint256 topic) external onlyOwner {
        uint256 n = _claimTopics.length;
        for (uint256 i; i < n; ++i) {
            if (_claimTopics[i] == topic) {
                _claimTopics[i] = _claimTopics[n - 1];
                _claimTopics.pop();
                emit ClaimTopicRemoved(topic);
                return;
            }
        }
        revert ClaimTopicNotFound(topic);
    }

    /// @inheritdoc IIdentityRegistry
    function addTrustedIssuer(address issuer, uint256[] calldata topics) external onlyOwner {
        if (issuer == address(0) || topics.length == 0) revert InvalidIdentity(issuer);
        if (_issuerTopics[issuer].length != 0) revert TrustedIssuerExists(issuer);
        if (_issuers.length >= MAX_TRUSTED_ISSUERS) revert ClaimConfigLimit(MAX_TRUSTED_ISSUERS);
        if (topics.length > MAX_CLAIM_TOPICS) revert ClaimConfigLimit(MAX_CLAIM_TOPICS);
        _issuers.push(issuer);
        _issuerTopics[issuer] = topics;
        emit TrustedIssuerAdded(issuer, topics);
    }

    /// @inheritdoc IIdentityRegistry
    function removeTrustedIssuer(address issuer) external onlyOwner {
        if (_issuerTopics[issuer].length == 0) revert TrustedIssuerNotFound(issuer);
        uint256 n = _issuers.length;
        for (uint256 i; i < n; ++i) {
            if (_issuers[i] == issuer) {
                _issuers[i] = _issuers[n - 1];
                _issuers.pop();
                break;
            }
        }
        delete _issuerTopics[issuer];
        emit TrustedIssuerRemoved(issuer);
    }

    /// @inheritdoc IIdentityRegistry
    function refreshVerification(address wallet) external returns (uint64 expiresAt) {
        InvestorRecord storage inv = _registered(wallet);
        if (_claimTopics.length == 0) revert NoClaimTopics();
        expiresAt = _claimsExpiry(inv.identity);
        inv.kycExpiresAt = expiresAt;
        emit KycUpdated(wallet, expiresAt);
    }

    /// @dev The KYC expiry `identity_`'s claims give: the earliest over the required topics of each topic's latest
    /// valid claim; 0 when a topic has none (or no topic is required).
    function _claimsExpiry(address identity_) private view returns (uint64 expiresAt) {
        uint256 nTopics = _claimTopics.length;
        if (nTopics == 0) return 0;
        expiresAt = type(uint64).max;
        for (uint256 i; i < nTopics && expiresAt != 0; ++i) {
            uint64 best = _bestClaim(identity_, _claimTopics[i]);
            if (best < expiresAt) expiresAt = best;
        }
    }

    /// @inheritdoc IIdentityRegistry
    function identityStorage() external view returns (address) {
        return address(this);
    }

    /// @inheritdoc IIdentityRegistry
    function topicsRegistry() external view returns (address) {
        return address(this);
    }

    /// @inheritdoc IIdentityRegistry
    function issuersRegistry() external view returns (address) {
        return address(this);
    }

    /// @inheritdoc IIdentityRegistry
    function isTrustedIssuer(address issuer) external view returns (bool) {
        return _issuerTopics[issuer].length != 0;
    }

    /// @inheritdoc IIdentityRegistry
    function hasClaimTopic(address issuer, uint256 topic) external view returns (bool) {
        return _trustedFor(issuer, topic);
    }

    /// @inheritdoc IIdentityRegistry
    function getClaimTopics() external view returns (uint256[] memory) {
        return _claimTopics;
    }

    /// @inheritdoc IIdentityRegistry
    function getTrustedIssuers() external view returns (address[] memory) {
        return _issuers;
    }

    /// @inheritdoc IIdentityRegistry
    function getTrustedIssuerClaimTopics(address issuer) external view returns (uint256[] memory) {
        return _issuerTopics[issuer];
    }

    /// @dev The latest future expiry among `identity_`'s valid claims on `topic` by issuers trusted for it; 0 if none.
    /// Calls into identities and issuers are wrapped: a broken one counts as no claim, never as a revert.
    function _bestClaim(address identity_, uint256 topic) private view returns (uint64 best) {
        // try/catch cannot catch a call to an address without code (Solidity checks before calling).
        if (identity_.code.length == 0) return 0;
        uint256 n = _issuers.length;
        for (uint256 j; j < n; ++j) {
            address issuer = _issuers[j];
            if (!_trustedFor(issuer, topic) || issuer.code.length == 0) continue;
            try IClaimHolder(identity_).getClaim(keccak256(abi.encode(issuer, topic))) returns (
                uint256 t, uint256, address claimIssuer, bytes memory sig, bytes memory data, string memory
            ) {
                if (t != topic || claimIssuer != issuer || data.length != 64) continue;
                (uint256 chainId, uint256 exp) = abi.decode(data, (uint256, uint256));
                // KYC expiries are dates: validator timestamp drift (seconds) does not matter.
                // forge-lint: disable-next-line(block-timestamp)
                if (chainId != block.chainid || exp <= block.timestamp || exp > type(uint64).max || exp <= best) {
                    continue;
                }
                try IClaimValidator(issuer).isClaimValid(identity_, topic, sig, data) returns (bool ok) {
                    // forge-lint: disable-next-line(unsafe-typecast)
                    if (ok) best = uint64(exp); // fits: checked above
                } catch {}
            } catch {}
        }
    }

    function _trustedFor(address issuer, uint256 topic) private view returns (bool) {
        uint256[] storage topics = _issuerTopics[issuer];
        uint256 n = topics.length;
        for (uint256 i; i < n; ++i) {
            if (topics[i] == topic) return true;
        }
        return false;
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
        // Claims mode: the expiry is what the identity's claims give, never the agent's value.
        if (_claimTopics.length != 0) kycExpiresAt = _claimsExpiry(identity_);
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
