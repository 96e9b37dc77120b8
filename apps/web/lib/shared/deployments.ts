import { z } from "zod";

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "expected a 0x-prefixed 20-byte address") as unknown as z.ZodType<`0x${string}`>;

/** Schema of deployments/<chainId>.json (see ARCHITECTURE.md). */
export const deploymentsSchema = z.object({
  chainId: z.number().int(),
  startBlock: z.number().int().nonnegative(),
  identityRegistry: address,
  factory: address,
  // The module keys after maxBalance are optional (files written before those modules existed).
  modules: z.object({
    countryAllow: address,
    maxHolders: address,
    maxBalance: address,
    transferLimit: address.optional(),
    identityMaxBalance: address.optional(),
    countryBlock: address.optional(),
    supplyCap: address.optional(),
    minHolding: address.optional(),
    lockUp: address.optional(),
    manualApproval: address.optional(),
    investorLimits: address.optional(),
  }),
  implementations: z.object({ token: address, compliance: address, accessManager: address.optional() }),
  demoAsset: z.object({ token: address, compliance: address }).optional(),
  /** The platform's ONCHAINID ClaimIssuer (KYC claims), when `ensurePlatform` recorded one. */
  claimIssuer: address.optional(),
});

/** Addresses of one chain's Tessera platform contracts. */
export type WebDeployments = z.infer<typeof deploymentsSchema>;

/** Runtime configuration the server hands to the browser (never baked in at build time). */
export interface RuntimeConfig {
  rpcUrl: string;
  chainId: number;
  /** Null when deployments/<chainId>.json is missing or invalid. */
  deployments: WebDeployments | null;
  /** Why deployments is null, in words, for the banner. */
  deploymentsProblem: string | null;
}
