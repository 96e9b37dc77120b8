// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAgentRole} from "./IAgentRole.sol";

/// @title IIdentityRegistry
/// @notice Which wallets belong to which investor identity (ONCHAINID), their country (ISO-3166 numeric) and KYC expiry.
/// A wallet is verified while it is registered and its KYC expiry (unix seconds) lies in the future.
/// @dev ERC-3643 IIdentityRegistry subset plus a KYC expiry. Writes are agent-only; agents are managed by the owner.
interface IIdentityRegistry is IAgentRole {
    /// @notice A wallet's registration, exactly as stored (one slot). Registered iff `identity` is non-zero;
    /// verified iff registered and `kycExpiresAt > block.timestamp`.
    /// @param identity The investor's ONCHAINID identity contract (zero when unregistered).
    /// @param country ISO-3166 numeric country code.
    /// @param kycExpiresAt KYC expiry, unix seconds (0 = no KYC yet).
    struct InvestorRecord {
        address identity;
        uint16 country;
        uint64 kycExpiresAt;
    }

    /// @notice Emitted when `investorAddress` is registered with `identity`.
    event IdentityRegistered(address indexed investorAddress, address indexed identity);
    /// @notice Emitted when `investorAddress` (with `identity`) is removed from the registry.
    event IdentityRemoved(address indexed investorAddress, address indexed identity);
    /// @notice Emitted when a wallet's identity changes from `oldIdentity` to `newIdentity` (ERC-3643's event, which
    /// does not name the wallet; see {InvestorIdentityUpdated}).
    event IdentityUpdated(address indexed oldIdentity, address indexed newIdentity);
    /// @notice Emitted with {IdentityUpdated}, naming the wallet whose identity changed: an identity may have several
    /// wallets, and only `investorAddress` moves. Tessera's extension, so that an index can follow the registry exactly.
    event InvestorIdentityUpdated(
        address indexed investorAddress, address indexed oldIdentity, address indexed newIdentity
    );
    /// @notice Emitted when the country of `investorAddress` is set (at registration or later).
    event CountryUpdated(address indexed investorAddress, uint16 indexed country);
    /// @notice Emitted when the KYC expiry of `investorAddress` is set, in unix seconds.
    event KycUpdated(address indexed investorAddress, uint64 expiresAt);

    /// @notice The wallet is the zero address.
    error InvalidWallet(address wallet);
    /// @notice The identity is the zero address.
    error InvalidIdentity(address identity);
    /// @notice The country is not an ISO-3166 numeric code (1..999).
    error InvalidCountry(uint16 country);
    /// @notice The wallet is already registered.
    error WalletAlreadyRegistered(address wallet);
    /// @notice The wallet is not registered.
    error WalletNotRegistered(address wallet);
    /// @notice Two batch arrays have different lengths.
    error BatchLengthMismatch(uint256 expected, uint256 actual);

    /// @notice Emitted when the owner requires claim `topic` (ERC-3643 ClaimTopicsRegistry name).
    event ClaimTopicAdded(uint256 indexed claimTopic);
    /// @notice Emitted when the owner stops requiring claim `topic`.
    event ClaimTopicRemoved(uint256 indexed claimTopic);
    /// @notice Emitted when the owner trusts `trustedIssuer` for `claimTopics` (ERC-3643 TrustedIssuersRegistry name).
    event TrustedIssuerAdded(address indexed trustedIssuer, uint256[] claimTopics);
    /// @notice Emitted when the owner stops trusting `trustedIssuer`.
    event TrustedIssuerRemoved(address indexed trustedIssuer);

