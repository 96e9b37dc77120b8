// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {IERC7786GatewaySource, IERC7786Recipient} from "@openzeppelin/contracts/interfaces/draft-IERC7786.sol";
import {InteroperableAddress} from "@openzeppelin/contracts/utils/draft-InteroperableAddress.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {IMailbox} from "@hyperlane-xyz/core/contracts/interfaces/IMailbox.sol";
import {IMessageRecipient} from "@hyperlane-xyz/core/contracts/interfaces/IMessageRecipient.sol";
import {
    IInterchainSecurityModule,
    ISpecifiesInterchainSecurityModule
} from "@hyperlane-xyz/core/contracts/interfaces/IInterchainSecurityModule.sol";

/// @title HyperlaneGateway
/// @notice An ERC-7786 gateway (https://eips.ethereum.org/EIPS/eip-7786), source and destination, over a Hyperlane
/// Mailbox (https://docs.hyperlane.xyz): one per chain, linked to its peer gateways on the other chains. Tessera's
/// bridges speak ERC-7786 only, so an issuer can put another protocol's gateway behind them.
///
/// - Sending: `sendMessage` dispatches one Hyperlane message to the peer gateway of the recipient's chain and
///   returns its Hyperlane message id as `sendId`; `msg.value` pays the Mailbox's hooks (the protocol's fee,
///   `quoteSendMessage`).
/// - Receiving: the Mailbox calls `handle` once the chain's interchain security module (`interchainSecurityModule`,
///   e.g. a validators' multisig ISM, or on local chains Hyperlane's TrustedRelayerIsm) has verified the message.
///   Only a registered peer gateway on a registered domain is heard (`UnknownPeer`). The Mailbox delivers a message
///   at most once (`delivered(id)`), so a replay is refused there. The recipient gets `receiveId` = the same
///   Hyperlane message id (recomputed from the message), so the two halves of a transfer share one id.
/// - Recipient addresses are ERC-7930 interoperable addresses of EVM chains (`formatEvmV1(chainId, addr)`).
/// @dev No attribute is supported (`UnsupportedAttribute`).
contract HyperlaneGateway is IERC7786GatewaySource, IMessageRecipient, ISpecifiesInterchainSecurityModule, Ownable {
    /// @notice Hyperlane's message format version (Mailbox `VERSION`).
    uint8 private constant MESSAGE_VERSION = 3;

    /// @notice The chain's Hyperlane Mailbox.
    IMailbox public immutable mailbox;
    /// @notice The Mailbox's Hyperlane domain.
    uint32 public immutable localDomain;

    /// @notice The ISM the Mailbox asks to verify messages to this gateway (zero: the Mailbox's default ISM).
    IInterchainSecurityModule public interchainSecurityModule;

    struct Peer {
        uint32 domain; // Hyperlane domain of the chain
        bytes32 gateway; // the peer gateway there, as Hyperlane's bytes32 address
    }

    mapping(uint256 chainId => Peer) private _peers;
    mapping(uint32 domain => uint256 chainId) private _chainOfDomain;

    /// @notice The peer gateway for EVM chain `chainId` is `gateway` on Hyperlane domain `domain` (zero: removed).
    event PeerSet(uint256 indexed chainId, uint32 domain, address gateway);
    /// @notice The interchain security module changed.
    event InterchainSecurityModuleSet(address indexed ism);

    /// @notice No peer gateway for `chainId`.
    error UnknownChain(uint256 chainId);
    /// @notice `caller` is not the Mailbox.
    error CallerNotMailbox(address caller);
    /// @notice A message from `sender` on Hyperlane domain `origin`, which is not a registered peer gateway.
    error UnknownPeer(uint32 origin, bytes32 sender);
    /// @notice A message body shorter than its fixed part (nonce, sender, recipient).
    error InvalidBody();
    /// @notice The recipient did not answer ERC-7786's `receiveMessage` selector.
    error InvalidRecipientResponse(address recipient);

    /// @param mailbox_ The chain's Hyperlane Mailbox.
    /// @param ism The interchain security module (zero: the Mailbox's default).
    /// @param owner_ Who registers peers and the ISM (the platform's deployer).
    constructor(IMailbox mailbox_, IInterchainSecurityModule ism, address owner_) Ownable(owner_) {
        mailbox = mailbox_;
        localDomain = mailbox_.localDomain();
        interchainSecurityModule = ism;
        emit InterchainSecurityModuleSet(address(ism));
    }

    /// @notice Registers (or replaces) the peer gateway of EVM chain `chainId`, on Hyperlane domain `domain`;
    /// `gateway` zero removes it. Owner only.
    function setPeer(uint256 chainId, uint32 domain, address gateway) external onlyOwner {
        Peer memory old = _peers[chainId];
        if (old.domain != 0) delete _chainOfDomain[old.domain];
        if (gateway == address(0)) {
            delete _peers[chainId];
        } else {
            _peers[chainId] = Peer(domain, bytes32(uint256(uint160(gateway))));
            _chainOfDomain[domain] = chainId;
        }
        emit PeerSet(chainId, domain, gateway);
    }

    /// @notice Sets the interchain security module (zero: the Mailbox's default). Owner only.
    function setInterchainSecurityModule(IInterchainSecurityModule ism) external onlyOwner {
        interchainSecurityModule = ism;
        emit InterchainSecurityModuleSet(address(ism));
    }

    /// @notice The peer of EVM chain `chainId`: its Hyperlane domain and gateway (zeros when none).
    function peer(uint256 chainId) external view returns (uint32 domain, address gateway) {
        Peer memory p = _peers[chainId];
        return (p.domain, address(uint160(uint256(p.gateway))));
    }

    /// @inheritdoc IERC7786GatewaySource
    function supportsAttribute(bytes4) external pure returns (bool) {
        return false;
    }

    /// @inheritdoc IERC7786GatewaySource
    /// @dev Reverts `UnsupportedAttribute`, `UnknownChain`, or the Mailbox's errors (e.g. a fee short of
    /// `quoteSendMessage`). `sendId` is the Hyperlane message id.
    function sendMessage(bytes calldata recipient, bytes calldata payload, bytes[] calldata attributes)
        external
        payable
        returns (bytes32 sendId)
    {
        if (attributes.length != 0) {
            revert UnsupportedAttribute(attributes[0].length >= 4 ? bytes4(attributes[0]) : bytes4(0));
        }
        (uint256 chainId, address target) = InteroperableAddress.parseEvmV1Calldata(recipient);
        Peer memory p = _peers[chainId];
        if (p.gateway == 0) revert UnknownChain(chainId);
        // Body (packed): the Mailbox's nonce for this message (4 bytes, so the destination can recompute the message
        // id), the sender (20), the recipient (20), the payload.
        sendId = mailbox.dispatch{value: msg.value}(
            p.domain, p.gateway, abi.encodePacked(mailbox.nonce(), msg.sender, target, payload)
        );
        emit MessageSent(
            sendId,
            InteroperableAddress.formatEvmV1(block.chainid, msg.sender),
            recipient,
            payload,
            msg.value,
            attributes
        );
    }

    /// @notice The native-currency fee `sendMessage` needs for `payload` to `recipient` (the Mailbox's hooks' quote).
    function quoteSendMessage(bytes calldata recipient, bytes calldata payload) external view returns (uint256) {
        (uint256 chainId, address target) = InteroperableAddress.parseEvmV1Calldata(recipient);
        Peer memory p = _peers[chainId];
        if (p.gateway == 0) revert UnknownChain(chainId);
        return
            mailbox.quoteDispatch(p.domain, p.gateway, abi.encodePacked(mailbox.nonce(), msg.sender, target, payload));
    }

    /// @inheritdoc IMessageRecipient
    /// @dev Called by the Mailbox after the ISM verified the message. Reverts `CallerNotMailbox`, `UnknownPeer`,
    /// `InvalidRecipientResponse`, or bubbles the recipient's revert (the message then stays undelivered).
    function handle(uint32 origin, bytes32 sender, bytes calldata body) external payable {
        if (msg.sender != address(mailbox)) revert CallerNotMailbox(msg.sender);
        uint256 chainId = _chainOfDomain[origin];
        if (chainId == 0 || _peers[chainId].gateway != sender) revert UnknownPeer(origin, sender);
        if (body.length < 44) revert InvalidBody();
        uint32 nonce = uint32(bytes4(body[0:4]));
        address from = address(bytes20(body[4:24]));
        address target = address(bytes20(body[24:44]));
        // The Hyperlane message id (Message.id: keccak256 of the message), equal to the source's sendId.
        bytes32 receiveId = keccak256(
            abi.encodePacked(
                MESSAGE_VERSION, nonce, origin, sender, localDomain, bytes32(uint256(uint160(address(this)))), body
            )
        );
        bytes4 answer = IERC7786Recipient(target).receiveMessage{value: msg.value}(
            receiveId, InteroperableAddress.formatEvmV1(chainId, from), body[44:]
        );
        if (answer != IERC7786Recipient.receiveMessage.selector) revert InvalidRecipientResponse(target);
    }
}
