// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAccessManager} from "@openzeppelin/contracts/access/manager/IAccessManager.sol";
import {Fixture} from "../utils/Fixture.sol";
import {Distributor} from "../../src/distribution/Distributor.sol";
import {TestUSD} from "../../src/payment/TestUSD.sol";
import {Roles} from "../../src/libraries/Roles.sol";
import {MerkleTree} from "./MerkleTree.sol";

/// @dev The platform (Fixture), the Distributor, TestUSD as payment token, and a corporate-actions desk (`desk`, role
/// CORPORATE_ACTIONS on the demo asset) holding 1,000,000,000 TUSD approved to the Distributor.
abstract contract DistributorBase is Fixture {
    Distributor internal distributor;
    TestUSD internal usd;
    IAccessManager internal manager;
    address internal desk = makeAddr("desk");

    uint64 internal constant CLAIM_PERIOD = 90 days;

    function setUp() public virtual override {
        super.setUp();
        distributor = new Distributor(address(factory));
        usd = new TestUSD(issuer);
        manager = IAccessManager(token.authority());
        vm.prank(issuer);
        manager.grantRole(Roles.CORPORATE_ACTIONS, desk, 0);
        vm.prank(issuer);
        usd.mint(desk, 1_000_000_000e6);
        vm.prank(desk);
        usd.approve(address(distributor), type(uint256).max);
        vm.roll(100);
    }

    /// @dev Leaves for `identities` and `amounts` in order (leaf i has index i), and their tree.
    function _tree(address[] memory identities, uint256[] memory amounts)
        internal
        pure
        returns (bytes32[] memory tree)
    {
        bytes32[] memory leaves = new bytes32[](identities.length);
        for (uint256 i; i < identities.length; ++i) {
            leaves[i] = MerkleTree.leaf(i, identities[i], amounts[i]);
        }
        tree = MerkleTree.build(leaves);
    }

    /// @dev Creates a distribution of `total` over `tree` from the desk: record date the previous block, deadline
    /// CLAIM_PERIOD from now.
    function _create(bytes32[] memory tree, uint256 total) internal returns (uint256 id) {
        vm.prank(desk);
        id = distributor.createDistribution(
            address(token),
            address(usd),
            MerkleTree.root(tree),
            total,
            uint64(block.number - 1),
            uint64(block.timestamp + CLAIM_PERIOD),
            "ipfs://entitlements"
        );
    }
}
