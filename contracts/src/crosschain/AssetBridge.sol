// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {CrosschainLinked} from "@openzeppelin/contracts/crosschain/CrosschainLinked.sol";
import {IERC7786GatewaySource} from "@openzeppelin/contracts/interfaces/draft-IERC7786.sol";
import {InteroperableAddress} from "@openzeppelin/contracts/utils/draft-InteroperableAddress.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {ITokenBridgeable} from "../interfaces/ITokenBridgeable.sol";
import {IToken} from "../interfaces/IToken.sol";
import {IIdentityRegistry} from "../interfaces/IIdentityRegistry.sol";
import {RestrictionCodes} from "../libraries/RestrictionCodes.sol";

/// @title AssetBridge
/// @notice Moves an asset's tokens between its chains: one bridge per asset per chain, linked to its counterparts
/// on the other chains through ERC-7786 gateways (https://eips.ethereum.org/EIPS/eip-7786), burning on the source
/// and minting on the destination through the token's ERC-7802 functions (https://eips.ethereum.org/EIPS/eip-7802).
///
/// What it guarantees:
/// - A cross-chain transfer moves an investor's own holding: the receiver must be a wallet of the sender's identity
///   (ONCHAINID) on both chains. A move between two investors stays a holder transfer under one chain's rules, so no
///   transfer rule (manual approval, transfer limits, lock-ups) is bypassed by crossing chains.
/// - The source checks the sender as a holder transfer would (pause, freezes, unfrozen and unlocked balance,
///   lock-ups: `Token.crosschainBurn`), before anything is burnt. The destination checks the receiver as a mint would
///   (verified, not frozen, country, holders, balances: `Token.crosschainMint`).
/// - A delivery the destination refuses for a compliance reason is not lost: the destination sends the tokens back
///   and the source mints them to the sender (`CrosschainTransferRefused`, then `CrosschainTransferReturned` with the
///   restriction code). A delivery that fails for any other reason (the destination token paused, too little gas, an
///   unknown error) reverts, so the messaging protocol keeps it undelivered and delivers it later: it stays in
///   transit, it is never dropped.
/// - Exactly once: the gateway (and the protocol behind it) delivers a message at most once; only the linked
///   counterpart, through the linked gateway, is heard (`CrosschainLinked`).
/// - `netOutflow` counts the tokens that left this chain minus those that arrived: the asset's total supply over all
///   chains plus the tokens in transit is the sum of (totalSupply + netOutflow) over its chains, i.e. what each
///   chain issued (see `SupplyCapModule`, which caps each chain's issuance, not its arrivals).
///
/// Limit: a return is dispatched by the destination bridge without a fee. The local chains' hooks charge none; on a
/// protocol configuration that charges at dispatch (Hyperlane's interchain gas paymaster), the refusing delivery
/// reverts instead (the fee is missing), so the transfer stays undelivered and in transit, never lost, until the
/// issuer's relayer is set to deliver the asset's bridges' messages unpaid (Hyperlane relayers allow-list senders) or
/// the hook is changed. A fee reserve in the bridge is the next step.
///
/// Why not OpenZeppelin's `BridgeERC7802`/`BridgeFungible`: their `crosschainTransfer` is not payable (a messaging
/// protocol's fee could not be paid), and their payload has no message kind, so a refused delivery could not travel
/// back. `CrosschainLinked` (links, gateway and counterpart authentication) and `ERC7786Recipient` are used as they
/// are.
/// @dev Amounts are in token base units. Addresses on other chains are ERC-7930 interoperable addresses
/// (`InteroperableAddress.formatEvmV1(chainId, wallet)`).
contract AssetBridge is CrosschainLinked {
    using InteroperableAddress for bytes;

    /// @notice Message kinds in the payload.
    uint8 public constant KIND_TRANSFER = 0;
    uint8 public constant KIND_RETURN = 1;

    /// @notice Bytes of a message payload (see `_payload`).
    uint256 private constant PAYLOAD_LENGTH = 94;

    /// @notice Restriction code of a refused delivery whose receiver is, on the destination, not a wallet of the
    /// sender's identity (the destination's registry disagrees with the source's).
    uint8 public constant IDENTITY_MISMATCH = 120;

    /// @notice The token (ERC-7802) this bridge burns and mints.
    ITokenBridgeable public immutable token;

    /// @notice Tokens that left this chain minus tokens that arrived, in token base units (negative on a chain that
    /// received more than it sent).
    int256 public netOutflow;

    /// @notice Tokens of `from` left this chain for `to` (an ERC-7930 address) in message `sendId`.
    event CrosschainTransferSent(
        bytes32 indexed sendId, address indexed from, bytes to, address indexed identity, uint256 amount
    );
    /// @notice Tokens arrived for `to`, sent by `from` (an ERC-7930 address) in message `receiveId`.
    event CrosschainTransferReceived(
        bytes32 indexed receiveId, bytes from, address indexed to, address indexed identity, uint256 amount
    );
    /// @notice The destination refused the delivery of `receiveId` (restriction `code`, e.g. 5: the receiver is not
    /// verified) and sent the tokens back to `from` (an ERC-7930 address on the source) in message `returnId`.
    event CrosschainTransferRefused(
        bytes32 indexed receiveId, bytes32 indexed returnId, bytes from, address indexed to, uint256 amount, uint8 code
    );
    /// @notice Tokens of a refused delivery came back to `to`, their sender, here on the source chain; `receiveId`
    /// is the return message, `code` the destination's restriction code.
    event CrosschainTransferReturned(bytes32 indexed receiveId, address indexed to, uint256 amount, uint8 code);

    /// @notice `caller` is not the asset's issuer (the token's owner).
    error CallerNotIssuer(address caller);
    /// @notice Nothing to send.
    error ZeroAmount();
    /// @notice No link to the chain of `to` (an ERC-7930 address, or a chain-only one).
    error UnknownDestination(bytes to);
    /// @notice `to` is not an EVM wallet on its chain.
    error InvalidReceiver(bytes to);
    /// @notice The sender has no identity in the registry: it cannot be the receiver's.
    error SenderNotRegistered(address sender);
    /// @notice `receiver` is not a wallet of the sender's `identity` (here, in this chain's registry).
    error ReceiverNotSameIdentity(address receiver, address identity);
    /// @notice A payload of `length` bytes, not the 94 of this bridge's messages.
    error InvalidPayload(uint256 length);
    /// @notice An unknown message kind arrived.
    error UnknownMessageKind(uint8 kind);

    /// @param token_ The asset's token on this chain; its owner (the issuer) manages the links.
    constructor(ITokenBridgeable token_) CrosschainLinked(new Link[](0)) {
        token = token_;
    }

    /// @notice Links (or re-links) this bridge to its counterpart on another chain, through `gateway` here.
    /// @dev Only the issuer (the token's owner). Reverts when `gateway` is not an ERC-7786 source gateway.
    /// @param gateway The ERC-7786 gateway on this chain that sends to and receives from `counterpart`'s chain.
    /// @param counterpart The counterpart bridge as an ERC-7930 address (its chain and address).
    function setLink(address gateway, bytes calldata counterpart) external {
        _onlyIssuer();
        _setLink(gateway, counterpart, true);
    }

    /// @notice Sends `amount` of the caller's tokens to `to`, a wallet of the caller's identity on another chain.
    /// Burns them here now; the destination mints them when the gateway delivers the message.
    /// @dev Payable: `msg.value` goes to the gateway as the messaging protocol's fee (`quoteTransfer` is not part of
    /// ERC-7786: ask the gateway). Reverts, before anything is burnt: `ZeroAmount`, `InvalidReceiver`,
    /// `UnknownDestination`, `SenderNotRegistered`, `ReceiverNotSameIdentity`, then the token's `crosschainBurn`
    /// errors (`TokenPaused`, `WalletFrozen`, `InsufficientUnfrozenBalance`, `InsufficientUnlockedBalance`,
    /// `TransferNotCompliant` with a lock-up's code 13, ERC-20's `ERC20InsufficientBalance`).
    /// @param to The receiver as an ERC-7930 address (`formatEvmV1(destinationChainId, wallet)`).
    /// @param amount Token base units.
    /// @return sendId The gateway's id of the message (for Hyperlane, the message id).
    function crosschainTransfer(bytes calldata to, uint256 amount) external payable returns (bytes32 sendId) {
        if (amount == 0) revert ZeroAmount();
        (address receiver, address gateway, bytes memory counterpart) = _route(to);
        IIdentityRegistry registry = IIdentityRegistry(IToken(address(token)).identityRegistry());
        address identity = registry.identity(msg.sender);
        if (identity == address(0)) revert SenderNotRegistered(msg.sender);
        if (registry.identity(receiver) != identity) revert ReceiverNotSameIdentity(receiver, identity);

        token.crosschainBurn(msg.sender, amount);
        netOutflow += int256(amount);
        sendId = IERC7786GatewaySource(gateway).sendMessage{value: msg.value}(
            counterpart, _payload(KIND_TRANSFER, msg.sender, receiver, identity, amount, 0), new bytes[](0)
        );
        emit CrosschainTransferSent(sendId, msg.sender, to, identity, amount);
    }

    /// @dev A delivery from an authenticated counterpart (`CrosschainLinked._isAuthorizedGateway`).
    /// A transfer: mint to the receiver, or, when the destination's rules refuse it, send it back. A return: mint to
    /// the original sender, here on the source (a return refused in its turn, e.g. the sender frozen meanwhile,
    /// reverts and stays undelivered until an agent resolves it).
    function _processMessage(address gateway, bytes32 receiveId, bytes calldata sender, bytes calldata payload)
        internal
        override
    {
        if (payload.length != PAYLOAD_LENGTH) revert InvalidPayload(payload.length);
        uint8 kind = uint8(payload[0]);
        address from = address(bytes20(payload[1:21]));
        address to = address(bytes20(payload[21:41]));
        address identity = address(bytes20(payload[41:61]));
        uint256 amount = uint256(bytes32(payload[61:93]));
        uint8 code = uint8(payload[93]);
        if (kind == KIND_RETURN) {
            token.crosschainMint(from, amount);
            netOutflow -= int256(amount);
            emit CrosschainTransferReturned(receiveId, from, amount, code);
            return;
        }
        if (kind != KIND_TRANSFER) revert UnknownMessageKind(kind);
        (, uint256 sourceChain) = _evmChainOf(sender);
        bytes memory fromAddress = InteroperableAddress.formatEvmV1(sourceChain, from);

        // A paused token keeps the delivery waiting: its TokenPaused is not a refusal (`_refusal`), so the delivery
        // reverts and stays undelivered until the token is unpaused: pausing is temporary.
        code = _refusal(to, identity, amount);
        if (code == RestrictionCodes.SUCCESS) {
            netOutflow -= int256(amount);
            emit CrosschainTransferReceived(receiveId, fromAddress, to, identity, amount);
            return;
        }
        bytes32 returnId = IERC7786GatewaySource(gateway)
            .sendMessage(sender, _payload(KIND_RETURN, from, to, identity, amount, code), new bytes[](0));
        emit CrosschainTransferRefused(receiveId, returnId, fromAddress, to, amount, code);
    }

    /// @dev The message payload, packed (94 bytes): kind (1), from (20), to (20), identity (20), amount (32), code (1).
    function _payload(uint8 kind, address from, address to, address identity, uint256 amount, uint8 code)
        private
        pure
        returns (bytes memory)
    {
        return abi.encodePacked(kind, from, to, identity, amount, code);
    }

    /// @dev Mints `amount` to `to` and answers 0, or answers the restriction code of a compliance refusal (nothing
    /// minted). Any other failure reverts the delivery: only a refusal by the rules sends tokens back, so a relayer
    /// cannot force a return by starving the call of gas (an out-of-gas failure carries no such error).
    function _refusal(address to, address identity, uint256 amount) private returns (uint8) {
        IIdentityRegistry registry = IIdentityRegistry(IToken(address(token)).identityRegistry());
        if (registry.identity(to) != identity) {
            // A paused token refuses every delivery for now, this one too (the mint below checks it on its path).
            if (IToken(address(token)).paused()) revert IToken.TokenPaused();
            return registry.isVerified(to) ? IDENTITY_MISMATCH : RestrictionCodes.RECIPIENT_NOT_VERIFIED;
        }
        try token.crosschainMint(to, amount) {
            return RestrictionCodes.SUCCESS;
        } catch (bytes memory reason) {
            bytes4 selector = reason.length >= 4 ? bytes4(reason) : bytes4(0);
            if (selector == IToken.RecipientNotVerified.selector) return RestrictionCodes.RECIPIENT_NOT_VERIFIED;
            if (selector == IToken.WalletFrozen.selector) return RestrictionCodes.RECIPIENT_FROZEN;
            if (selector == IToken.TransferNotCompliant.selector && reason.length == 132) {
                // TransferNotCompliant(address from, address to, uint256 amount, uint8 code): the code is word 4.
                uint256 c;
                assembly ("memory-safe") {
                    c := mload(add(reason, 132))
                }
                // forge-lint: disable-next-line(unsafe-typecast)
                if (c != 0 && c <= type(uint8).max) return uint8(c);
            }
            assembly ("memory-safe") {
                revert(add(reason, 32), mload(reason))
            }
        }
    }

    /// @dev The receiver in `to`, and the link to its chain; reverts `InvalidReceiver` or `UnknownDestination`.
    function _route(bytes calldata to)
        private
        view
        returns (address receiver, address gateway, bytes memory counterpart)
    {
        (bool ok, bytes2 chainType, bytes calldata chainRef, bytes calldata addr) = to.tryParseV1Calldata();
        if (!ok || addr.length != 20) revert InvalidReceiver(to);
        receiver = address(bytes20(addr));
        (gateway, counterpart) = getLink(InteroperableAddress.formatV1(chainType, chainRef, ""));
        if (gateway == address(0)) revert UnknownDestination(to);
    }

    function _evmChainOf(bytes calldata addr) private pure returns (address a, uint256 chainId) {
        (chainId, a) = InteroperableAddress.parseEvmV1Calldata(addr);
    }

    function _onlyIssuer() private view {
        if (msg.sender != Ownable(address(token)).owner()) revert CallerNotIssuer(msg.sender);
    }
}