    /// @notice The claim topic is already required / not required.
    error ClaimTopicExists(uint256 topic);
    /// @notice The claim topic is not required.
    error ClaimTopicNotFound(uint256 topic);
    /// @notice The issuer is already trusted.
    error TrustedIssuerExists(address issuer);
    /// @notice The issuer is not trusted.
    error TrustedIssuerNotFound(address issuer);
    /// @notice Too many topics or issuers (bounds the gas of `refreshVerification`).
    error ClaimConfigLimit(uint256 limit);
    /// @notice No claim topic is required, so there is nothing to verify claims against.
    error NoClaimTopics();
    /// @notice The registry requires claim topics, so KYC expiries come from claims only (`refreshVerification`),
    /// never from an agent's `setKycExpiry`.
    error KycFromClaimsOnly();

    /// @notice Emitted when the owner sets the TokenFactory whose tokens may call `recoverWallet` (zero: none).
    event TokenFactorySet(address indexed factory);
    /// @notice A recovery names `wallet` with `expected` as the investor's identity, but the wallet is registered
    /// with `actual` (zero when not registered).
    error RecoveryIdentityMismatch(address wallet, address expected, address actual);
    /// @notice A recovery's new `wallet` is neither registered with `identity` nor one of its management keys
    /// (ERC-734 purpose 1).
    error RecoveryWalletNotLinked(address wallet, address identity);

    /// @notice Registers `wallet` with its ONCHAINID `identity` and `country`; KYC is unset (not verified yet).
    /// @dev Agent only. Reverts with `CallerNotAgent`, `InvalidWallet`, `InvalidIdentity`, `InvalidCountry`,
    /// `WalletAlreadyRegistered`.
    /// @param wallet The investor's wallet.
    /// @param identity The investor's ONCHAINID identity contract.
    /// @param country ISO-3166 numeric country code (1..999).
    function registerIdentity(address wallet, address identity, uint16 country) external;

    /// @notice Registers many wallets at once (see `registerIdentity`).
    /// @dev Agent only. Reverts with `BatchLengthMismatch` when the arrays differ in length, else as `registerIdentity`.
    /// @param wallets The investors' wallets.
    /// @param identities Their identities, same order.
    /// @param countries Their ISO-3166 numeric countries, same order.
    function batchRegisterIdentity(
        address[] calldata wallets,
        address[] calldata identities,
        uint16[] calldata countries
    ) external;

    /// @notice Registers `wallet` and sets its KYC expiry in one transaction. In claims mode (a required claim topic)
    /// the expiry is the one the identity's claims give (as `refreshVerification`), whatever `kycExpiresAt` says;
    /// `registerIdentity` and `batchRegisterIdentity` do the same (else they leave it 0).
    /// @dev Agent only. Reverts as `registerIdentity`.
    /// @param wallet The investor's wallet.
    /// @param identity The investor's ONCHAINID identity contract.
    /// @param country ISO-3166 numeric country code (1..999).
    /// @param kycExpiresAt KYC expiry, unix seconds; the wallet is verified while `block.timestamp < kycExpiresAt`.
    function registerInvestor(address wallet, address identity, uint16 country, uint64 kycExpiresAt) external;

    /// @notice Sets the KYC expiry of a registered wallet (0 or a past time revokes verification): an officer's
    /// attestation, the source of truth while the registry requires no claim topic (attestation mode).
    /// @dev Agent only. Reverts with `CallerNotAgent`, `KycFromClaimsOnly` (claims mode: the claims decide, renew or
    /// revoke the claim and call `refreshVerification`) or `WalletNotRegistered`.
    /// @param wallet The investor's wallet.
    /// @param expiresAt KYC expiry, unix seconds.
    function setKycExpiry(address wallet, uint64 expiresAt) external;

    /// @notice Changes the country of a registered wallet.
    /// @dev Agent only. Reverts with `CallerNotAgent`, `WalletNotRegistered` or `InvalidCountry`.
    /// @param wallet The investor's wallet.
    /// @param country ISO-3166 numeric country code (1..999).
    function updateCountry(address wallet, uint16 country) external;

