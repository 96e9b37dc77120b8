// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {Test, Vm} from "forge-std/Test.sol";
import {
    AccessManagerUpgradeable
} from "@openzeppelin/contracts-upgradeable/access/manager/AccessManagerUpgradeable.sol";
import {InteroperableAddress} from "@openzeppelin/contracts/utils/draft-InteroperableAddress.sol";
import {Mailbox} from "@hyperlane-xyz/core/contracts/Mailbox.sol";
import {MerkleTreeHook} from "@hyperlane-xyz/core/contracts/hooks/MerkleTreeHook.sol";
import {ProtocolFee} from "@hyperlane-xyz/core/contracts/hooks/ProtocolFee.sol";
import {TrustedRelayerIsm} from "@hyperlane-xyz/core/contracts/isms/TrustedRelayerIsm.sol";
import {IMailbox} from "@hyperlane-xyz/core/contracts/interfaces/IMailbox.sol";
import {IInterchainSecurityModule} from "@hyperlane-xyz/core/contracts/interfaces/IInterchainSecurityModule.sol";
import {IdentityRegistry} from "../../src/registry/IdentityRegistry.sol";
import {Token} from "../../src/token/Token.sol";
import {ModularCompliance} from "../../src/compliance/ModularCompliance.sol";
import {CountryAllowModule} from "../../src/compliance/modules/CountryAllowModule.sol";
import {MaxHoldersModule} from "../../src/compliance/modules/MaxHoldersModule.sol";
import {MaxBalanceModule} from "../../src/compliance/modules/MaxBalanceModule.sol";
import {TokenFactory} from "../../src/factory/TokenFactory.sol";
import {ITokenFactory} from "../../src/interfaces/ITokenFactory.sol";
import {ITokenBridgeable} from "../../src/interfaces/ITokenBridgeable.sol";
import {AssetBridge} from "../../src/crosschain/AssetBridge.sol";
import {HyperlaneGateway} from "../../src/crosschain/HyperlaneGateway.sol";

