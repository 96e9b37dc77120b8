/**
 * ONCHAINID constants and pure helpers: key purposes, key and claim ids, the KYC claim's data and digest.
 * Browser-safe, no client needed.
 */
import { encodeAbiParameters, keccak256, type Address, type Hex } from "viem";

/** The KYC claim topic (ERC-3643 convention: topic 1 = KYC). */
export const KYC_CLAIM_TOPIC = 1n;

/** ERC-734 key purposes: 1 management, 2 action, 3 claim signer, 4 encryption. */
export const KeyPurpose = { MANAGEMENT: 1n, ACTION: 2n, CLAIM: 3n, ENCRYPTION: 4n } as const;

/** ERC-734 key type 1 (ECDSA) and ERC-735 claim scheme 1 (ECDSA signature). */
export const ECDSA = 1n;

/** What an ONCHAINID key is: `keccak256(abi.encode(address))` (ERC-734). */
export function keyOf(account: Address): Hex {
  return keccak256(encodeAbiParameters([{ type: "address" }], [account]));
}

/** The ERC-735 claim id ONCHAINID gives a claim: `keccak256(abi.encode(issuer, topic))`. */
export function claimIdOf(issuer: Address, topic: bigint): Hex {
  return keccak256(encodeAbiParameters([{ type: "address" }, { type: "uint256" }], [issuer, topic]));
}

/**
 * The claim data the registry expects: `abi.encode(uint256 chainId, uint256 expiresAt)` (64 bytes).
 * @param chainId The chain the claim is valid on (replays on other chains are ignored by the registry).
 * @param expiresAt Unix seconds; the claim counts while `block.timestamp < expiresAt`.
 */
export function encodeKycClaimData(chainId: number | bigint, expiresAt: bigint): Hex {
  return encodeAbiParameters([{ type: "uint256" }, { type: "uint256" }], [BigInt(chainId), expiresAt]);
}

/** The digest a claim signer signs (EIP-191 prefixed by the wallet): `keccak256(abi.encode(identity, topic, data))`. */
export function claimDigest(identity: Address, topic: bigint, data: Hex): Hex {
  return keccak256(encodeAbiParameters([{ type: "address" }, { type: "uint256" }, { type: "bytes" }], [identity, topic, data]));
}

/** The expiry (unix seconds) in KYC claim data `abi.encode(chainId, expiresAt)`. */
export function decodeClaimExpiry(data: Hex): bigint {
  return BigInt(`0x${data.slice(66, 130)}`);
}
