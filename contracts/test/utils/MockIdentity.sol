// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @dev The ERC-734 key check of an ONCHAINID identity, for tests: `addKey` records a (key, purpose) pair.
contract MockIdentity {
    mapping(bytes32 key => mapping(uint256 purpose => bool)) private _keys;

    function addKey(bytes32 key, uint256 purpose) external {
        _keys[key][purpose] = true;
    }

    function keyHasPurpose(bytes32 key, uint256 purpose) external view returns (bool) {
        return _keys[key][purpose];
    }
}
