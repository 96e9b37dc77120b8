// SPDX-License-Identifier: MIT
pragma solidity ^0.8.26;

import {Test, Vm} from "forge-std/Test.sol";
import {InteroperableAddress} from "@openzeppelin/contracts/utils/draft-InteroperableAddress.sol";
import {CrosschainBase} from "./CrosschainBase.sol";

/// @dev Drives random actions over the two chains of `CrosschainBase`: mints (L1), agent burns (either chain), sends
/// both ways (some to a wallet the destination refuses: carol is registered on L1 only), relays of any queued
/// message (out of order), pauses and unpauses of either chain's token. Keeps the ghost totals minted and burned.
contract CrosschainHandler is Test {
    CrosschainInvariantBase internal immutable t;
    uint256 public minted;
    uint256 public burned;
    uint256 public refusedDeliveries;
    uint256 public delivered;

    constructor(CrosschainInvariantBase t_) {
        t = t_;
    }

    function mint(uint256 actorSeed, uint256 amount) external {
        amount = bound(amount, 1, 1000e18);
        t.mintOn(true, t.actor(actorSeed), amount);
        minted += amount;
    }

    function burn(bool onL1, uint256 actorSeed, uint256 amount) external {
        address who = t.actor(actorSeed);
        uint256 balance = t.balanceOn(onL1, who);
        if (balance == 0) return;
        amount = bound(amount, 1, balance);
        t.burnOn(onL1, who, amount);
        burned += amount;
    }

    function send(bool fromL1, uint256 actorSeed, uint256 amount) external {
        address who = t.actor(actorSeed);
        uint256 balance = t.balanceOn(fromL1, who);
        if (balance == 0 || t.pausedOn(fromL1) || t.frozenOn(fromL1, who)) return;
        amount = bound(amount, 1, balance);
        t.sendFrom(fromL1, who, amount);
    }

    function relay(uint256 index) external {
        uint256 n = t.outboxLength();
        if (n == 0) return;
        (bool ok, bool refused) = t.tryRelay(index % n);
        if (ok && refused) ++refusedDeliveries;
        if (ok && !refused) ++delivered;
    }

    function togglePause(bool onL1) external {
        t.togglePause(onL1);
    }

    function freeze(bool onL1, uint256 actorSeed, bool frozen) external {
        t.freezeOn(onL1, t.actor(actorSeed), frozen);
    }
}

/// @title CrosschainInvariantBase
/// @notice Issue 12's invariant over two chains (forge half; the vitest over two real anvils is the other): at every
/// step, the asset's supply on both chains plus the tokens in transit (the amounts of the messages dispatched and not
/// delivered, returns of refused deliveries included) equals the tokens minted minus burned, and the two bridges'
/// net outflows add up to the tokens in transit. No message is lost: after relaying everything, nothing is in
/// transit and the supplies alone account for every token.
abstract contract CrosschainInvariantBase is CrosschainBase {
    CrosschainHandler internal handler;
    address internal carol = makeAddr("carol"); // registered on L1 only: L2 refuses her arrivals

    function setUp() public virtual override {
        super.setUp();
        _register(l1, carol, USA);
        handler = new CrosschainHandler(this);
        _on(L1);
    }

    // ------------------------------------------------------------ the handler's access to the chains

    function actor(uint256 seed) external view returns (address) {
        uint256 i = seed % 3;
        return i == 0 ? alice : i == 1 ? bob : carol;
    }

    function _chain(bool onL1) internal view returns (ChainSetup memory) {
        return onL1 ? l1 : l2;
    }

    function balanceOn(bool onL1, address who) external returns (uint256) {
        _on(onL1 ? L1 : L2);
        return _chain(onL1).token.balanceOf(who);
    }

    function pausedOn(bool onL1) external returns (bool) {
        _on(onL1 ? L1 : L2);
        return _chain(onL1).token.paused();
    }

    function frozenOn(bool onL1, address who) external returns (bool) {
        _on(onL1 ? L1 : L2);
        return _chain(onL1).token.isFrozen(who);
    }

    function mintOn(bool onL1, address to, uint256 amount) external {
        _mint(_chain(onL1), to, amount);
    }

    function burnOn(bool onL1, address from, uint256 amount) external {
        _on(onL1 ? L1 : L2);
        vm.prank(issuer);
        _chain(onL1).token.burn(from, amount);
    }

    function sendFrom(bool fromL1, address who, uint256 amount) external {
        _send(_chain(fromL1), _chain(!fromL1), who, who, amount);
    }

    function togglePause(bool onL1) external {
        ChainSetup memory c = _chain(onL1);
        _on(c.id);
        bool paused = c.token.paused();
        vm.prank(issuer);
        if (paused) c.token.unpause();
        else c.token.pause();
    }

    function freezeOn(bool onL1, address who, bool frozen) external {
        ChainSetup memory c = _chain(onL1);
        _on(c.id);
        vm.prank(issuer);
        c.token.setAddressFrozen(who, frozen);
    }

    function outboxLength() external view returns (uint256) {
        return outbox.length;
    }

    /// @dev Relays message `i`; a delivery that reverts (a paused destination, a return to a frozen sender) stays
    /// queued. `refused`: the delivery dispatched a return.
    function tryRelay(uint256 i) external returns (bool ok, bool refused) {
        Message memory m = outbox[i];
        ChainSetup memory dst = m.destination == L1 ? l1 : l2;
        _on(dst.id);
        vm.recordLogs();
        vm.prank(relayer);
        try dst.mailbox.process("", m.data) {
            ok = true;
        } catch {
            vm.getRecordedLogs();
            return (false, false);
        }
        outbox[i] = outbox[outbox.length - 1];
        outbox.pop();
        uint256 before = outbox.length;
        _collect(dst.id);
        refused = outbox.length > before;
    }

    // ------------------------------------------------------------ the invariant

    /// @dev The amount a queued message carries: the Hyperlane header (77 bytes), the gateway's body (44), then the
    /// bridge's payload, whose amount is at byte 61.
    function _amountOf(bytes memory message) internal pure returns (uint256 amount) {
        assembly ("memory-safe") {
            amount := mload(add(add(message, 32), 182))
        }
    }

    function _inTransit() internal view returns (uint256 sum) {
        for (uint256 i; i < outbox.length; ++i) {
            sum += _amountOf(outbox[i].data);
        }
    }

    function _checkInvariant() internal {
        _on(L1);
        uint256 s1 = l1.token.totalSupply();
        int256 n1 = l1.bridge.netOutflow();
        _on(L2);
        uint256 s2 = l2.token.totalSupply();
        int256 n2 = l2.bridge.netOutflow();
        uint256 transit = _inTransit();
        assertEq(s1 + s2 + transit, handler.minted() - handler.burned(), "supply + in transit == minted - burned");
        assertEq(n1 + n2, int256(transit), "net outflows == in transit");
    }

    /// @dev After the run: unpause, unfreeze, relay everything: nothing stays in transit, nothing is lost.
    function afterInvariant() public {
        emit log_named_uint("deliveries", handler.delivered());
        emit log_named_uint("refused deliveries (sent back)", handler.refusedDeliveries());
        for (uint256 k; k < 2; ++k) {
            ChainSetup memory c = k == 0 ? l1 : l2;
            _on(c.id);
            vm.startPrank(issuer);
            if (c.token.paused()) c.token.unpause();
            c.token.setAddressFrozen(alice, false);
            c.token.setAddressFrozen(bob, false);
            c.token.setAddressFrozen(carol, false);
            vm.stopPrank();
        }
        _relayAll();
        _on(L1);
        uint256 s1 = l1.token.totalSupply();
        _on(L2);
        uint256 s2 = l2.token.totalSupply();
        assertEq(s1 + s2, handler.minted() - handler.burned());
        _on(L1);
        int256 n1 = l1.bridge.netOutflow();
        _on(L2);
        assertEq(n1 + l2.bridge.netOutflow(), 0);
    }
}

