// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Test, console} from "forge-std/Test.sol";
import {DistributorBase} from "./DistributorBase.sol";
import {MerkleTree} from "./MerkleTree.sol";
import {Distributor} from "../../src/distribution/Distributor.sol";
import {IDistributor} from "../../src/interfaces/IDistributor.sol";
import {TestUSD} from "../../src/payment/TestUSD.sol";

/// @dev Drives the Distributor through random creates (some roots underfunded: their leaves add up to more than the
/// funding), claims (also repeated, also by the wrong investor), pushes, pauses, reclaims and time warps, keeping a
/// ghost ledger of what was funded, paid per leaf and reclaimed.
contract DistributorHandler is Test {
    Distributor internal immutable distributor;
    TestUSD internal immutable usd;
    address internal immutable token;
    address internal immutable desk;
    address[] internal wallets; // wallets[k] is registered to identities[k]
    address[] internal identities;

    struct Leaf {
        address identity;
        uint256 amount;
        uint256 walletIndex;
    }

    uint256[] public distributionIds;
    mapping(uint256 id => Leaf[]) internal leavesOf;
    mapping(uint256 id => uint256) public funded;
    mapping(uint256 id => uint256) public paid;
    mapping(uint256 id => uint256) public reclaimed;
    mapping(uint256 id => mapping(uint256 index => uint256)) public payments; // successful payments per leaf
    uint256 public maxPaymentsPerLeaf;
    uint256 public claimsPaid; // successful claims and pushed leaves, and reclaims: the run did something
    uint256 public leavesPushed;
    uint256 public reclaims;

    constructor(
        Distributor distributor_,
        TestUSD usd_,
        address token_,
        address desk_,
        address[] memory wallets_,
        address[] memory identities_
    ) {
        distributor = distributor_;
        usd = usd_;
        token = token_;
        desk = desk_;
        wallets = wallets_;
        identities = identities_;
    }

    function count() external view returns (uint256) {
        return distributionIds.length;
    }

    function _tree(uint256 id) internal view returns (bytes32[] memory) {
        Leaf[] storage ls = leavesOf[id];
        bytes32[] memory hashes = new bytes32[](ls.length);
        for (uint256 i; i < ls.length; ++i) {
            hashes[i] = MerkleTree.leaf(i, ls[i].identity, ls[i].amount);
        }
        return MerkleTree.build(hashes);
    }

    function create(uint256 seed, uint8 size, uint256 shortfall) external {
        uint256 n = bound(size, 1, 8);
        uint256 id = distributor.distributionCount() + 1;
        uint256 sum;
        for (uint256 i; i < n; ++i) {
            uint256 k = uint256(keccak256(abi.encode(seed, i))) % wallets.length;
            uint256 amount = bound(uint256(keccak256(abi.encode(seed, "amount", i))), 1, 1_000_000e6);
            leavesOf[id].push(Leaf({identity: identities[k], amount: amount, walletIndex: k}));
            sum += amount;
        }
        // A third of the roots are underfunded by up to half their sum.
        uint256 total = shortfall % 3 == 0 ? sum - bound(shortfall, 0, sum / 2) : sum;
        vm.prank(desk);
        uint256 created = distributor.createDistribution(
            token,
            address(usd),
            MerkleTree.root(_tree(id)),
            total,
            uint64(block.number - 1),
            uint64(block.timestamp + 1 + bound(seed, 0, 3 days)),
            ""
        );
        require(created == id, "ids in order");
        distributionIds.push(id);
        funded[id] = total;
    }

    function claim(uint256 which, uint256 leaf, uint256 wrongWallet) external {
        if (distributionIds.length == 0) return;
        uint256 id = distributionIds[which % distributionIds.length];
        Leaf[] storage ls = leavesOf[id];
        uint256 i = leaf % ls.length;
        // One claim in four comes from another investor's wallet (it must fail unless the identities coincide).
        uint256 k = wrongWallet % 4 == 0 ? wrongWallet % wallets.length : ls[i].walletIndex;
        address wallet = wallets[k];
        uint256 before = usd.balanceOf(wallet);
        vm.prank(wallet);
        try distributor.claim(id, i, ls[i].identity, ls[i].amount, MerkleTree.proof(_tree(id), i)) {
            require(identities[k] == ls[i].identity, "paid a wallet of another identity");
            require(usd.balanceOf(wallet) - before == ls[i].amount, "paid the leaf's amount");
            _record(id, i, ls[i].amount);
            ++claimsPaid;
        } catch {}
    }

    struct Batch {
        uint256[] indexes;
        address[] ids;
        uint256[] amounts;
        address[] to;
        bytes32[][] proofs;
        bool[] wasClaimed;
    }

    function _batch(uint256 id, uint256 from, uint256 n) internal view returns (Batch memory b) {
        Leaf[] storage ls = leavesOf[id];
        bytes32[] memory t = _tree(id);
        b.indexes = new uint256[](n);
        b.ids = new address[](n);
        b.amounts = new uint256[](n);
        b.to = new address[](n);
        b.proofs = new bytes32[][](n);
        b.wasClaimed = new bool[](n);
        for (uint256 j; j < n; ++j) {
            uint256 i = (from % ls.length + j) % ls.length; // may repeat a leaf within the batch
            b.indexes[j] = i;
            b.ids[j] = ls[i].identity;
            b.amounts[j] = ls[i].amount;
            b.to[j] = wallets[ls[i].walletIndex];
            b.proofs[j] = MerkleTree.proof(t, i);
            b.wasClaimed[j] = distributor.isClaimed(id, i);
        }
    }

    function push(uint256 which, uint256 from, uint8 size) external {
        if (distributionIds.length == 0) return;
        uint256 id = distributionIds[which % distributionIds.length];
        Batch memory b = _batch(id, from, bound(size, 1, 4));
        vm.prank(desk);
        try distributor.pushBatch(id, b.indexes, b.ids, b.amounts, b.to, b.proofs) returns (uint256 total) {
            uint256 sum;
            for (uint256 j; j < b.indexes.length; ++j) {
                if (b.wasClaimed[j]) continue;
                bool repeated;
                for (uint256 m; m < j; ++m) {
                    if (b.indexes[m] == b.indexes[j]) repeated = true;
                }
                if (repeated) continue;
                _record(id, b.indexes[j], b.amounts[j]);
                sum += b.amounts[j];
                ++leavesPushed;
            }
            require(sum == total, "push paid the unpaid leaves");
        } catch {}
    }

    function reclaim(uint256 which) external {
        if (distributionIds.length == 0) return;
        uint256 id = distributionIds[which % distributionIds.length];
        uint256 before = usd.balanceOf(desk);
        vm.prank(desk);
        try distributor.reclaim(id) returns (uint256 amount) {
            require(usd.balanceOf(desk) - before == amount, "reclaimed what it says");
            require(reclaimed[id] == 0, "reclaimed twice");
            reclaimed[id] = amount;
            ++reclaims;
        } catch {}
    }

    function togglePause(uint256 which) external {
        if (distributionIds.length == 0) return;
        uint256 id = distributionIds[which % distributionIds.length];
        vm.startPrank(desk);
        if (distributor.distribution(id).paused) distributor.unpause(id);
        else distributor.pause(id);
        vm.stopPrank();
    }

    function warp(uint256 secondsAhead) external {
        vm.warp(block.timestamp + bound(secondsAhead, 1, 2 days));
        vm.roll(block.number + 1);
    }

    function _record(uint256 id, uint256 index, uint256 amount) internal {
        paid[id] += amount;
        uint256 times = ++payments[id][index];
        if (times > maxPaymentsPerLeaf) maxPaymentsPerLeaf = times;
    }
}

