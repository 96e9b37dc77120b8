// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {DistributorBase} from "./DistributorBase.sol";
import {MerkleTree} from "./MerkleTree.sol";

// To regenerate (from packages/sdk, where the library is installed), run with node a module containing:
//   import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
//   const t = StandardMerkleTree.of(VALUES, ["uint256", "address", "uint256"]);  // VALUES as in `_values` below
//   console.log(t.root); for (const [i, v] of t.entries()) console.log(i, t.leafHash(v), t.getProof(i));

/// @dev Cross-language vectors: a root, leaf hashes and proofs produced by `@openzeppelin/merkle-tree` 1.0.8
/// (`StandardMerkleTree.of(values, ["uint256", "address", "uint256"])`, the off-chain side's library), checked
/// against the Distributor and against the Solidity tree builder of these tests. The same values and root are asserted
/// in packages/sdk/test/distribution-leaf.test.ts, which also claims on anvil with a proof from the JS tree; if the
/// library changes its hashing, both fail.
contract DistributorOzVectorsTest is DistributorBase {
    bytes32 internal constant OZ_ROOT = 0xe7a31ef3e866cca301a986705461f871e5c664020c514fdb2a04045d0771a348;

    function _values() internal pure returns (address[] memory ids, uint256[] memory amounts) {
        ids = new address[](5);
        amounts = new uint256[](5);
        (ids[0], amounts[0]) = (address(0xA1), 100_000_000);
        (ids[1], amounts[1]) = (address(0xb2), 250_000_000);
        (ids[2], amounts[2]) = (address(0xC3), 50_000_000);
        (ids[3], amounts[3]) = (address(0xd4), 1);
        (ids[4], amounts[4]) = (address(0xE5), 123456789012345678901234567890);
    }

    function _ozLeafHashes() internal pure returns (bytes32[5] memory) {
        return [
            bytes32(0x20225c484300886825c06b767f95dbf51ad3e3074aa6ae78f50471a1e15ac99d),
            0x7965c66ed21f33d85609c0adcd3aa79abceb2e5c92357cb4e81aa8a002be92c7,
            0x119fd13265eb6187de59040ad5ad5aa0ab82aaaadb6eea897691c007d62385e5,
            0x516f0b6a2a0f3a2214d1c16225e0a8929edef959997b8dd700ed2618bab01d0a,
            0xc30c6483e9e36b58a55afdabbfe7e75c9808029ac4f480fc30935f3166528aaf
        ];
    }

    /// @dev The JS library's proofs of values 0..3 (`getProof(i)`).
    function _ozProof(uint256 i) internal pure returns (bytes32[] memory p) {
        if (i == 0 || i == 2) {
            p = new bytes32[](3);
            p[0] = i == 0
                ? bytes32(0x119fd13265eb6187de59040ad5ad5aa0ab82aaaadb6eea897691c007d62385e5)
                : bytes32(0x20225c484300886825c06b767f95dbf51ad3e3074aa6ae78f50471a1e15ac99d);
            p[1] = 0xc30c6483e9e36b58a55afdabbfe7e75c9808029ac4f480fc30935f3166528aaf;
            p[2] = 0x76e1c65a80529d86c38f382a9ae25106aef1319d107768d2f20dd7ec1344c0a8;
        } else {
            p = new bytes32[](2);
            p[0] = i == 1
                ? bytes32(0x516f0b6a2a0f3a2214d1c16225e0a8929edef959997b8dd700ed2618bab01d0a)
                : bytes32(0x7965c66ed21f33d85609c0adcd3aa79abceb2e5c92357cb4e81aa8a002be92c7);
            p[1] = 0x2aee06157ccabcbe522fb7d7d47a2e68d173e390285669e4f0fa8d4ec71abe23;
        }
    }

    function test_leaf_Success_WhenEqualToOpenZeppelinJs() public pure {
        (address[] memory ids, uint256[] memory amounts) = _values();
        bytes32[5] memory oz = _ozLeafHashes();
        bytes32[] memory leaves = new bytes32[](5);
        for (uint256 i; i < 5; ++i) {
            leaves[i] = MerkleTree.leaf(i, ids[i], amounts[i]);
            assertEq(leaves[i], oz[i]);
        }
        // This tests' builder, given the leaves in the library's order (sorted by hash), makes the library's root.
        assertEq(MerkleTree.root(MerkleTree.build(MerkleTree.sortedByHash(leaves))), OZ_ROOT);
    }

    function test_claim_Success_WhenProofFromOpenZeppelinJs() public {
        (address[] memory ids, uint256[] memory amounts) = _values();
        vm.prank(desk);
        uint256 id = distributor.createDistribution(
            address(token),
            address(usd),
            OZ_ROOT,
            400_000_001, // values 0..3; value 4 is larger than any funding and stays unclaimed
            uint64(block.number - 1),
            uint64(block.timestamp + CLAIM_PERIOD),
            ""
        );
        for (uint256 i; i < 4; ++i) {
            address wallet = makeAddr(string.concat("vector", vm.toString(i)));
            vm.prank(officer);
            registry.registerInvestor(wallet, ids[i], USA, kycExpiry);
            vm.prank(wallet);
            distributor.claim(id, i, ids[i], amounts[i], _ozProof(i));
            assertEq(usd.balanceOf(wallet), amounts[i]);
        }
        assertEq(distributor.remaining(id), 0);
    }
}