/// @notice The invariant under forge's invariant runs (random handler calls).
contract CrosschainInvariantTest is CrosschainInvariantBase {
    function setUp() public override {
        super.setUp();
        targetContract(address(handler));
    }

    function invariant_supplyOverChainsPlusInTransit_IsMintedMinusBurned() public {
        _checkInvariant();
    }
}

/// @dev The same actions as a seeded random walk, the invariant asserted after every step, so that each run is known
/// to reach deliveries, refusals sent back and waits (forge's invariant runs do not report what they reached).
contract CrosschainRandomWalkTest is CrosschainInvariantBase {
    /// forge-config: default.fuzz.runs = 32
    /// forge-config: ci.fuzz.runs = 64
    function testFuzz_randomWalk(uint256 seed) public {
        for (uint256 step; step < 60; ++step) {
            uint256 r = uint256(keccak256(abi.encode(seed, step)));
            uint256 action = r % 16;
            if (action < 3) handler.mint(r >> 8, r >> 16);
            else if (action < 4) handler.burn((r >> 8) % 2 == 0, r >> 16, r >> 32);
            else if (action < 9) handler.send((r >> 8) % 3 != 0, r >> 16, r >> 32);
            else if (action < 14) handler.relay(r >> 8);
            else if (action < 15) handler.togglePause((r >> 8) % 2 == 0);
            else handler.freeze((r >> 8) % 2 == 0, r >> 16, (r >> 24) % 2 == 0);
            _checkInvariant();
        }
        afterInvariant();
    }

    /// @dev A fixed walk that reaches every outcome: delivered, refused and sent back, and a wait on a paused token.
    function test_walk_ReachesEveryOutcome() public {
        handler.mint(0, 500e18); // alice
        handler.mint(2, 500e18); // carol: L1 only
        handler.send(true, 0, 100e18);
        handler.send(true, 2, 50e18); // refused on L2
        handler.togglePause(false); // L2 paused: deliveries wait
        handler.relay(0);
        handler.relay(1);
        assertEq(handler.delivered() + handler.refusedDeliveries(), 0, "waits while L2 is paused");
        _checkInvariant();
        handler.togglePause(false);
        handler.relay(0);
        handler.relay(0);
        handler.relay(0); // the return
        assertEq(handler.delivered(), 2, "alice's transfer and carol's return");
        assertEq(handler.refusedDeliveries(), 1);
        _checkInvariant();
        afterInvariant();
    }
}
