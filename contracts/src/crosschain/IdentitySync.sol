// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {CrosschainLinked} from "@openzeppelin/contracts/crosschain/CrosschainLinked.sol";
import {IERC7786GatewaySource} from "@openzeppelin/contracts/interfaces/draft-IERC7786.sol";
import {InteroperableAddress} from "@openzeppelin/contracts/utils/draft-InteroperableAddress.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";

/// @title IdentitySync
/// @notice Carries investors' registry records (identity, country, KYC expiry, or "not registered") from the home
/// chain's IdentityRegistry to the registries of the other chains, by ERC-7786 messages
/// (https://eips.ethereum.org/EIPS/eip-7786): an investor is onboarded once, on the home chain, and is verified on
/// every linked chain with the same ONCHAINID identity (same address on every chain: `IdentityFactory`) and the same
/// KYC expiry. One IdentitySync per chain, linked to its counterparts through the chain's ERC-7786 gateway
/// (`CrosschainLinked`: only the linked counterpart, through the linked gateway, is heard).
///
/// - Home chain (`block.chainid == homeChainId`): `sync(wallet)` (anyone: it only propagates the home registry's
///   truth) reads the wallet's record in the home registry and sends it to every linked chain, or to one
///   (`sync(wallet, chainId)`). Each sync gives the wallet the next sequence number.
/// - Other chains: this contract is an agent of the chain's registry and applies the record it receives from the
///   home chain's IdentitySync (and from no other chain): registers the wallet, updates its identity, country and KYC
///   expiry, or removes it. Messages may arrive out of order: a record whose sequence number is not above the last
///   applied one for the wallet is ignored (`StaleRecordIgnored`), so the newest home record always wins.
/// - A registry in claims mode (at least one required claim topic) takes KYC expiries from the identity's claims on
///   its own chain (`setKycExpiry` reverts there): the record's identity and country are applied, the expiry comes
///   from that chain's claims (`refreshVerification`), and a record the home chain no longer verifies (not
///   registered, or a KYC expiry not in the future when applied) removes the wallet, so a revocation on the home
///   chain still takes effect there.
/// - Limits: a chain follows the home chain only once a sync's message is delivered: between a change on the home
///   chain and the delivery, the other chain applies the previous record. An expiry reached by time alone needs no
///   message (`isVerified` compares it with each chain's clock). An application the registry refuses (this contract
///   not its agent) reverts, so the message stays undelivered and is retried by the relayer.
/// @dev Times are unix seconds; countries ISO-3166 numeric. Chains and counterparts are ERC-7930 interoperable
/// addresses of EVM chains (`InteroperableAddress.formatEvmV1`).
contract IdentitySync is CrosschainLinked, Ownable {
    /// @notice Most linked chains (bounds the gas of `sync(wallet)`).
    uint256 public constant MAX_LINKS = 16;

    /// @notice The IdentityRegistry of this chain: read on the home chain, written (as its agent) on the others.
    IIdentityRegistry public immutable identityRegistry;
    /// @notice The EVM chain id of the home chain, whose registry is the truth.
    uint256 public immutable homeChainId;

    uint256[] private _chains;
    /// @dev Home chain: the last sequence number sent for the wallet. Other chains: the last one applied.
    mapping(address wallet => uint64) private _sequences;

    /// @notice The home chain sent `wallet`'s record (`identity` zero: not registered) to `chainId` in message
    /// `sendId`, with `sequence`; `kycExpiresAt` in unix seconds.
    event RecordSent(
        bytes32 indexed sendId,
        address indexed wallet,
        uint256 indexed chainId,
        uint64 sequence,
        address identity,
        uint16 country,
        uint64 kycExpiresAt
    );
    /// @notice The record of `wallet` with `sequence`, received in message `receiveId`, was applied to this chain's
    /// registry (`identity` zero: the wallet was removed). `kycExpiresAt` is the home chain's expiry and
    /// `localKycExpiresAt` the registry's after applying (they differ in claims mode), unix seconds.
    event RecordApplied(
        bytes32 indexed receiveId,
        address indexed wallet,
        uint64 sequence,
        address identity,
        uint16 country,
        uint64 kycExpiresAt,
        uint64 localKycExpiresAt
    );
    /// @notice The record of `wallet` with `sequence`, received in message `receiveId`, was ignored: a newer one
    /// (`appliedSequence`) was applied already (messages arrived out of order).
    event StaleRecordIgnored(bytes32 indexed receiveId, address indexed wallet, uint64 sequence, uint64 appliedSequence);

    /// @notice `sync` was called on chain `chainId`, which is not the home chain (`homeChainId`).
    error NotHomeChain(uint256 chainId, uint256 homeChainId);
    /// @notice A message came from the linked counterpart on chain `chainId`, which is not the home chain: only the
    /// home chain's records are applied.
    error NotFromHomeChain(uint256 chainId);
    /// @notice No link to chain `chainId`.
    error UnknownChain(uint256 chainId);
    /// @notice `sync(wallet)` with no linked chain.
    error NoLinkedChain();
    /// @notice `counterpart` is not an ERC-7930 address of a contract on another EVM chain.
    error InvalidCounterpart(bytes counterpart);
    /// @notice Already `max` linked chains.
    error TooManyLinks(uint256 max);

    /// @param registry The IdentityRegistry of this chain (on chains other than home, make this contract its agent).
    /// @param homeChainId_ The EVM chain id of the home chain.
    /// @param owner_ Who manages the links (the platform's deployer).
    constructor(IIdentityRegistry registry, uint256 homeChainId_, address owner_)
        CrosschainLinked(new Link[](0))
        Ownable(owner_)
    {
        identityRegistry = registry;
        homeChainId = homeChainId_;
    }

    /// @notice Links (or re-links) this contract to its counterpart on another chain, through `gateway` here.
    /// @dev Owner only. Emits OpenZeppelin's `LinkRegistered`. Reverts `OwnableUnauthorizedAccount`,
    /// `InvalidCounterpart` (not an EVM address, or on this chain), `TooManyLinks`, or when `gateway` is not an
    /// ERC-7786 source gateway.
    /// @param gateway The ERC-7786 gateway on this chain that sends to and receives from `counterpart`'s chain.
    /// @param counterpart The counterpart IdentitySync as an ERC-7930 address (its chain and address).
    function setLink(address gateway, bytes calldata counterpart) external onlyOwner {
        (bool ok, uint256 chainId,) = InteroperableAddress.tryParseEvmV1Calldata(counterpart);
        if (!ok || chainId == block.chainid) revert InvalidCounterpart(counterpart);
        (address existing,) = getLink(InteroperableAddress.formatEvmV1(chainId));
        if (existing == address(0)) {
            if (_chains.length >= MAX_LINKS) revert TooManyLinks(MAX_LINKS);
            _chains.push(chainId);
        }
        _setLink(gateway, counterpart, true);
    }

    /// @notice The EVM chain ids this contract is linked to, in the order they were first linked.
    function linkedChains() external view returns (uint256[] memory) {
        return _chains;
    }

    /// @notice Home chain: the last sequence number sent for `wallet`. Other chains: the last one applied (0: none).
    function sequenceOf(address wallet) external view returns (uint64) {
        return _sequences[wallet];
    }

    /// @notice Sends `wallet`'s record in the home registry (identity, country, KYC expiry; or not registered) to
    /// every linked chain, with the wallet's next sequence number. Anyone may call it.
    /// @dev Home chain only. Pays no messaging fee: where the protocol charges one on-chain, call
    /// `sync(wallet, chainId)` per chain with its fee. Reverts `NotHomeChain`, `NoLinkedChain`, or the gateway's
    /// errors (e.g. no peer gateway for a chain).
    /// @param wallet The investor's wallet.
    /// @return sequence The sequence number the records carry.
    function sync(address wallet) external returns (uint64 sequence) {
        uint256 n = _chains.length;
        if (n == 0) revert NoLinkedChain();
        IIdentityRegistry.InvestorRecord memory r;
        (sequence, r) = _next(wallet);
        for (uint256 i; i < n; ++i) {
            _send(_chains[i], wallet, sequence, r, 0);
        }
    }

    /// @notice Sends `wallet`'s record in the home registry to chain `chainId` only, with the wallet's next sequence
    /// number. Anyone may call it; `msg.value` pays the messaging protocol's fee (0 on local chains).
    /// @dev Home chain only. Reverts `NotHomeChain`, `UnknownChain`, or the gateway's errors.
    /// @param wallet The investor's wallet.
    /// @param chainId The EVM chain id of the destination.
    /// @return sendId The gateway's id of the message (for Hyperlane, the message id).
    function sync(address wallet, uint256 chainId) external payable returns (bytes32 sendId) {
        (address gateway,) = getLink(InteroperableAddress.formatEvmV1(chainId));
        if (gateway == address(0)) revert UnknownChain(chainId);
        (uint64 sequence, IIdentityRegistry.InvestorRecord memory r) = _next(wallet);
        return _send(chainId, wallet, sequence, r, msg.value);
    }

    function _next(address wallet) private returns (uint64 sequence, IIdentityRegistry.InvestorRecord memory r) {
        if (block.chainid != homeChainId) revert NotHomeChain(block.chainid, homeChainId);
        sequence = ++_sequences[wallet];
        (r,) = identityRegistry.investorRecords(wallet, address(0));
    }

    function _send(
        uint256 chainId,
        address wallet,
        uint64 sequence,
        IIdentityRegistry.InvestorRecord memory r,
        uint256 fee
    ) private returns (bytes32 sendId) {
        (address gateway, bytes memory counterpart) = getLink(InteroperableAddress.formatEvmV1(chainId));
        sendId = IERC7786GatewaySource(gateway).sendMessage{value: fee}(
            counterpart, abi.encode(wallet, sequence, r.identity, r.country, r.kycExpiresAt), new bytes[](0)
        );
        emit RecordSent(sendId, wallet, chainId, sequence, r.identity, r.country, r.kycExpiresAt);
    }

    /// @dev A delivery from an authenticated counterpart (`CrosschainLinked._isAuthorizedGateway`): applies the home
    /// record unless a newer one was applied. Reverts `NotFromHomeChain`, or the registry's errors (the message then
    /// stays undelivered).
    function _processMessage(address, bytes32 receiveId, bytes calldata sender, bytes calldata payload)
        internal
        override
    {
        (uint256 sourceChain,) = InteroperableAddress.parseEvmV1Calldata(sender);
        if (sourceChain != homeChainId) revert NotFromHomeChain(sourceChain);
        (address wallet, uint64 sequence, address identity, uint16 country, uint64 kycExpiresAt) =
            abi.decode(payload, (address, uint64, address, uint16, uint64));
        uint64 applied = _sequences[wallet];
        if (sequence <= applied) {
            emit StaleRecordIgnored(receiveId, wallet, sequence, applied);
            return;
        }
        _sequences[wallet] = sequence;
        uint64 local = _apply(wallet, identity, country, kycExpiresAt);
        emit RecordApplied(receiveId, wallet, sequence, identity, country, kycExpiresAt, local);
    }

    /// @dev Makes this chain's record of `wallet` the home record; returns the registry's KYC expiry after it.
    function _apply(address wallet, address identity, uint16 country, uint64 kycExpiresAt)
        private
        returns (uint64 localKycExpiresAt)
    {
        IIdentityRegistry registry = identityRegistry;
        (IIdentityRegistry.InvestorRecord memory local,) = registry.investorRecords(wallet, address(0));
        bool claimsMode = registry.getClaimTopics().length != 0;
        // Claims mode cannot take the home expiry: a record the home chain no longer verifies removes the wallet.
        // KYC expiries are dates: validator timestamp drift (seconds) does not matter.
        // forge-lint: disable-next-line(block-timestamp)
        if (identity == address(0) || (claimsMode && kycExpiresAt <= block.timestamp)) {
            if (local.identity != address(0)) registry.deleteIdentity(wallet);
            return 0;
        }
        if (local.identity == address(0)) {
            registry.registerInvestor(wallet, identity, country, kycExpiresAt);
            return registry.kycExpiry(wallet);
        }
        if (local.identity != identity) registry.updateIdentity(wallet, identity);
        if (local.country != country) registry.updateCountry(wallet, country);
        if (claimsMode) return registry.refreshVerification(wallet);
        if (local.kycExpiresAt != kycExpiresAt) registry.setKycExpiry(wallet, kycExpiresAt);
        return kycExpiresAt;
    }
}
