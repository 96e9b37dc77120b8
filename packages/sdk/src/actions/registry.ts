/**
 * Identity registry actions of a registry agent (`registerInvestor`, with the investor's ONCHAINID identity deployed
 * when none is given) and anyone's `refreshVerification`. Claim-based onboarding is `@tessera/sdk/identity`.
 * Browser-safe.
 */
import type { Abi, Address, Hash, PublicClient, WalletClient } from "viem";
import { z } from "zod";
import { identityFactoryAbi, identityRegistryAbi, onchainIdentityAbi, onchainIdentityBytecode, type Deployments } from "@tessera/contracts";
import { addressSchema, countrySchema, parseInput, unixSecondsSchema } from "../schemas";
import { deployContract, readContract, simulate, simulateAndWrite, type WriteResult } from "../send";

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

/** Where {@link deployIdentity} creates an identity: through Tessera's IdentityFactory (same address on every chain). */
export type IdentityFactoryOptions = {
  /** The IdentityFactory (`deployments.identityFactory`); without it, the Identity is deployed on its own (CREATE). */
  identityFactory?: Address;
  /** The CREATE2 salt text (default: the management key's address in lower case, so one identity per wallet). */
  salt?: string;
};

/** The default identity salt of a wallet: its address in lower case (the same on every chain). */
export function identitySalt(wallet: Address): string {
  return wallet.toLowerCase();
}

/**
 * Deploys an ONCHAINID Identity with `managementKey` as its management key.
 * - With `opts.identityFactory`: through Tessera's IdentityFactory (ONCHAINID's IdFactory behind it, CREATE2), so the
 *   identity of a salt (default: the wallet) has the same address on every chain where the factory creates it. The
 *   caller must be the factory's owner (the platform's deployer) or an agent of a registry it trusts (a registry
 *   agent), and gets a claim key on the identity (purpose 3: it may add claims; the investor may remove that key).
 * - Without: from @onchain-id/solidity's Identity bytecode (CREATE: a different address on each chain).
 * @returns The identity address and the transaction.
 * @throws TesseraError (CallerNotIdentityCreator, WalletHasIdentity: the wallet has one already, see
 *   {@link identityOf}; InvalidSalt)
 */
export async function deployIdentity(
  walletClient: WalletClient,
  publicClient: PublicClient,
  managementKey: Address,
  opts: IdentityFactoryOptions = {},
): Promise<WriteResult & { identity: Address }> {
  if (opts.identityFactory) {
    const r = await simulateAndWrite(
      walletClient,
      publicClient,
      {
        address: opts.identityFactory,
        abi: identityFactoryAbi as Abi,
        functionName: "createIdentity",
        args: [managementKey, opts.salt ?? identitySalt(managementKey)],
      },
      { label: "create identity" },
    );
    return { hash: r.hash, receipt: r.receipt, identity: r.result as Address };
  }
  const d = await deployContract(walletClient, publicClient, {
    abi: onchainIdentityAbi as Abi,
    bytecode: onchainIdentityBytecode,
    args: [managementKey, false],
    label: "deploy identity",
  });
  return { hash: d.hash, receipt: d.receipt, identity: d.address };
}

/**
 * The identity Tessera's IdentityFactory created for `wallet` on this chain, or null.
 * @throws TesseraError when the read fails
 */
export async function identityOf(publicClient: PublicClient, identityFactory: Address, wallet: Address): Promise<Address | null> {
  const identity = await readContract<Address>(publicClient, {
    address: identityFactory,
    abi: identityFactoryAbi as Abi,
    functionName: "identityOf",
    args: [wallet],
  });
  return /^0x0{40}$/i.test(identity) ? null : identity;
}

/**
 * The ONCHAINID identity to register `wallet` with, when the caller brings none: the identity Tessera's IdentityFactory
 * already has for it ({@link identityOf}: none is created), else a new one ({@link deployIdentity}) through
 * `deployments.identityFactory` when the chain has one (the same address on every chain), else on its own (CREATE).
 * registerInvestor, the web's CSV import and claims-mode `onboardInvestor` (given the factory) use it, so a record
 * synced to another chain (IdentitySync) names an identity address that is the same there.
 * @returns The identity, and the creating transaction when one was sent.
 * @throws TesseraError (CallerNotIdentityCreator; or when the factory read fails)
 */
export async function identityForWallet(
  walletClient: WalletClient,
  publicClient: PublicClient,
  deployments: Pick<Deployments, "identityFactory">,
  wallet: Address,
): Promise<{ identity: Address; hash?: Hash }> {
  const factory = deployments.identityFactory;
  const existing = factory ? await identityOf(publicClient, factory, wallet) : null;
  if (existing) return { identity: existing };
  const d = await deployIdentity(walletClient, publicClient, wallet, { identityFactory: factory });
  return { identity: d.identity, hash: d.hash };
}

/**
 * Registers an investor in the identity registry with country and KYC expiry, in one registry transaction.
 * Unless `identity` is given, first deploys an ONCHAINID Identity whose management key is the investor's wallet:
 * through `deployments.identityFactory` when the chain has one (the same address on every chain; a wallet that has an
 * identity there already keeps it), else on its own ({@link identityForWallet}).
 * The caller must be an agent of the identity registry (a registry agent).
 * @param params wallet, ISO-3166 numeric country, KYC expiry (unix seconds), optional existing identity.
 * @returns The identity used and the registry transaction.
 * @throws TesseraError (e.g. CallerNotAgent, WalletAlreadyRegistered, InvalidCountry)
 */
export async function registerInvestor(
  walletClient: WalletClient,
  publicClient: PublicClient,
  deployments: Pick<Deployments, "identityRegistry" | "identityFactory">,
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
    ({ identity, hash: identityDeployHash } = await identityForWallet(walletClient, publicClient, deployments, p.wallet));
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
