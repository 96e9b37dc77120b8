/**
 * Input schemas (zod) shared by every action, the one input check ({@link parseInput}), and the deployments file's
 * schema with its browser-safe reader ({@link parseDeployments}). Action-specific parameter schemas live next to their
 * action.
 */
import { isAddress, type Address } from "viem";
import { z } from "zod";
import { AssetClassText, type Deployments } from "@tessera/contracts";
import { TesseraError } from "./errors";

/** A 0x address (any case). */
export const addressSchema = z
  .string()
  .refine((v) => isAddress(v, { strict: false }), "not a valid address")
  .transform((v) => v as Address);

/** ISO-3166 numeric country code, 1..999 (e.g. 840 USA, 826 GBR, 250 FRA, 276 DEU). */
export const countrySchema = z.number().int().min(1).max(999);
/** An amount in token base units (non-negative bigint). */
export const amountSchema = z.bigint().nonnegative();
/** Token decimals, 0..18. */
export const decimalsSchema = z.number().int().min(0).max(18);
/** Asset class: 0 fund share, 1 bond, 2 equity, 3 real estate (the codes of `AssetClassText`). */
export const assetClassSchema = z.number().int().min(0).max(Math.max(...Object.keys(AssetClassText).map(Number)));
/** A whole number given as bigint or number, made a bigint and checked by `check`. */
const bigintFrom = (check: z.ZodBigInt) => z.union([z.bigint(), z.number().int()]).transform((v) => BigInt(v)).pipe(check);
/** Unix time in seconds, as bigint or number (uint64). */
export const unixSecondsSchema = bigintFrom(z.bigint().nonnegative().lt(1n << 64n));
/** A non-negative whole number as bigint or number (e.g. a holder count). */
export const uintSchema = bigintFrom(z.bigint().nonnegative());
/** An ONCHAINID claim topic (positive), as bigint or number. */
export const claimTopicSchema = bigintFrom(z.bigint().positive());

/** "path: message" of a zod error's first issue (just the message for a top-level value). */
function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid";
  return issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message;
}

/**
 * The one input check of every action: parses `value` with `schema`.
 * @returns The parsed value (defaults applied, addresses typed, numbers made bigints where the schema says so).
 * @throws TesseraError InvalidInput, message "invalid input: <path>: <what is wrong>" for the first problem found.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw new TesseraError({ message: `invalid input: ${firstIssue(r.error)}`, errorName: "InvalidInput" });
  return r.data;
}

/**
 * `deployments/<chainId>.json` (ARCHITECTURE.md, "Deployments file"), checked: the one schema every reader of the file
 * uses ({@link parseDeployments}, `readDeployments` of `@tessera/sdk/node`). Module keys after `maxBalance`,
 * `implementations.accessManager`, `claimIssuer`, `demoAsset` and `paymentToken` are optional (files written before they existed).
 */
export const deploymentsSchema = z.object({
  chainId: z.number().int().positive(),
  startBlock: z.number().int().nonnegative(),
  identityRegistry: addressSchema,
  factory: addressSchema,
  modules: z.object({
    countryAllow: addressSchema,
    maxHolders: addressSchema,
    maxBalance: addressSchema,
    transferLimit: addressSchema.optional(),
    identityMaxBalance: addressSchema.optional(),
    countryBlock: addressSchema.optional(),
    supplyCap: addressSchema.optional(),
    minHolding: addressSchema.optional(),
    lockUp: addressSchema.optional(),
    manualApproval: addressSchema.optional(),
    investorLimits: addressSchema.optional(),
  }),
  implementations: z.object({ token: addressSchema, compliance: addressSchema, accessManager: addressSchema.optional() }),
  claimIssuer: addressSchema.optional(),
  demoAsset: z.object({ token: addressSchema, compliance: addressSchema }).optional(),
  /** The ERC-20 the platform's cash moves in on this chain; on local chains the TestUSD that `npm start` deploys.
   * Amounts are in its base units (6 decimals for TestUSD and USDC). */
  paymentToken: addressSchema.optional(),
  /** The money leg's platform contracts (absent in older files). */
  vaultFactory: addressSchema.optional(),
  distributor: addressSchema.optional(),
  dvp: addressSchema.optional(),
  bond: addressSchema.optional(),
  /** Cross-chain messaging (Hyperlane Mailbox and Tessera's ERC-7786 gateway; absent in older files). */
  messaging: z
    .object({
      domain: z.number().int().positive().max(0xffffffff),
      mailbox: addressSchema,
      merkleTreeHook: addressSchema,
      defaultHook: addressSchema,
      ism: addressSchema,
      relayer: addressSchema,
      gateway: addressSchema,
    })
    .optional(),
  /** Tessera's IdentityFactory, same address on every chain (absent in older files). */
  identityFactory: addressSchema.optional(),
  /** This chain's IdentitySync (absent until the chains are linked). */
  identitySync: addressSchema.optional(),
}) satisfies z.ZodType<Deployments, unknown>;

/**
 * Checks a deployments file's contents (browser-safe: the caller fetched or read the text).
 * @param json The file's text (a string) or its parsed JSON value.
 * @param opts.chainId The chain the file must be for (its `chainId`), when the caller knows it.
 * @param opts.source What to name in the error, e.g. the file's path (default "the deployments file").
 * @returns The {@link Deployments}, addresses checked.
 * @throws TesseraError InvalidDeployments, naming the source and the problem: not JSON, the first zod issue
 *   ("modules.maxHolders: not a valid address"), or another chain's file.
 */
export function parseDeployments(json: unknown, opts: { chainId?: number; source?: string } = {}): Deployments {
  const source = opts.source ?? "the deployments file";
  let value = json;
  if (typeof json === "string") {
    try {
      value = JSON.parse(json);
    } catch (err) {
      throw new TesseraError({ message: `${source} is not valid JSON (${(err as Error).message})`, errorName: "InvalidDeployments", cause: err });
    }
  }
  const r = deploymentsSchema.safeParse(value);
  if (!r.success) {
    throw new TesseraError({
      message: `${source} does not match the deployments format (ARCHITECTURE.md "Deployments file"): ${firstIssue(r.error)}`,
      errorName: "InvalidDeployments",
    });
  }
  if (opts.chainId !== undefined && r.data.chainId !== opts.chainId) {
    throw new TesseraError({ message: `${source} is for chain ${r.data.chainId}, not chain ${opts.chainId}`, errorName: "InvalidDeployments" });
  }
  return r.data;
}