/// @dev Two chains in one EVM: an "L1" (chain id 31337) and an "L2" (31338), each with the platform (registry,
/// factory, the demo asset's rules), Hyperlane's real Mailbox (MerkleTreeHook required, ProtocolFee (fee 0) default,
/// TrustedRelayerIsm), Tessera's HyperlaneGateway and the asset's AssetBridge, linked both ways. `block.chainid` is read
/// at run time, so every call on a chain runs under `vm.chainId` of that chain (`_on`). Messages are captured from the
/// source Mailbox's `Dispatch` event and delivered by `_relay`, as the trusted relayer calls `Mailbox.process`.
abstract contract CrosschainBase is Test {
    uint256 internal constant L1 = 31337;
    uint256 internal constant L2 = 31338;
    uint16 internal constant USA = 840;
    uint16 internal constant JPN = 392;

    struct ChainSetup {
        uint256 id;
        IdentityRegistry registry;
        TokenFactory factory;
        Token token;
        ModularCompliance compliance;
        Mailbox mailbox;
        HyperlaneGateway gateway;
        AssetBridge bridge;
    }

    /// @dev A message dispatched and not delivered yet: its destination chain and bytes.
    struct Message {
        uint256 destination;
        bytes data;
    }

    ChainSetup internal l1;
    ChainSetup internal l2;
    Message[] internal outbox;

    address internal admin = makeAddr("admin");
    address internal issuer = makeAddr("issuer");
    address internal officer = makeAddr("officer");
    address internal relayer = makeAddr("relayer");
    address internal alice = makeAddr("alice"); // USA, registered on both chains
    address internal alice2 = makeAddr("alice2"); // alice's second wallet, registered on L1 only
    address internal bob = makeAddr("bob"); // USA, registered on both chains, another identity
    uint64 internal kycExpiry;

    bytes32 private constant DISPATCH = keccak256("Dispatch(address,uint32,bytes32,bytes)");

    function setUp() public virtual {
        vm.warp(1_750_000_000);
        kycExpiry = uint64(block.timestamp + 365 days);
        l1 = _deployChain(L1);
        l2 = _deployChain(L2);
        _on(L1);
        vm.startPrank(admin);
        l1.gateway.setPeer(L2, uint32(L2), address(l2.gateway));
        vm.stopPrank();
        _on(L2);
        vm.prank(admin);
        l2.gateway.setPeer(L1, uint32(L1), address(l1.gateway));
        _link(l1, l2);
        _link(l2, l1);
        _register(l1, alice, USA);
        _register(l2, alice, USA);
        _register(l1, alice2, USA);
        _register(l1, bob, USA);
        _register(l2, bob, USA);
        _on(L1);
        vm.recordLogs();
    }

    function _deployChain(uint256 id) internal returns (ChainSetup memory c) {
        _on(id);
        c.id = id;
        c.registry = new IdentityRegistry(admin);
        c.factory = new TokenFactory(
            address(c.registry),
            address(new Token()),
            address(new ModularCompliance()),
            address(new CountryAllowModule()),
            address(new MaxHoldersModule()),
            address(new MaxBalanceModule()),
            address(new AccessManagerUpgradeable())
        );
        vm.startPrank(admin);
        c.registry.addAgent(officer);
        c.registry.setTokenFactory(address(c.factory));
        vm.stopPrank();
        uint16[] memory countries = new uint16[](1);
        countries[0] = USA;
        vm.prank(issuer);
        (address t, address comp) = c.factory
            .deployAsset(
                ITokenFactory.AssetParams({
                    name: "Cross Fund",
                    symbol: "XCF",
                    decimals: 18,
                    assetClass: 0,
                    allowedCountries: countries,
                    maxHolders: 100,
                    maxBalance: 0
                })
            );
        c.token = Token(t);
        c.compliance = ModularCompliance(comp);

        c.mailbox = new Mailbox(uint32(id));
        MerkleTreeHook required = new MerkleTreeHook(address(c.mailbox));
        ProtocolFee byDefault = new ProtocolFee(1 ether, 0, admin, admin);
        TrustedRelayerIsm ism = new TrustedRelayerIsm(address(c.mailbox), relayer);
        c.mailbox.initialize(admin, address(ism), address(byDefault), address(required));
        c.gateway = new HyperlaneGateway(IMailbox(address(c.mailbox)), IInterchainSecurityModule(address(ism)), admin);

        vm.startPrank(issuer);
        c.bridge = new AssetBridge(ITokenBridgeable(t));
        c.token.setBridge(address(c.bridge));
        vm.stopPrank();
    }

    function _link(ChainSetup memory self, ChainSetup memory other) internal {
        _on(self.id);
        vm.prank(issuer);
        self.bridge.setLink(address(self.gateway), InteroperableAddress.formatEvmV1(other.id, address(other.bridge)));
    }

    function _register(ChainSetup memory c, address wallet, uint16 country) internal {
        _on(c.id);
        address id = wallet == alice2 ? _identity(alice) : _identity(wallet);
        vm.prank(officer);
        c.registry.registerInvestor(wallet, id, country, kycExpiry);
    }

    function _identity(address wallet) internal pure returns (address) {
        return address(uint160(uint256(keccak256(abi.encode("onchainid", wallet)))));
    }

    function _on(uint256 id) internal {
        vm.chainId(id);
    }

    function _mint(ChainSetup memory c, address to, uint256 amount) internal {
        _on(c.id);
        vm.prank(issuer);
        c.token.mint(to, amount);
    }

    /// @dev `from` sends `amount` from chain `src` to its wallet `to` on chain `dst`; the message is queued.
    function _send(ChainSetup memory src, ChainSetup memory dst, address from, address to, uint256 amount)
        internal
        returns (bytes32 sendId)
    {
        _on(src.id);
        vm.recordLogs();
        vm.prank(from);
        sendId = src.bridge.crosschainTransfer(InteroperableAddress.formatEvmV1(dst.id, to), amount);
        _collect(src.id);
    }

    /// @dev Moves the Dispatch events recorded since the last call into the outbox (dispatched on chain `origin`).
    function _collect(uint256 origin) internal {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics.length == 4 && logs[i].topics[0] == DISPATCH) {
                uint32 destination = uint32(uint256(logs[i].topics[2]));
                outbox.push(Message(destination, abi.decode(logs[i].data, (bytes))));
            }
        }
        origin; // the destination domain is the chain id on both chains
    }

    /// @dev Delivers outbox message `i` as the trusted relayer (reverts bubble: the message stays queued).
    function _relay(uint256 i) internal {
        Message memory m = outbox[i];
        ChainSetup memory dst = m.destination == L1 ? l1 : l2;
        _on(dst.id);
        vm.recordLogs();
        vm.prank(relayer);
        dst.mailbox.process("", m.data);
        outbox[i] = outbox[outbox.length - 1];
        outbox.pop();
        _collect(dst.id);
    }

    /// @dev Delivers every queued message, returns included, until none is left.
    function _relayAll() internal {
        while (outbox.length != 0) _relay(0);
    }
}