/// @dev Invariants of issue 11: a Distributor never pays more than it was funded, or twice for one leaf, and holds
/// exactly the sum over distributions of funded - paid - reclaimed.
/// forge-config: ci.invariant.runs = 96
/// forge-config: ci.invariant.depth = 48
contract DistributorInvariantTest is DistributorBase {
    DistributorHandler internal handler;

    function setUp() public override {
        super.setUp();
        address alice2 = makeAddr("alice2");
        vm.prank(officer);
        registry.registerInvestor(alice2, identityOf(alice), USA, kycExpiry);
        address[] memory w = new address[](5);
        address[] memory ids = new address[](5);
        (w[0], w[1], w[2], w[3], w[4]) = (alice, bob, carol, eve, alice2);
        for (uint256 k; k < 5; ++k) {
            ids[k] = identityOf(k == 4 ? alice : w[k]);
        }
        handler = new DistributorHandler(distributor, usd, address(token), desk, w, ids);
        targetContract(address(handler));
    }

    function invariant_neverPaysMoreThanFunded() public view {
        uint256 n = handler.count();
        for (uint256 j; j < n; ++j) {
            uint256 id = handler.distributionIds(j);
            uint256 out = handler.paid(id) + handler.reclaimed(id);
            assertLe(out, handler.funded(id), "paid + reclaimed <= funded");
            IDistributor.Distribution memory d = distributor.distribution(id);
            assertEq(d.total, handler.funded(id));
            assertEq(d.claimed, handler.paid(id), "claimed = paid to wallets");
            assertEq(d.reclaimed, handler.reclaimed(id));
            assertEq(distributor.remaining(id), handler.funded(id) - out);
        }
    }

    /// @dev Shows that runs exercise the paths (printed with -vv).
    function afterInvariant() public view {
        console.log("claims paid", handler.claimsPaid());
        console.log("leaves pushed", handler.leavesPushed());
        console.log("reclaims", handler.reclaims());
    }

    function invariant_neverPaysALeafTwice() public view {
        assertLe(handler.maxPaymentsPerLeaf(), 1);
    }

    function invariant_balanceEqualsFundedMinusPaidMinusReclaimed() public view {
        uint256 n = handler.count();
        uint256 held;
        for (uint256 j; j < n; ++j) {
            uint256 id = handler.distributionIds(j);
            held += handler.funded(id) - handler.paid(id) - handler.reclaimed(id);
        }
        assertEq(usd.balanceOf(address(distributor)), held);
    }
}
