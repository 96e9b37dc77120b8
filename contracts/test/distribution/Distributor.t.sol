// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Vm} from "forge-std/Test.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {DistributorBase} from "./DistributorBase.sol";
import {MerkleTree} from "./MerkleTree.sol";
import {Distributor} from "../../src/distribution/Distributor.sol";
import {IDistributor} from "../../src/interfaces/IDistributor.sol";
import {Roles} from "../../src/libraries/Roles.sol";
import {Token} from "../../src/token/Token.sol";
import {IdentityRegistry} from "../../src/registry/IdentityRegistry.sol";
import {ITokenFactory} from "../../src/interfaces/ITokenFactory.sol";

/// @dev A payment token that burns 1% of every transfer (fee-on-transfer): the Distributor must refuse it.
contract FeeToken is ERC20 {
    constructor() ERC20("Fee", "FEE") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from != address(0) && to != address(0)) {
            uint256 fee = value / 100;
            super._update(from, address(0), fee);
            value -= fee;
        }
        super._update(from, to, value);
    }
}

/// @dev Unit and fuzz tests of the Distributor: every function, every refusal.
contract DistributorTest is DistributorBase {
    address internal alice2 = makeAddr("alice2"); // alice's second wallet (same identity)

    address[] internal ids;
    uint256[] internal amounts;
    bytes32[] internal tree;

    function setUp() public override {
        super.setUp();
        vm.prank(officer);
        registry.registerInvestor(alice2, identityOf(alice), USA, kycExpiry);
        // Three leaves: alice 100 TUSD, bob 250 TUSD, carol 50 TUSD (net amounts, 6 decimals).
        ids = [identityOf(alice), identityOf(bob), identityOf(carol)];
        amounts = [100e6, 250e6, 50e6];
        tree = _tree(ids, amounts);
    }

    function _id() internal returns (uint256) {
        return _create(tree, 400e6);
    }

    function _claim(address wallet, uint256 id, uint256 i) internal {
        vm.prank(wallet);
        distributor.claim(id, i, ids[i], amounts[i], MerkleTree.proof(tree, i));
    }

    // ------------------------------------------------------------------ constructor and views

    function test_constructor_RevertWhen_FactoryZero() public {
        vm.expectRevert(abi.encodeWithSelector(IDistributor.InvalidFactory.selector, address(0)));
        new Distributor(address(0));
    }

    function test_views_Success_WhenCreated() public {
        assertEq(distributor.tokenFactory(), address(factory));
        assertEq(distributor.distributionCount(), 0);
        assertEq(distributor.remaining(1), 0);
        assertFalse(distributor.isClaimed(1, 0));
        vm.expectRevert(abi.encodeWithSelector(IDistributor.UnknownDistribution.selector, 1));
        distributor.distribution(1);
    }

    // ------------------------------------------------------------------ createDistribution

    function test_createDistribution_Success_WhenFunded() public {
        uint64 recordDate = uint64(block.number - 1);
        uint64 deadline = uint64(block.timestamp + CLAIM_PERIOD);
        bytes32 root = MerkleTree.root(tree);
        uint256 deskBefore = usd.balanceOf(desk);
        vm.expectEmit(address(distributor));
        emit IDistributor.DistributionCreated(
            1, address(token), address(usd), root, 400e6, recordDate, deadline, desk, "ipfs://entitlements"
        );
        uint256 id = _id();
        assertEq(id, 1);
        assertEq(distributor.distributionCount(), 1);
        assertEq(usd.balanceOf(address(distributor)), 400e6);
        assertEq(usd.balanceOf(desk), deskBefore - 400e6);
        assertEq(distributor.remaining(id), 400e6);
        IDistributor.Distribution memory d = distributor.distribution(id);
        assertEq(d.token, address(token));
        assertEq(d.paymentToken, address(usd));
        assertEq(d.identityRegistry, address(registry));
        assertEq(d.creator, desk);
        assertEq(d.root, root);
        assertEq(d.total, 400e6);
        assertEq(d.claimed, 0);
        assertEq(d.reclaimed, 0);
        assertEq(d.recordDate, recordDate);
        assertEq(d.claimDeadline, deadline);
        assertFalse(d.paused);
        assertEq(_id(), 2, "numbered in order");
    }

    function test_createDistribution_RevertWhen_TokenNotThePlatforms() public {
        vm.expectRevert(abi.encodeWithSelector(IDistributor.UntrustedToken.selector, address(usd)));
        vm.prank(desk);
        distributor.createDistribution(address(usd), address(usd), bytes32(uint256(1)), 1, 1, 2e9, "");
        // A Token clone not deployed by the factory is refused too.
        Token stray = Token(address(new Token()));
        vm.expectRevert(abi.encodeWithSelector(IDistributor.UntrustedToken.selector, address(stray)));
        vm.prank(desk);
        distributor.createDistribution(address(stray), address(usd), bytes32(uint256(1)), 1, 1, 2e9, "");
    }

    function test_createDistribution_RevertWhen_CallerLacksRole() public {
        vm.expectRevert(abi.encodeWithSelector(IDistributor.CallerNotCorporateActions.selector, issuer, address(token)));
        vm.prank(issuer); // the issuer is ADMIN, not CORPORATE_ACTIONS
        distributor.createDistribution(address(token), address(usd), bytes32(uint256(1)), 1, 1, 2e9, "");
        // A role with an execution delay does not count.
        vm.prank(issuer);
        manager.grantRole(Roles.CORPORATE_ACTIONS, alice, 1 days);
        vm.expectRevert(abi.encodeWithSelector(IDistributor.CallerNotCorporateActions.selector, alice, address(token)));
        vm.prank(alice);
        distributor.createDistribution(address(token), address(usd), bytes32(uint256(1)), 1, 1, 2e9, "");
        // Another asset's role does not count on this one.
        (Token other,) = _deploy(_otherParams());
        vm.expectRevert(abi.encodeWithSelector(IDistributor.CallerNotCorporateActions.selector, desk, address(other)));
        vm.prank(desk);
        distributor.createDistribution(address(other), address(usd), bytes32(uint256(1)), 1, 1, 2e9, "");
    }

    function test_createDistribution_RevertWhen_BadInput() public {
        bytes32 root = MerkleTree.root(tree);
        uint64 rd = uint64(block.number - 1);
        uint64 dl = uint64(block.timestamp + 1);
        vm.startPrank(desk);
        vm.expectRevert(abi.encodeWithSelector(IDistributor.InvalidPaymentToken.selector, address(0)));
        distributor.createDistribution(address(token), address(0), root, 1, rd, dl, "");
        vm.expectRevert(IDistributor.InvalidRoot.selector);
        distributor.createDistribution(address(token), address(usd), bytes32(0), 1, rd, dl, "");
        vm.expectRevert(abi.encodeWithSelector(IDistributor.InvalidTotal.selector, 0));
        distributor.createDistribution(address(token), address(usd), root, 0, rd, dl, "");
        uint256 tooMuch = uint256(type(uint96).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(IDistributor.InvalidTotal.selector, tooMuch));
        distributor.createDistribution(address(token), address(usd), root, tooMuch, rd, dl, "");
        // A record date in the future, or the current block (not over yet), is refused.
        vm.expectRevert(abi.encodeWithSelector(IDistributor.RecordDateNotPast.selector, block.number, block.number));
        distributor.createDistribution(address(token), address(usd), root, 1, uint64(block.number), dl, "");
        vm.expectRevert(abi.encodeWithSelector(IDistributor.RecordDateNotPast.selector, block.number + 5, block.number));
        distributor.createDistribution(address(token), address(usd), root, 1, uint64(block.number + 5), dl, "");
        // A deadline now or in the past, or beyond 40 bits, is refused.
        vm.expectRevert(
            abi.encodeWithSelector(IDistributor.InvalidClaimDeadline.selector, block.timestamp, block.timestamp)
        );
        distributor.createDistribution(address(token), address(usd), root, 1, rd, uint64(block.timestamp), "");
        vm.expectRevert(
            abi.encodeWithSelector(IDistributor.InvalidClaimDeadline.selector, block.timestamp - 1, block.timestamp)
        );
        distributor.createDistribution(address(token), address(usd), root, 1, rd, uint64(block.timestamp - 1), "");
        uint64 far = uint64(type(uint40).max) + 1;
        vm.expectRevert(abi.encodeWithSelector(IDistributor.InvalidClaimDeadline.selector, far, block.timestamp));
        distributor.createDistribution(address(token), address(usd), root, 1, rd, far, "");
        vm.stopPrank();
        assertEq(distributor.distributionCount(), 0, "nothing written");
        assertEq(usd.balanceOf(address(distributor)), 0);
    }

    function test_createDistribution_RevertWhen_FeeOnTransfer() public {
        FeeToken fee = new FeeToken();
        fee.mint(desk, 1000e6);
        vm.startPrank(desk);
        fee.approve(address(distributor), type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(IDistributor.FundingMismatch.selector, 400e6, 396e6));
        distributor.createDistribution(
            address(token), address(fee), MerkleTree.root(tree), 400e6, 1, uint64(block.timestamp + 1), ""
        );
        vm.stopPrank();
    }

    function test_createDistribution_RevertWhen_NotApprovedOrNotEnough() public {
        vm.prank(desk);
        usd.approve(address(distributor), 399e6);
        vm.expectRevert(
            abi.encodeWithSelector(IERC20Errors.ERC20InsufficientAllowance.selector, address(distributor), 399e6, 400e6)
        );
        _id();
    }

    // ------------------------------------------------------------------ claim

    function test_claim_Success_WhenWalletOfIdentity() public {
        uint256 id = _id();
        bytes32[] memory proof = MerkleTree.proof(tree, 1);
        vm.expectEmit(address(distributor));
        emit IDistributor.Claimed(id, 1, identityOf(bob), bob, 250e6);
        vm.prank(bob);
        distributor.claim(id, 1, identityOf(bob), 250e6, proof);
        assertEq(usd.balanceOf(bob), 250e6);
        assertTrue(distributor.isClaimed(id, 1));
        assertFalse(distributor.isClaimed(id, 0));
        assertEq(distributor.remaining(id), 150e6);
        assertEq(distributor.distribution(id).claimed, 250e6);
        assertEq(usd.balanceOf(address(distributor)), 150e6);
    }

    function test_claim_Success_WhenAnotherWalletOfTheSameIdentity() public {
        uint256 id = _id();
        _claim(alice2, id, 0);
        assertEq(usd.balanceOf(alice2), 100e6);
        assertEq(usd.balanceOf(alice), 0);
        // The entitlement is the identity's: its other wallet cannot take it again.
        vm.expectRevert(abi.encodeWithSelector(IDistributor.AlreadyClaimed.selector, id, 0));
        _claim(alice, id, 0);
    }

    function test_claim_Success_WhenAtTheDeadline() public {
        uint256 id = _id();
        vm.warp(distributor.distribution(id).claimDeadline);
        _claim(carol, id, 2);
        assertEq(usd.balanceOf(carol), 50e6);
    }

    function test_claim_Success_WhenTokenChangesRegistryAfterCreation() public {
        // The registry on record at creation decides who may claim: a later change of the token's registry (where
        // alice is registered with another identity) does not move entitlements.
        uint256 id = _id();
        IdentityRegistry other = new IdentityRegistry(admin);
        vm.prank(admin);
        other.addAgent(officer);
        vm.prank(officer);
        other.registerInvestor(alice, identityOf(bob), USA, kycExpiry);
        vm.prank(issuer);
        token.setIdentityRegistry(address(other));
        assertEq(distributor.distribution(id).identityRegistry, address(registry));
        _claim(alice, id, 0);
        assertEq(usd.balanceOf(alice), 100e6);
        vm.expectRevert(
            abi.encodeWithSelector(IDistributor.WalletNotOfIdentity.selector, alice, identityOf(bob), identityOf(alice))
        );
        vm.prank(alice);
        distributor.claim(id, 1, identityOf(bob), 250e6, MerkleTree.proof(tree, 1));
    }

    function test_claim_RevertWhen_ProofOfAnotherInvestor() public {
        uint256 id = _id();
        bytes32[] memory proof = MerkleTree.proof(tree, 1);
        vm.expectRevert(
            abi.encodeWithSelector(IDistributor.WalletNotOfIdentity.selector, alice, identityOf(bob), identityOf(alice))
        );
        vm.prank(alice);
        distributor.claim(id, 1, identityOf(bob), 250e6, proof);
        // Unregistered wallets are refused too.
        vm.expectRevert(abi.encodeWithSelector(IDistributor.WalletNotOfIdentity.selector, dave, identityOf(bob), 0));
        vm.prank(dave);
        distributor.claim(id, 1, identityOf(bob), 250e6, proof);
        assertFalse(distributor.isClaimed(id, 1));
    }

    function test_claim_RevertWhen_LeafHasNoIdentity() public {
        // A leaf for identity zero must not be claimable by every unregistered wallet.
        address[] memory i2 = new address[](2);
        uint256[] memory a2 = new uint256[](2);
        i2[0] = address(0);
        i2[1] = identityOf(bob);
        a2[0] = 10e6;
        a2[1] = 10e6;
        bytes32[] memory t = _tree(i2, a2);
        uint256 id = _create(t, 20e6);
        bytes32[] memory proof = MerkleTree.proof(t, 0);
        vm.expectRevert(abi.encodeWithSelector(IDistributor.WalletNotOfIdentity.selector, dave, address(0), 0));
        vm.prank(dave);
        distributor.claim(id, 0, address(0), 10e6, proof);
    }

    function test_claim_RevertWhen_LeafAltered() public {
        uint256 id = _id();
        bytes32[] memory proof = MerkleTree.proof(tree, 0);
        vm.startPrank(alice);
        vm.expectRevert(abi.encodeWithSelector(IDistributor.InvalidProof.selector, id, 0, identityOf(alice), 100e6 + 1));
        distributor.claim(id, 0, identityOf(alice), 100e6 + 1, proof);
        vm.expectRevert(abi.encodeWithSelector(IDistributor.InvalidProof.selector, id, 1, identityOf(alice), 100e6));
        distributor.claim(id, 1, identityOf(alice), 100e6, proof);
        vm.expectRevert(abi.encodeWithSelector(IDistributor.InvalidProof.selector, id, 0, identityOf(alice), 100e6));
        distributor.claim(id, 0, identityOf(alice), 100e6, new bytes32[](0));
        vm.stopPrank();
    }

    function test_claim_RevertWhen_ClaimedTwice() public {
        uint256 id = _id();
        _claim(alice, id, 0);
        vm.expectRevert(abi.encodeWithSelector(IDistributor.AlreadyClaimed.selector, id, 0));
        _claim(alice, id, 0);
        assertEq(usd.balanceOf(alice), 100e6);
    }

    function test_claim_RevertWhen_AfterTheDeadline() public {
        uint256 id = _id();
        uint256 deadline = distributor.distribution(id).claimDeadline;
        vm.warp(deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IDistributor.ClaimPeriodOver.selector, id, deadline));
        _claim(alice, id, 0);
    }

    function test_claim_RevertWhen_Paused() public {
        uint256 id = _id();
        vm.prank(desk);
        distributor.pause(id);
        vm.expectRevert(abi.encodeWithSelector(IDistributor.ClaimsPaused.selector, id));
        _claim(alice, id, 0);
        vm.prank(desk);
        distributor.unpause(id);
        _claim(alice, id, 0);
        assertEq(usd.balanceOf(alice), 100e6);
    }

    function test_claim_RevertWhen_UnknownDistribution() public {
        vm.expectRevert(abi.encodeWithSelector(IDistributor.UnknownDistribution.selector, 7));
        vm.prank(alice);
        distributor.claim(7, 0, identityOf(alice), 1, new bytes32[](0));
    }

    function test_claim_RevertWhen_LeavesExceedFunding() public {
        // Another distribution's money sits in the Distributor; an underfunded root cannot reach it.
        uint256 other = _create(tree, 400e6);
        uint256 id = _create(tree, 300e6); // leaves add up to 400
        _claim(bob, id, 1);
        _claim(carol, id, 2);
        vm.expectRevert(abi.encodeWithSelector(IDistributor.ExceedsRemaining.selector, id, 100e6, 0));
        _claim(alice, id, 0);
        assertEq(distributor.remaining(other), 400e6);
        assertEq(usd.balanceOf(address(distributor)), 400e6);
    }

    function test_claim_RevertWhen_Reclaimed() public {
        uint256 id = _id();
        uint256 deadline = distributor.distribution(id).claimDeadline;
        vm.warp(deadline + 1);
        vm.prank(desk);
        distributor.reclaim(id);
        vm.expectRevert(abi.encodeWithSelector(IDistributor.ClaimPeriodOver.selector, id, deadline));
        _claim(alice, id, 0);
    }

    // ------------------------------------------------------------------ pushBatch

    function _batch(uint256[] memory idx, address[] memory wallets)
        internal
        returns (uint256[] memory, address[] memory, uint256[] memory, address[] memory, bytes32[][] memory)
    {
        address[] memory bIds = new address[](idx.length);
        uint256[] memory bAmounts = new uint256[](idx.length);
        bytes32[][] memory proofs = new bytes32[][](idx.length);
        for (uint256 k; k < idx.length; ++k) {
            bIds[k] = ids[idx[k]];
            bAmounts[k] = amounts[idx[k]];
            proofs[k] = MerkleTree.proof(tree, idx[k]);
        }
        return (idx, bIds, bAmounts, wallets, proofs);
    }

    function _push(address caller, uint256 id, uint256[] memory idx, address[] memory wallets)
        internal
        returns (uint256 paid)
    {
        (uint256[] memory i, address[] memory b, uint256[] memory a, address[] memory w, bytes32[][] memory p) =
            _batch(idx, wallets);
        vm.prank(caller);
        paid = distributor.pushBatch(id, i, b, a, w, p);
    }

    function test_pushBatch_Success_WhenEveryLeafPaid() public {
        uint256 id = _id();
        uint256[] memory idx = new uint256[](3);
        address[] memory wallets = new address[](3);
        (idx[0], idx[1], idx[2]) = (0, 1, 2);
        (wallets[0], wallets[1], wallets[2]) = (alice2, bob, carol);
        vm.expectEmit(address(distributor));
        emit IDistributor.Claimed(id, 0, identityOf(alice), alice2, 100e6);
        vm.expectEmit(address(distributor));
        emit IDistributor.Claimed(id, 1, identityOf(bob), bob, 250e6);
        vm.expectEmit(address(distributor));
        emit IDistributor.Claimed(id, 2, identityOf(carol), carol, 50e6);
        assertEq(_push(desk, id, idx, wallets), 400e6);
        assertEq(usd.balanceOf(alice2), 100e6);
        assertEq(usd.balanceOf(bob), 250e6);
        assertEq(usd.balanceOf(carol), 50e6);
        assertEq(distributor.remaining(id), 0);
        assertEq(usd.balanceOf(address(distributor)), 0);
    }

    function test_pushBatch_Success_WhenSomeLeavesClaimedSkipsThem() public {
        uint256 id = _id();
        _claim(bob, id, 1);
        uint256[] memory idx = new uint256[](4);
        address[] memory wallets = new address[](4);
        (idx[0], idx[1], idx[2], idx[3]) = (0, 1, 2, 0); // bob's leaf claimed already; alice's twice in the batch
        (wallets[0], wallets[1], wallets[2], wallets[3]) = (alice, bob, carol, alice);
        vm.recordLogs();
        assertEq(_push(desk, id, idx, wallets), 150e6);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        uint256 claimedEvents;
        for (uint256 k; k < logs.length; ++k) {
            if (logs[k].emitter == address(distributor) && logs[k].topics[0] == IDistributor.Claimed.selector) {
                ++claimedEvents;
            }
        }
        assertEq(claimedEvents, 2, "one event per leaf paid");
        assertEq(usd.balanceOf(alice), 100e6);
        assertEq(usd.balanceOf(bob), 250e6);
        assertEq(usd.balanceOf(carol), 50e6);
        assertEq(distributor.remaining(id), 0);
    }

    function test_pushBatch_RevertWhen_CallerLacksRole() public {
        uint256 id = _id();
        uint256[] memory idx = new uint256[](1);
        address[] memory wallets = new address[](1);
        wallets[0] = alice;
        vm.expectRevert(abi.encodeWithSelector(IDistributor.CallerNotCorporateActions.selector, alice, address(token)));
        _push(alice, id, idx, wallets);
    }

    function test_pushBatch_RevertWhen_LengthsDiffer() public {
        uint256 id = _id();
        uint256[] memory one = new uint256[](1);
        address[] memory a1 = new address[](1);
        address[] memory a0 = new address[](0);
        uint256[] memory u0 = new uint256[](0);
        bytes32[][] memory p1 = new bytes32[][](1);
        bytes32[][] memory p0 = new bytes32[][](0);
        vm.startPrank(desk);
        vm.expectRevert(abi.encodeWithSelector(IDistributor.BatchLengthMismatch.selector, 1, 0));
        distributor.pushBatch(id, one, a0, one, a1, p1);
        vm.expectRevert(abi.encodeWithSelector(IDistributor.BatchLengthMismatch.selector, 1, 0));
        distributor.pushBatch(id, one, a1, u0, a1, p1);
        vm.expectRevert(abi.encodeWithSelector(IDistributor.BatchLengthMismatch.selector, 1, 0));
        distributor.pushBatch(id, one, a1, one, a0, p1);
        vm.expectRevert(abi.encodeWithSelector(IDistributor.BatchLengthMismatch.selector, 1, 0));
        distributor.pushBatch(id, one, a1, one, a1, p0);
        vm.stopPrank();
    }

    function test_pushBatch_RevertWhen_WalletNotOfIdentityOrBadProof() public {
        uint256 id = _id();
        uint256[] memory idx = new uint256[](2);
        address[] memory wallets = new address[](2);
        (idx[0], idx[1]) = (0, 1);
        (wallets[0], wallets[1]) = (alice, carol); // carol is not bob
        vm.expectRevert(
            abi.encodeWithSelector(IDistributor.WalletNotOfIdentity.selector, carol, identityOf(bob), identityOf(carol))
        );
        _push(desk, id, idx, wallets);
        assertEq(usd.balanceOf(alice), 0, "all or nothing");
        assertFalse(distributor.isClaimed(id, 0));

        (uint256[] memory i, address[] memory b, uint256[] memory a, address[] memory w, bytes32[][] memory p) =
            _batch(idx, wallets);
        a[0] += 1;
        vm.expectRevert(abi.encodeWithSelector(IDistributor.InvalidProof.selector, id, 0, identityOf(alice), 100e6 + 1));
        vm.prank(desk);
        distributor.pushBatch(id, i, b, a, w, p);
    }

    function test_pushBatch_RevertWhen_PausedOrOverOrUnknown() public {
        uint256 id = _id();
        uint256[] memory idx = new uint256[](1);
        address[] memory wallets = new address[](1);
        wallets[0] = alice;
        vm.prank(desk);
        distributor.pause(id);
        vm.expectRevert(abi.encodeWithSelector(IDistributor.ClaimsPaused.selector, id));
        _push(desk, id, idx, wallets);
        vm.prank(desk);
        distributor.unpause(id);
        uint256 deadline = distributor.distribution(id).claimDeadline;
        vm.warp(deadline + 1);
        vm.expectRevert(abi.encodeWithSelector(IDistributor.ClaimPeriodOver.selector, id, deadline));
        _push(desk, id, idx, wallets);
        vm.expectRevert(abi.encodeWithSelector(IDistributor.UnknownDistribution.selector, 9));
        _push(desk, 9, idx, wallets);
    }

    function test_pushBatch_RevertWhen_LeavesExceedFunding() public {
        uint256 id = _create(tree, 349e6);
        uint256[] memory idx = new uint256[](2);
        address[] memory wallets = new address[](2);
        (idx[0], idx[1]) = (0, 1);
        (wallets[0], wallets[1]) = (alice, bob);
        vm.expectRevert(abi.encodeWithSelector(IDistributor.ExceedsRemaining.selector, id, 250e6, 249e6));
        _push(desk, id, idx, wallets);
    }

    // ------------------------------------------------------------------ reclaim

    function test_reclaim_Success_WhenAfterTheDeadline() public {
        uint256 id = _id();
        _claim(alice, id, 0);
        vm.warp(block.timestamp + CLAIM_PERIOD + 1);
        uint256 deskBefore = usd.balanceOf(desk);
        vm.expectEmit(address(distributor));
        emit IDistributor.Reclaimed(id, desk, 300e6);
        vm.prank(desk);
        assertEq(distributor.reclaim(id), 300e6);
        assertEq(usd.balanceOf(desk), deskBefore + 300e6);
        assertEq(distributor.remaining(id), 0);
        IDistributor.Distribution memory d = distributor.distribution(id);
        assertEq(d.claimed, 100e6);
        assertEq(d.reclaimed, 300e6);
        assertEq(usd.balanceOf(address(distributor)), 0);
    }

    function test_reclaim_Success_WhenCreatorLostTheRoleOrAnotherDeskMember() public {
        uint256 a = _id();
        uint256 b = _id();
        vm.warp(block.timestamp + CLAIM_PERIOD + 1);
        vm.prank(issuer);
        manager.revokeRole(Roles.CORPORATE_ACTIONS, desk);
        vm.prank(desk);
        assertEq(distributor.reclaim(a), 400e6, "the creator takes back what it funded");
        vm.prank(issuer);
        manager.grantRole(Roles.CORPORATE_ACTIONS, officer, 0);
        vm.prank(officer);
        assertEq(distributor.reclaim(b), 400e6, "another corporate-actions member, paid to itself");
        assertEq(usd.balanceOf(officer), 400e6);
    }

    function test_reclaim_Success_WhenNothingLeft() public {
        uint256 id = _create(tree, 100e6);
        _claim(alice, id, 0);
        vm.warp(block.timestamp + CLAIM_PERIOD + 1);
        vm.expectEmit(address(distributor));
        emit IDistributor.Reclaimed(id, desk, 0);
        vm.prank(desk);
        assertEq(distributor.reclaim(id), 0);
    }

    function test_reclaim_RevertWhen_BeforeOrAtTheDeadline() public {
        uint256 id = _id();
        uint256 deadline = distributor.distribution(id).claimDeadline;
        vm.warp(deadline);
        vm.expectRevert(abi.encodeWithSelector(IDistributor.ClaimPeriodNotOver.selector, id, deadline));
        vm.prank(desk);
        distributor.reclaim(id);
    }

    function test_reclaim_RevertWhen_CallerLacksRoleOrTwiceOrUnknown() public {
        uint256 id = _id();
        vm.warp(block.timestamp + CLAIM_PERIOD + 1);
        vm.expectRevert(abi.encodeWithSelector(IDistributor.CallerNotCorporateActions.selector, alice, address(token)));
        vm.prank(alice);
        distributor.reclaim(id);
        vm.prank(desk);
        distributor.reclaim(id);
        vm.expectRevert(abi.encodeWithSelector(IDistributor.AlreadyReclaimed.selector, id));
        vm.prank(desk);
        distributor.reclaim(id);
        vm.expectRevert(abi.encodeWithSelector(IDistributor.UnknownDistribution.selector, 5));
        vm.prank(desk);
        distributor.reclaim(5);
    }

    // ------------------------------------------------------------------ pause / unpause

    function test_pause_Success_WhenDesk() public {
        uint256 id = _id();
        vm.expectEmit(address(distributor));
        emit IDistributor.DistributionPaused(id, desk);
        vm.prank(desk);
        distributor.pause(id);
        assertTrue(distributor.distribution(id).paused);
        vm.expectEmit(address(distributor));
        emit IDistributor.DistributionUnpaused(id, desk);
        vm.prank(desk);
        distributor.unpause(id);
        assertFalse(distributor.distribution(id).paused);
    }

    function test_pause_RevertWhen_CallerLacksRoleOrUnknown() public {
        uint256 id = _id();
        vm.expectRevert(abi.encodeWithSelector(IDistributor.CallerNotCorporateActions.selector, alice, address(token)));
        vm.prank(alice);
        distributor.pause(id);
        vm.expectRevert(abi.encodeWithSelector(IDistributor.CallerNotCorporateActions.selector, alice, address(token)));
        vm.prank(alice);
        distributor.unpause(id);
        vm.expectRevert(abi.encodeWithSelector(IDistributor.UnknownDistribution.selector, 3));
        vm.prank(desk);
        distributor.pause(3);
    }

    function test_pause_Success_WhenPausedThenReclaimedAfterTheDeadline() public {
        uint256 id = _id();
        vm.prank(desk);
        distributor.pause(id);
        vm.warp(block.timestamp + CLAIM_PERIOD + 1);
        vm.prank(desk);
        assertEq(distributor.reclaim(id), 400e6);
    }

    // ------------------------------------------------------------------ fuzz

    /// @dev Random trees of 1..64 leaves over random identities and amounts: every leaf pays exactly once with its
    /// proof, to a wallet of its identity, and the distribution ends empty.
    function testFuzz_claim_Success_WhenEveryLeafOfARandomTree(uint256 seed, uint8 size) public {
        uint256 n = bound(size, 1, 64);
        address[] memory wallets = new address[](n);
        address[] memory idsN = new address[](n);
        uint256[] memory amountsN = new uint256[](n);
        uint256 total;
        for (uint256 i; i < n; ++i) {
            wallets[i] = address(uint160(uint256(keccak256(abi.encode(seed, "wallet", i)))));
            idsN[i] = address(uint160(uint256(keccak256(abi.encode(seed, "identity", i)))));
            amountsN[i] = bound(uint256(keccak256(abi.encode(seed, "amount", i))), 1, 1e12);
            total += amountsN[i];
            vm.prank(officer);
            registry.registerInvestor(wallets[i], idsN[i], USA, kycExpiry);
        }
        bytes32[] memory t = _tree(idsN, amountsN);
        uint256 id = _create(t, total);
        for (uint256 k; k < n; ++k) {
            uint256 i = (k * 7 + seed % n) % n; // a seed-dependent order
            if (distributor.isClaimed(id, i)) continue;
            bytes32[] memory proof = MerkleTree.proof(t, i);
            vm.prank(wallets[i]);
            distributor.claim(id, i, idsN[i], amountsN[i], proof);
            assertEq(usd.balanceOf(wallets[i]), amountsN[i]);
            vm.expectRevert(abi.encodeWithSelector(IDistributor.AlreadyClaimed.selector, id, i));
            vm.prank(wallets[i]);
            distributor.claim(id, i, idsN[i], amountsN[i], proof);
        }
        for (uint256 i; i < n; ++i) {
            if (!distributor.isClaimed(id, i)) {
                vm.prank(wallets[i]);
                distributor.claim(id, i, idsN[i], amountsN[i], MerkleTree.proof(t, i));
            }
        }
        assertEq(distributor.remaining(id), 0);
        assertEq(usd.balanceOf(address(distributor)), 0);
    }

    /// @dev A leaf altered in any field, or a proof altered in any element, never verifies.
    function testFuzz_claim_RevertWhen_LeafOrProofAltered(uint8 which, uint256 delta, uint8 element) public {
        uint256 id = _id();
        delta = bound(delta, 1, type(uint128).max);
        bytes32[] memory proof = MerkleTree.proof(tree, 0);
        uint256 index;
        address identity = identityOf(alice);
        uint256 amount = 100e6;
        uint256 w = which % 3;
        if (w == 0) index += delta;
        else if (w == 1) amount += delta;
        else proof[element % proof.length] ^= bytes32(delta);
        vm.expectRevert(abi.encodeWithSelector(IDistributor.InvalidProof.selector, id, index, identity, amount));
        vm.prank(alice);
        distributor.claim(id, index, identity, amount, proof);
    }

    /// @dev Whatever the funding of a root, claims stop at it: paid never exceeds funded, other money is untouched.
    function testFuzz_claim_Success_WhenUnderfundedStopsAtFunding(uint256 funded) public {
        funded = bound(funded, 1, 400e6);
        uint256 other = _create(tree, 400e6);
        uint256 id = _create(tree, funded);
        uint256 paid;
        address[3] memory wallets = [alice, bob, carol];
        for (uint256 i; i < 3; ++i) {
            vm.prank(wallets[i]);
            try distributor.claim(id, i, ids[i], amounts[i], MerkleTree.proof(tree, i)) {
                paid += amounts[i];
            } catch {}
        }
        assertLe(paid, funded);
        assertEq(distributor.remaining(id), funded - paid);
        assertEq(distributor.remaining(other), 400e6);
        assertEq(usd.balanceOf(address(distributor)), 400e6 + funded - paid);
    }

    // ------------------------------------------------------------------ helpers

    function _otherParams() internal pure returns (ITokenFactory.AssetParams memory p) {
        p.name = "Other";
        p.symbol = "OTH";
        p.decimals = 18;
    }
}
