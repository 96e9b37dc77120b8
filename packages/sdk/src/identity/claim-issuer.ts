/**
 * Claim issuer setup (platform operator): deploy an ONCHAINID ClaimIssuer with its signing key, and make the identity
 * registry trust it for claim topics. Browser-safe.
 */
import { isAddressEqual, type Abi, type Address, type PublicClient, type WalletClient } from "viem";
import { claimIssuerAbi, claimIssuerBytecode, identityRegistryAbi } from "@tessera/contracts";
import { addressSchema, parseInput } from "../schemas";
import { accountOf } from "../send";
import { registryRead } from "./checks";
import { ECDSA, KeyPurpose, KYC_CLAIM_TOPIC, keyOf } from "./keys";
import { deployStep, sendStep, type IdentityStep, type OnStep } from "./steps";

/**
 * Deploys an ONCHAINID ClaimIssuer whose management key is the wallet, and gives `signer` the CLAIM purpose (3) so
 * its signatures are valid claims (a management key also signs valid claims: ONCHAINID treats purpose 1 as all).
 * @param params.signer The address that will sign KYC claims (default: the wallet itself, no extra transaction).
 * @returns The ClaimIssuer address and the transactions.
 * @throws TesseraError
 */
export async function deployClaimIssuer(
  walletClient: WalletClient,
  publicClient: PublicClient,
  params: { signer?: Address } = {},
  onStep?: OnStep,
): Promise<{ claimIssuer: Address; steps: IdentityStep[] }> {
  const owner = accountOf(walletClient).address;
  const signer = params.signer ? parseInput(addressSchema, params.signer) : owner;
  const steps: IdentityStep[] = [];
  const d = await deployStep(walletClient, publicClient, "deploy claim issuer", { abi: claimIssuerAbi as Abi, bytecode: claimIssuerBytecode, args: [owner] }, onStep);
  steps.push(d);
  if (!isAddressEqual(signer, owner)) {
    steps.push(
      await sendStep(walletClient, publicClient, "add claim signing key", {
        address: d.address,
        abi: claimIssuerAbi as Abi,
        functionName: "addKey",
        args: [keyOf(signer), KeyPurpose.CLAIM, ECDSA],
      }, onStep),
    );
  }
  return { claimIssuer: d.address, steps };
}

/**
 * Makes the identity registry require `topics` and trust `claimIssuer` for them (registry owner only). Topics the
 * registry already requires are skipped. From then on `refreshVerification` derives a wallet's KYC expiry from claims.
 * @param params.topics Claim topics (default [KYC_CLAIM_TOPIC]).
 * @throws TesseraError (OwnableUnauthorizedAccount, TrustedIssuerExists, ClaimConfigLimit)
 */
export async function trustClaimIssuer(
  walletClient: WalletClient,
  publicClient: PublicClient,
  params: { identityRegistry: Address; claimIssuer: Address; topics?: bigint[] },
  onStep?: OnStep,
): Promise<{ steps: IdentityStep[] }> {
  const registry = parseInput(addressSchema, params.identityRegistry);
  const issuer = parseInput(addressSchema, params.claimIssuer);
  const topics = params.topics ?? [KYC_CLAIM_TOPIC];
  const required = await registryRead<readonly bigint[]>(publicClient, registry, "getClaimTopics");
  const steps: IdentityStep[] = [];
  for (const topic of topics) {
    if (required.includes(topic)) continue;
    steps.push(await sendStep(walletClient, publicClient, `require claim topic ${topic}`, {
      address: registry, abi: identityRegistryAbi as Abi, functionName: "addClaimTopic", args: [topic],
    }, onStep));
  }
  steps.push(await sendStep(walletClient, publicClient, "trust claim issuer", {
    address: registry, abi: identityRegistryAbi as Abi, functionName: "addTrustedIssuer", args: [issuer, topics],
  }, onStep));
  return { steps };
}