    /// @notice Changes the identity of a registered wallet.
    /// @dev Agent only. Reverts with `CallerNotAgent`, `WalletNotRegistered` or `InvalidIdentity`.
    /// @param wallet The investor's wallet.
    /// @param identity The new ONCHAINID identity contract.
    function updateIdentity(address wallet, address identity) external;

    /// @notice Removes a wallet from the registry; it is no longer verified.
    /// @dev Agent only. Reverts with `CallerNotAgent` or `WalletNotRegistered`.
    /// @param wallet The investor's wallet.
    function deleteIdentity(address wallet) external;

    /// @notice ERC-3643 wallet recovery in the registry: `newWallet` takes over the registration of `lostWallet`.
    /// `lostWallet` must be registered with `investorIdentity`. `newWallet` must already be registered with
    /// `investorIdentity`, or be a management key of that ONCHAINID (`keyHasPurpose(keccak256(abi.encode(newWallet)),
    /// 1)`: the investor's own consent); in the latter case it is registered with the lost wallet's country and KYC
    /// expiry. Then `lostWallet` is removed from the registry (for every token sharing it).
    /// @dev Callable by a registry agent, or by a token deployed by `tokenFactory()` (the token's `recoveryAddress`,
    /// which moves the balance in the same transaction). Emits `IdentityRegistered`, `CountryUpdated` and
    /// `KycUpdated` for a newly registered wallet, then `IdentityRemoved` for the lost one. Reverts with
    /// `CallerNotAgent`, `InvalidWallet` (zero or equal wallets), `RecoveryIdentityMismatch` (either wallet registered
    /// with another identity) or `RecoveryWalletNotLinked`.
    /// @param lostWallet The wallet whose key is lost.
    /// @param newWallet The investor's new wallet.
    /// @param investorIdentity The investor's ONCHAINID.
    /// @return lostRecord The lost wallet's record before its removal.
    /// @return newRecord The new wallet's record after the recovery.
    function recoverWallet(address lostWallet, address newWallet, address investorIdentity)
        external
        returns (InvestorRecord memory lostRecord, InvestorRecord memory newRecord);

    /// @notice Sets the TokenFactory whose tokens may call `recoverWallet` (zero disables it). Owner only.
    /// @dev Emits `TokenFactorySet`. Reverts with `OwnableUnauthorizedAccount`.
    /// @param factory The TokenFactory deploying tokens bound to this registry.
    function setTokenFactory(address factory) external;

    /// @notice The TokenFactory whose tokens may call `recoverWallet`, or zero.
    /// @return The factory.
    function tokenFactory() external view returns (address);

    /// @notice Whether `wallet` is registered and its KYC has not expired (`block.timestamp < kycExpiresAt`).
    /// @param wallet The wallet.
    /// @return True when verified.
    function isVerified(address wallet) external view returns (bool);

    /// @notice Whether `wallet` is registered (whatever its KYC state).
    /// @param wallet The wallet.
    /// @return True when registered.
    function contains(address wallet) external view returns (bool);

    /// @notice The ONCHAINID identity of `wallet`, or the zero address when not registered.
    /// @param wallet The wallet.
    /// @return The identity contract.
    function identity(address wallet) external view returns (address);

    /// @notice The ISO-3166 numeric country of `wallet`, or 0 when not registered.
    /// @param wallet The wallet.
    /// @return The country code.
    function investorCountry(address wallet) external view returns (uint16);

    /// @notice The KYC expiry of `wallet` in unix seconds, or 0 when unset or not registered.
    /// @param wallet The wallet.
    /// @return The expiry.
    function kycExpiry(address wallet) external view returns (uint64);

    /// @notice Requires claim `topic` for verification through `refreshVerification`. Owner only; at most 15.
    /// @dev Reverts with `OwnableUnauthorizedAccount`, `ClaimTopicExists` or `ClaimConfigLimit`.
    function addClaimTopic(uint256 topic) external;

