// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Hashes} from "@openzeppelin/contracts/utils/cryptography/Hashes.sol";

/// @title MerkleTree
/// @notice Tests only: OpenZeppelin's StandardMerkleTree (`@openzeppelin/merkle-tree`) built in Solidity, for the
/// Distributor's leaves (uint256 index, address identity, uint256 amount).
/// @dev The same layout as the JS library's `makeMerkleTree`: a complete binary tree in an array of 2n - 1 nodes,
/// leaf i at position 2n - 2 - i, node k = commutative keccak of nodes 2k + 1 and 2k + 2, root at 0. The JS library
/// also sorts the leaves by hash (its default `sortLeaves: true`); `build` keeps the given order, so a tree built here
/// equals the JS one when the leaves are passed sorted (`sortedByHash`). Any order verifies with `MerkleProof`.
library MerkleTree {
    /// @notice The Distributor's leaf: `keccak256(bytes.concat(keccak256(abi.encode(index, identity, amount))))`.
    function leaf(uint256 index, address identity, uint256 amount) internal pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(index, identity, amount))));
    }

    /// @notice The tree over `leaves` (at least one), in the JS library's array layout.
    function build(bytes32[] memory leaves) internal pure returns (bytes32[] memory tree) {
        uint256 n = leaves.length;
        require(n > 0, "MerkleTree: no leaves");
        tree = new bytes32[](2 * n - 1);
        for (uint256 i; i < n; ++i) {
            tree[tree.length - 1 - i] = leaves[i];
        }
        for (uint256 k = n - 1; k > 0; --k) {
            uint256 j = k - 1;
            tree[j] = Hashes.commutativeKeccak256(tree[2 * j + 1], tree[2 * j + 2]);
        }
    }

    /// @notice The root of `tree`.
    function root(bytes32[] memory tree) internal pure returns (bytes32) {
        return tree[0];
    }

    /// @notice The proof of the `i`-th leaf (in `build`'s input order) of `tree`.
    function proof(bytes32[] memory tree, uint256 i) internal pure returns (bytes32[] memory p) {
        uint256 n = (tree.length + 1) / 2;
        require(i < n, "MerkleTree: no such leaf");
        uint256 k = tree.length - 1 - i;
        uint256 len;
        for (uint256 j = k; j > 0; j = (j - 1) / 2) {
            ++len;
        }
        p = new bytes32[](len);
        for (uint256 m; k > 0; ++m) {
            p[m] = tree[k % 2 == 1 ? k + 1 : k - 1];
            k = (k - 1) / 2;
        }
    }

    /// @notice `leaves` sorted ascending as unsigned integers (the JS library's `sortLeaves` order), in place.
    function sortedByHash(bytes32[] memory leaves) internal pure returns (bytes32[] memory) {
        for (uint256 i = 1; i < leaves.length; ++i) {
            bytes32 x = leaves[i];
            uint256 j = i;
            while (j > 0 && uint256(leaves[j - 1]) > uint256(x)) {
                leaves[j] = leaves[j - 1];
                --j;
            }
            leaves[j] = x;
        }
        return leaves;
    }
}
