/**
 * Reads that ONCHAINID actions make before any transaction, so a refusal writes nothing: registry agent, trusted
 * claim issuer, key purposes, a future expiry, the identity of a set of wallets. Browser-safe.
 */
import { isAddressEqual, zeroAddress, type Abi, type Address, type PublicClient } from "viem";
import { identityRegistryAbi, onchainIdentityAbi } from "@tessera/contracts";
import { TesseraError, toTesseraError } from "../errors";
import { readContract } from "../send";
import { keyOf } from "./keys";

/** Reads a view; failures become TesseraErrors. */
export function read<T>(publicClient: PublicClient, address: Address, abi: Abi, functionName: string, args: readonly unknown[] = []): Promise<T> {
  return readContract<T>(publicClient, { address, abi, functionName, args });
}

/** Reads a view of the identity registry. */
export const registryRead = <T>(pc: PublicClient, registry: Address, fn: string, args: readonly unknown[] = []) =>
  read<T>(pc, registry, identityRegistryAbi as Abi, fn, args);

export async function hasKeyPurpose(pc: PublicClient, identity: Address, account: Address, purpose: bigint): Promise<boolean> {
  return read<boolean>(pc, identity, onchainIdentityAbi as Abi, "keyHasPurpose", [keyOf(account), purpose]);
}

/** Throws a TesseraError in words unless `account` is an agent of the registry. */
export async function requireRegistryAgent(pc: PublicClient, registry: Address, account: Address): Promise<void> {
  if (!(await registryRead<boolean>(pc, registry, "isAgent", [account]))) {
    throw new TesseraError({ message: "your wallet is not an agent of the identity registry", errorName: "CallerNotAgent", args: [account] });
  }
}

/** Throws unless the registry trusts `issuer` for `topic`, when the registry verifies claims at all. */
export async function requireTrustedIssuer(pc: PublicClient, registry: Address, issuer: Address, topic: bigint): Promise<boolean> {
  const topics = await registryRead<readonly bigint[]>(pc, registry, "getClaimTopics");
  if (topics.length === 0) return false; // the registry verifies by the officer's expiry alone
  const trusted = await registryRead<readonly bigint[]>(pc, registry, "getTrustedIssuerClaimTopics", [issuer]);
  if (!trusted.includes(topic)) {
    throw new TesseraError({
      message: `the identity registry does not trust claim issuer ${issuer} for claim topic ${topic}`,
      errorName: "IssuerNotTrusted",
      args: [issuer, topic],
    });
  }
  return true;
}

/** The chain id a claim is bound to: the public client's chain. */
export async function chainIdOf(pc: PublicClient): Promise<number> {
  try {
    return await pc.getChainId();
  } catch (err) {
    throw toTesseraError(err);
  }
}

export async function requireFuture(pc: PublicClient, expiresAt: bigint): Promise<void> {
  const block = await pc.getBlock().catch((err: unknown) => {
    throw toTesseraError(err);
  });
  if (expiresAt <= block.timestamp) {
    throw new TesseraError({ message: "the claim expiry must be in the future", errorName: "InvalidInput", args: [expiresAt] });
  }
}

/** The one identity all `wallets` are registered with; throws in words otherwise. */
export async function identityOfWallets(publicClient: PublicClient, registry: Address, wallets: Address[]): Promise<Address> {
  let identity: Address | undefined;
  for (const w of wallets) {
    const id = await registryRead<Address>(publicClient, registry, "identity", [w]);
    if (isAddressEqual(id, zeroAddress)) throw new TesseraError({ message: `wallet ${w} is not registered`, errorName: "WalletNotRegistered", args: [w] });
    if (identity && !isAddressEqual(identity, id)) {
      throw new TesseraError({ message: "the wallets belong to different identities", errorName: "InvalidInput", args: [identity, id] });
    }
    identity = id;
  }
  return identity!;
}