    /// @notice Stops requiring claim `topic`. Owner only.
    /// @dev Reverts with `OwnableUnauthorizedAccount` or `ClaimTopicNotFound`.
    function removeClaimTopic(uint256 topic) external;

    /// @notice Trusts `issuer` (an ONCHAINID ClaimIssuer) for `topics`. Owner only; at most 50 issuers.
    /// @dev Reverts with `OwnableUnauthorizedAccount`, `TrustedIssuerExists`, `InvalidIdentity` or `ClaimConfigLimit`.
    function addTrustedIssuer(address issuer, uint256[] calldata topics) external;

    /// @notice Stops trusting `issuer`. Owner only. Wallets it verified stay verified until refreshed.
    /// @dev Reverts with `OwnableUnauthorizedAccount` or `TrustedIssuerNotFound`.
    function removeTrustedIssuer(address issuer) external;

    /// @notice Recomputes `wallet`'s KYC expiry from its identity's claims and caches it in the wallet's record
    /// (the one slot transfers read). Anyone may call it: after a claim is added, renewed or revoked. Only in claims
    /// mode (a required topic), where no agent value exists to overwrite (`setKycExpiry` reverts there).
    /// @dev For every required topic, a claim by a trusted issuer for that topic must be present, valid at the
    /// issuer (`isClaimValid`: signed by its claim key, not revoked) and carry `data = abi.encode(uint256 chainId,
    /// uint64 expiresAt)` with this chain's id and a future expiry. The cached expiry is the earliest over the
    /// topics (for each topic, the latest among its valid claims); 0 when a topic has none. So a lapsed claim stops
    /// verification by itself, and the transfer cost does not depend on how many claims an identity holds.
    /// Emits `KycUpdated`. Reverts with `WalletNotRegistered` or `NoClaimTopics`.
    /// @return expiresAt The cached expiry, unix seconds (0 = not verified).
    function refreshVerification(address wallet) external returns (uint64 expiresAt);

    /// @notice ERC-3643 `identityStorage()`: the registry keeps its records itself (one shared registry per chain,
    /// no separate IdentityRegistryStorage), so it answers its own address.
    function identityStorage() external view returns (address);

    /// @notice ERC-3643 `topicsRegistry()`: the required claim topics live in this registry (`getClaimTopics`), so
    /// it answers its own address.
    function topicsRegistry() external view returns (address);

    /// @notice ERC-3643 `issuersRegistry()`: the trusted issuers live in this registry (`getTrustedIssuers`,
    /// `getTrustedIssuerClaimTopics`, `isTrustedIssuer`, `hasClaimTopic`), so it answers its own address.
    function issuersRegistry() external view returns (address);

    /// @notice ERC-3643 TrustedIssuersRegistry `isTrustedIssuer`: whether `issuer` is trusted for some topic.
    function isTrustedIssuer(address issuer) external view returns (bool);

    /// @notice ERC-3643 TrustedIssuersRegistry `hasClaimTopic`: whether `issuer` is trusted for `topic`.
    function hasClaimTopic(address issuer, uint256 topic) external view returns (bool);

    /// @notice The required claim topics.
    function getClaimTopics() external view returns (uint256[] memory);

    /// @notice The trusted issuers.
    function getTrustedIssuers() external view returns (address[] memory);

    /// @notice The topics `issuer` is trusted for (empty when not trusted).
    function getTrustedIssuerClaimTopics(address issuer) external view returns (uint256[] memory);

    /// @notice The records of two wallets in one call (the token's transfer path); a zero address gets an empty
    /// record without a storage read.
    /// @param a First wallet (the sender; zero for a mint).
    /// @param b Second wallet (the recipient; zero for a burn).
    /// @return ra The record of `a`.
    /// @return rb The record of `b`.
    function investorRecords(address a, address b)
        external
        view
        returns (InvestorRecord memory ra, InvestorRecord memory rb);
}
