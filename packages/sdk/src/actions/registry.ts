/**
 * Identity registry actions of a registry agent (`registerInvestor`, with the investor's ONCHAINID identity deployed
 * when none is given) and anyone's `refreshVerification`. Claim-based onboarding is `@tessera/sdk/identity`.
 * Browser-safe.
 */
import type { Abi, Address, Hash, PublicClient, WalletClient } from "viem";
import { z } from "zod";
import { identityRegistryAbi, onchainIdentityAbi, onchainIdentityBytecode, type Deployments } from "@tessera/contracts";
import { addressSchema, countrySchema, parseInput, unixSecondsSchema } from "../schemas";
import { deployContract, simulate, simulateAndWrite, type WriteResult } from "../send";

/** Parameters of {@link registerInvestor}. */
export const registerInvestorSchema = z.object({
  wallet: addressSchema,
  country: countrySchema,
  /** KYC expiry, unix seconds. */
  kycExpiresAt: unixSecondsSchema,
  /** An existing ONCHAINID identity; when omitted one is deployed with the wallet as management key. */
  identity: addressSchema.optional(),
});
export type RegisterInvestorParams = z.input<typeof registerInvestorSchema>;

/**
 * Deploys an ONCHAINID Identity with `managementKey` as its management key (from @onchain-id/solidity's bytecode).
 * @returns The identity address and the deployment transaction.
 * @throws TesseraError
 */
export async function deployIdentity(
  walletClient: WalletClient,
  publicClient: PublicClient,
  managementKey: Address,
): Promise<WriteResult & { identity: Address }> {
  const d = await deployContract(walletClient, publicClient, {
    abi: onchainIdentityAbi as Abi,
    bytecode: onchainIdentityBytecode,
    args: [managementKey, false],
    label: "deploy identity",
  });
  return { hash: d.hash, receipt: d.receipt, identity: d.address };
}

/**
 * Registers an investor in the identity registry with country and KYC expiry, in one registry transaction.
 * Unless `identity` is given, first deploys an ONCHAINID Identity whose management key is the investor's wallet.
 * The caller must be an agent of the identity registry (a registry agent).
 * @param params wallet, ISO-3166 numeric country, KYC expiry (unix seconds), optional existing identity.
 * @returns The identity used and the registry transaction.
 * @throws TesseraError (e.g. CallerNotAgent, WalletAlreadyRegistered, InvalidCountry)
 */
export async function registerInvestor(
  walletClient: WalletClient,
  publicClient: PublicClient,
  deployments: Pick<Deployments, "identityRegistry">,
  params: RegisterInvestorParams,
): Promise<WriteResult & { identity: Address; identityDeployHash?: Hash }> {
  const p = parseInput(registerInvestorSchema, params);
  const call = (identity: Address) => ({
    address: deployments.identityRegistry,
    abi: identityRegistryAbi as Abi,
    functionName: "registerInvestor",
    args: [p.wallet, identity, p.country, p.kycExpiresAt],
  });
  let identity = p.identity;
  let identityDeployHash: Hash | undefined;
  if (!identity) {
    // Check the registration (agent role, duplicate, country) before spending gas on an identity.
    await simulate(walletClient, publicClient, call(p.wallet));
    const d = await deployIdentity(walletClient, publicClient, p.wallet);
    identity = d.identity;
    identityDeployHash = d.hash;
  }
  const r = await simulateAndWrite(walletClient, publicClient, call(identity));
  return { hash: r.hash, receipt: r.receipt, identity, identityDeployHash };
}

/**
 * Recomputes `wallet`'s KYC expiry from its ONCHAINID claims (anyone may call it; see ARCHITECTURE.md).
 * @returns The transaction; the new expiry is in the registry's KycUpdated event.
 * @throws TesseraError (WalletNotRegistered, NoClaimTopics)
 */
export async function refreshVerification(
  walletClient: WalletClient,
  publicClient: PublicClient,
  params: { identityRegistry: Address; wallet: Address },
): Promise<WriteResult> {
  return simulateAndWrite(walletClient, publicClient, {
    address: params.identityRegistry,
    abi: identityRegistryAbi as Abi,
    functionName: "refreshVerification",
    args: [params.wallet],
  });
}
