// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {console} from "forge-std/Test.sol";
import {GasTable} from "./GasTable.sol";
import {DistributorBase} from "../distribution/DistributorBase.sol";
import {MerkleTree} from "../distribution/MerkleTree.sol";

/// @title GasDistributor
/// @notice Gas of the Distributor (issue 11, "Distributions"), measured as a user pays it: a claim against a
/// 10,000-leaf root, a push per payment in a batch of 50, creating and reclaiming a distribution.
/// @dev Run with `--isolate` (`forge test --match-path contracts/test/bench/GasDistributor.t.sol --isolate -vv`):
/// every top-level call is its own transaction (intrinsic 21,000 + calldata, cold accounts and slots, refunds
/// applied) and `vm.lastCallGas()` is that transaction's gas used. Without `--isolate` the test skips itself. A row
/// over its target fails the test.
///
/// The claim row cannot meet issue 11's 60,000 with a 14-element proof; its target here is a regression ceiling
/// (CLAIM_CEILING). Where the 72,623 of the representative claim go, read from its trace: intrinsic 21,000 + calldata
/// 8,312 (644 bytes, the proof's 448 nearly all non-zero) + the payment token's transfer 15,459 (cold account 2,600;
/// inside 12,859: two cold balances read and rewritten, its Transfer event) + the identity registry's
/// `identity(wallet)` 5,246 (cold account and slot) + the distribution's three cold slots (payment token, deadline
/// and flags; root; registry and remaining) 6,300 and `remaining` rewritten 2,900 + the claimed-bitmap word (cold,
/// rewritten) 5,000 + the `Claimed` event (4 topics) about 2,400 = 66,617 before any computation; the rest (about
/// 6,000) is the 14 hashes of OpenZeppelin's MerkleProof with their calldata reads, the leaf hash, ABI decoding and
/// the checks. Each proof element costs about 600 (calldata and one hash). Only a shorter proof (fewer leaves) or
/// dropping a check the issue requires (funding bound, identity, once per leaf) would go lower.
contract GasDistributorTest is DistributorBase, GasTable {
    uint256 internal constant LEAVES = 10_000;
    uint256 internal constant BATCH = 50;
    uint256 internal constant AMOUNT = 100e6; // 100 TUSD per leaf
    /// @dev Regression ceiling of the representative claim (measured 72,623; 73,566 before each Record slot was read
    /// once); issue 11 asks 60,000.
    uint256 internal constant CLAIM_CEILING = 73_000;

    address[] internal pushed; // wallets of leaves 2 .. 2 + BATCH - 1

    function setUp() public override {
        super.setUp();
        for (uint256 i; i < BATCH; ++i) {
            address w = makeAddr(string.concat("payee", vm.toString(i)));
            _register(w, USA);
            pushed.push(w);
        }
        // Every recipient already holds the payment token (its balance slot exists), as a typical investor's does.
        vm.startPrank(issuer);
        usd.mint(alice, 1e6);
        usd.mint(bob, 1e6);
        for (uint256 i; i < BATCH; ++i) {
            usd.mint(pushed[i], 1e6);
        }
        vm.stopPrank();
    }

    function test_bench() public {
        vm.prank(issuer);
        usd.mint(carol, 1); // a state-changing call: under --isolate, a transaction of >= 21,000
        if (_gas() < 21_000) {
            console.log("GasDistributor needs --isolate; skipped");
            vm.skip(true);
        }

        // 10,000 leaves: leaf 0 alice's identity, leaf 1 bob's, leaves 2..51 the payees', the rest other investors.
        bytes32[] memory leaves = new bytes32[](LEAVES);
        address[] memory ids = new address[](LEAVES);
        for (uint256 i; i < LEAVES; ++i) {
            if (i == 0) ids[i] = identityOf(alice);
            else if (i == 1) ids[i] = identityOf(bob);
            else if (i < 2 + BATCH) ids[i] = identityOf(pushed[i - 2]);
            else ids[i] = address(uint160(0x1000000 + i));
            leaves[i] = MerkleTree.leaf(i, ids[i], AMOUNT);
        }
        bytes32[] memory tree = MerkleTree.build(leaves);
        console.log("operation                                                        |     gas | target");

        uint256 id = _create(tree, LEAVES * AMOUNT);
        _row("createDistribution (pulls TUSD, 10,000-leaf root)", _gas(), 0);

        bytes32[] memory proof0 = MerkleTree.proof(tree, 0);
        vm.prank(alice);
        distributor.claim(id, 0, ids[0], AMOUNT, proof0);
        _row("claim, first in its bitmap word (14-element proof)", _gas(), 0);

        bytes32[] memory proof1 = MerkleTree.proof(tree, 1);
        assertEq(proof1.length, 14, "a 14-element proof");
        vm.prank(bob);
        distributor.claim(id, 1, ids[1], AMOUNT, proof1);
        _row("claim (14-element proof, bitmap word touched, payee holds TUSD)", _gas(), CLAIM_CEILING);
        console.log(
            "  (issue 11 asks <= 60,000 for a claim: not reachable with a 14-element proof: floor about 66,600, see this file's NatSpec)"
        );

        uint256[] memory indexes = new uint256[](BATCH);
        address[] memory identities = new address[](BATCH);
        uint256[] memory amounts = new uint256[](BATCH);
        bytes32[][] memory proofs = new bytes32[][](BATCH);
        for (uint256 i; i < BATCH; ++i) {
            indexes[i] = 2 + i;
            identities[i] = ids[2 + i];
            amounts[i] = AMOUNT;
            proofs[i] = MerkleTree.proof(tree, 2 + i);
        }
        vm.prank(desk);
        distributor.pushBatch(id, indexes, identities, amounts, pushed, proofs);
        _row("pushBatch per payment, batch of 50 (14-element proofs)", _gas() / BATCH, 0);
        assertEq(distributor.remaining(id), (LEAVES - 2 - BATCH) * AMOUNT);

        vm.warp(block.timestamp + CLAIM_PERIOD + 1);
        vm.prank(desk);
        distributor.reclaim(id);
        _row("reclaim (after the deadline)", _gas(), 0);

        _printSummary();
        assertEq(failures, 0, "a row exceeds its target");
    }

    // ------------------------------------------------------------------ measuring and printing

    function _row(string memory op, uint256 ours, uint256 target) internal {
        _printRow(op, ours, target, 64, 7);
    }
}
