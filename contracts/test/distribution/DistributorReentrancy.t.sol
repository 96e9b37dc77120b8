// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {DistributorBase} from "./DistributorBase.sol";
import {MerkleTree} from "./MerkleTree.sol";

/// @dev A payment token that calls back into the Distributor once, from inside a transfer (as an ERC-777-style hook
/// could): `data` is the call, made by the token contract itself; its outcome is recorded.
contract CallbackToken is ERC20 {
    address public target;
    bytes public data;
    bool public called;
    bool public succeeded;
    bytes public returned;

    constructor() ERC20("Callback", "CB") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function arm(address target_, bytes calldata data_) external {
        target = target_;
        data = data_;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (target != address(0) && !called && (from == target || to == target)) {
            called = true;
            (succeeded, returned) = target.call(data);
        }
    }
}

/// @dev The Distributor's accounts stay exact when a payment token calls back into it mid-transfer.
contract DistributorReentrancyTest is DistributorBase {
    CallbackToken internal cb;

    function setUp() public override {
        super.setUp();
        cb = new CallbackToken();
        cb.mint(desk, 1_000_000e6);
        vm.prank(desk);
        cb.approve(address(distributor), type(uint256).max);
    }

    function test_pushBatch_Success_WhenPaymentTokenReentersWithAClaim() public {
        // The token contract is itself a registered wallet of identity X, owed leaf 1.
        address x = address(0xA11CE);
        vm.prank(officer);
        registry.registerInvestor(address(cb), x, USA, kycExpiry);
        address[] memory ids = new address[](2);
        uint256[] memory amounts = new uint256[](2);
        (ids[0], amounts[0]) = (identityOf(bob), 100e6);
        (ids[1], amounts[1]) = (x, 50e6);
        bytes32[] memory tree = _tree(ids, amounts);
        vm.prank(desk);
        uint256 id = distributor.createDistribution(
            address(token), address(cb), MerkleTree.root(tree), 150e6, uint64(block.number - 1), 2e9, ""
        );

        // While the push pays bob, the token claims leaf 1 from inside the transfer.
        cb.arm(address(distributor), abi.encodeCall(distributor.claim, (id, 1, x, 50e6, MerkleTree.proof(tree, 1))));
        uint256[] memory idx = new uint256[](1);
        address[] memory bIds = new address[](1);
        uint256[] memory bAmounts = new uint256[](1);
        address[] memory wallets = new address[](1);
        bytes32[][] memory proofs = new bytes32[][](1);
        (idx[0], bIds[0], bAmounts[0], wallets[0], proofs[0]) = (0, ids[0], 100e6, bob, MerkleTree.proof(tree, 0));
        vm.prank(desk);
        distributor.pushBatch(id, idx, bIds, bAmounts, wallets, proofs);

        assertTrue(cb.succeeded(), "the nested claim went through");
        assertEq(cb.balanceOf(bob), 100e6);
        assertEq(cb.balanceOf(address(cb)), 50e6);
        assertEq(distributor.remaining(id), 0, "both payments counted");
        assertEq(distributor.distribution(id).claimed, 150e6);
        assertEq(cb.balanceOf(address(distributor)), 0);
    }

    function test_claim_RevertWhen_PaymentTokenReentersTheSameLeaf() public {
        address x = address(0xA11CE);
        vm.prank(officer);
        registry.registerInvestor(address(cb), x, USA, kycExpiry);
        address[] memory ids = new address[](1);
        uint256[] memory amounts = new uint256[](1);
        (ids[0], amounts[0]) = (x, 50e6);
        bytes32[] memory tree = _tree(ids, amounts);
        vm.prank(desk);
        uint256 id = distributor.createDistribution(
            address(token), address(cb), MerkleTree.root(tree), 100e6, uint64(block.number - 1), 2e9, ""
        );
        bytes memory call = abi.encodeCall(distributor.claim, (id, 0, x, 50e6, MerkleTree.proof(tree, 0)));
        cb.arm(address(distributor), call);
        vm.prank(address(cb));
        (bool ok,) = address(distributor).call(call);
        assertTrue(ok, "the outer claim pays");
        assertFalse(cb.succeeded(), "the same leaf from inside the payment is refused");
        assertEq(bytes4(cb.returned()), bytes4(keccak256("AlreadyClaimed(uint256,uint256)")));
        assertEq(cb.balanceOf(address(cb)), 50e6);
        assertEq(distributor.remaining(id), 50e6);
    }

    function test_createDistribution_RevertWhen_PaymentTokenReenters() public {
        bytes memory inner = abi.encodeCall(
            distributor.createDistribution,
            (address(token), address(cb), bytes32(uint256(1)), 1, uint64(block.number - 1), 2e9, "")
        );
        cb.arm(address(distributor), inner);
        vm.prank(desk);
        uint256 id = distributor.createDistribution(
            address(token), address(cb), bytes32(uint256(2)), 10e6, uint64(block.number - 1), 2e9, ""
        );
        assertTrue(cb.called());
        assertFalse(cb.succeeded());
        assertEq(bytes4(cb.returned()), ReentrancyGuardTransient.ReentrancyGuardReentrantCall.selector);
        assertEq(id, 1);
        assertEq(distributor.distributionCount(), 1);
        assertEq(distributor.remaining(id), 10e6);
    }
}
