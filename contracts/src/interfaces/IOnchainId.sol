// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title IClaimHolder
/// @notice The part of an ONCHAINID identity (ERC-735) the registry reads: one claim by id,
/// `claimId = keccak256(abi.encode(issuer, topic))`.
interface IClaimHolder {
    /// @notice The claim `claimId` (all fields zero when absent).
    function getClaim(bytes32 claimId)
        external
        view
        returns (
            uint256 topic,
            uint256 scheme,
            address issuer,
            bytes memory signature,
            bytes memory data,
            string memory uri
        );
}

/// @title IClaimValidator
/// @notice The part of an ONCHAINID ClaimIssuer the registry calls: whether a claim it issued is signed by one of
/// its claim keys and not revoked.
interface IClaimValidator {
    /// @notice Whether the claim (`identity`, `topic`, `sig`, `data`) is valid now.
    function isClaimValid(address identity, uint256 topic, bytes calldata sig, bytes calldata data)
        external
        view
        returns (bool);
}

/// @title IKeyHolder
/// @notice The part of an ONCHAINID identity (ERC-734) the registry reads for a wallet recovery.
interface IKeyHolder {
    /// @notice Whether `key` (for a wallet: `keccak256(abi.encode(wallet))`) has `purpose` (1 management, 2 action,
    /// 3 claim signer) on the identity.
    function keyHasPurpose(bytes32 key, uint256 purpose) external view returns (bool);
}
