// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @dev ONCHAINID's Identity and ClaimIssuer (ERC-734 keys, ERC-735 claims), through the calls the tests make. Their
/// sources pin solc 0.8.17, so tests deploy the compiled artifacts of the npm package ({OnchainIdArtifacts}).
interface IOnchainIdentity {
    function addClaim(
        uint256 topic,
        uint256 scheme,
        address issuer,
        bytes calldata signature,
        bytes calldata data,
        string calldata uri
    ) external returns (bytes32);
    function addKey(bytes32 key, uint256 purpose, uint256 keyType) external returns (bool);
    function removeKey(bytes32 key, uint256 purpose) external returns (bool);
    function keyHasPurpose(bytes32 key, uint256 purpose) external view returns (bool);
    function revokeClaimBySignature(bytes calldata signature) external;
}

/// @dev Paths of ONCHAINID's compiled artifacts (for `deployCode` / `vm.getCode`), from the repository root.
library OnchainIdArtifacts {
    string internal constant DIR = "node_modules/@onchain-id/solidity/artifacts/contracts/";
    string internal constant IDENTITY = "node_modules/@onchain-id/solidity/artifacts/contracts/Identity.sol/Identity.json";
    string internal constant CLAIM_ISSUER =
        "node_modules/@onchain-id/solidity/artifacts/contracts/ClaimIssuer.sol/ClaimIssuer.json";
}
