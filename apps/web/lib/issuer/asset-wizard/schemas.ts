/**
 * The "Create asset" wizard's validation: one zod schema per step, each turning the typed text into values or into
 * field errors in words. Browser-safe.
 */
import { isAddress, isHex, parseUnits, type Address, type Hex } from "viem";
import { z } from "zod";
import { GRANTABLE_ROLE_NAMES, type Step, type WizardState } from "./state";

/** Seconds per day (lock-up and transfer-limit periods are entered in days). */
export const DAY_SECONDS = 86_400n;
/** LockUpModule.MAX_PERIOD (3650 days). */
export const MAX_LOCK_UP_DAYS = 3650;

// ------------------------------------------------------------------------------------------------------------
// Field schemas (zod): each turns the typed text into a value or an error in words

const blankToZero = (s: string) => s.replace(/[,_\s]/g, "") || "0";

const countryList = z.string().transform((text, ctx) => {
  const out: number[] = [];
  for (const p of text.split(/[,\s]+/).filter(Boolean)) {
    if (!/^\d{1,3}$/.test(p) || Number(p) < 1) {
      ctx.addIssue({ code: "custom", message: `"${p}" is not an ISO-3166 numeric country code (1-999).` });
      return z.NEVER;
    }
    if (!out.includes(Number(p))) out.push(Number(p));
  }
  return out;
});

const wholeNumber = (what: string) =>
  z.string().transform((text, ctx) => {
    const s = blankToZero(text);
    if (!/^\d{1,30}$/.test(s)) {
      ctx.addIssue({ code: "custom", message: `Enter ${what} as a whole number (0 or empty = no limit).` });
      return z.NEVER;
    }
    return BigInt(s);
  });

const countryLimits = z.string().transform((text, ctx) => {
  const out: Array<{ country: number; limit: bigint }> = [];
  for (const p of text.split(",").map((x) => x.trim()).filter(Boolean)) {
    const m = /^(\d{1,3})\s*[:=]\s*(\d{1,30})$/.exec(p);
    if (!m || Number(m[1]) < 1 || BigInt(m[2]) < 1n) {
      ctx.addIssue({ code: "custom", message: `"${p}" is not "country:limit" (e.g. 840:100).` });
      return z.NEVER;
    }
    if (out.some((o) => o.country === Number(m[1]))) {
      ctx.addIssue({ code: "custom", message: `Country ${m[1]} is listed twice.` });
      return z.NEVER;
    }
    out.push({ country: Number(m[1]), limit: BigInt(m[2]) });
  }
  return out;
});

const addressList = z.string().transform((text, ctx) => {
  const out: Address[] = [];
  for (const p of text.split(/[,\s]+/).filter(Boolean)) {
    if (!isAddress(p, { strict: false })) {
      ctx.addIssue({ code: "custom", message: `"${p}" is not a wallet address.` });
      return z.NEVER;
    }
    if (!out.some((a) => a.toLowerCase() === p.toLowerCase())) out.push(p as Address);
  }
  return out;
});

/** Step 1: name, symbol, decimals, asset class. */
export const detailsSchema = z.object({
  name: z.string().trim().min(1, "Enter a name.").max(64, "At most 64 characters."),
  symbol: z
    .string()
    .trim()
    .min(1, "Enter a symbol.")
    .regex(/^[A-Za-z0-9.-]{1,11}$/, "Use 1-11 letters or digits."),
  decimals: z
    .string()
    .trim()
    .regex(/^\d{1,2}$/, "Enter 0 to 18.")
    .transform(Number)
    .pipe(z.number().int().min(0).max(18, "Enter 0 to 18.")),
  assetClass: z.string().transform(Number).pipe(z.number().int().min(0).max(3)),
});

/** Step 2: ERC-1643 documents (the name is a bytes32, so at most 32 bytes of text). */
export const documentsSchema = z
  .array(
    z.object({
      name: z
        .string()
        .trim()
        .min(1, "Enter a document name.")
        .refine((s) => new TextEncoder().encode(s).length <= 32, "At most 32 bytes (the on-chain name is a bytes32)."),
      uri: z.string().trim().max(2048, "At most 2,048 characters."),
      hash: z
        .string()
        .refine((h) => isHex(h, { strict: true }) && h.length === 66, "Choose the file so its hash can be computed.")
        .transform((h) => h as Hex),
      fileName: z.string().optional(),
      file: z.custom<Blob>((v) => v instanceof Blob).optional(),
    }),
  )
  .max(10, "At most 10 documents at creation.")
  .superRefine((docs, ctx) => {
    const seen = new Set<string>();
    docs.forEach((d, i) => {
      if (seen.has(d.name)) ctx.addIssue({ code: "custom", path: [i, "name"], message: `"${d.name}" is listed twice.` });
      if (!d.uri && !d.file) ctx.addIssue({ code: "custom", path: [i, "uri"], message: "Enter the document's URI, or leave it empty and choose the file to store it on Tessera." });
      if (d.file && d.file.size > 2 * 1024 * 1024 && !d.uri) ctx.addIssue({ code: "custom", path: [i, "hash"], message: "Files stored on Tessera can have at most 2 MiB." });
      seen.add(d.name);
    });
  });

/** Step 4: role grants (each account at most once per role). */
export const rolesSchema = z
  .array(
    z.object({
      role: z.enum(GRANTABLE_ROLE_NAMES, { message: "Choose a role." }),
      account: z
        .string()
        .trim()
        .refine((a) => isAddress(a, { strict: false }), "Enter a 0x wallet address (42 characters).")
        .transform((a) => a.toLowerCase() as Address),
    }),
  )
  .max(20, "At most 20 role grants at creation.")
  .superRefine((grants, ctx) => {
    const seen = new Set<string>();
    grants.forEach((g, i) => {
      const k = `${g.role}:${g.account}`;
      if (seen.has(k)) ctx.addIssue({ code: "custom", path: [i, "account"], message: "This grant is listed twice." });
      seen.add(k);
    });
  });

/** The parsed compliance rules; amounts in token base units (whole tokens × 10^decimals), periods in seconds. */
export interface ParsedRules {
  allowedCountries: number[];
  blockedCountries: number[];
  maxHolders: bigint;
  countryHolderLimits: Array<{ country: number; limit: bigint }>;
  maxBalance: bigint;
  identityMaxBalance: bigint;
  minHolding: bigint;
  supplyCap: bigint;
  lockUpSeconds: bigint;
  transferLimit: { maxVolume: bigint; periodSeconds: bigint } | null;
  approvers: Address[] | null;
}

/** Step 3: the compliance rules; token amounts depend on the decimals of step 1. */
export function rulesSchema(decimals: number) {
  const tokens = (what: string) =>
    z.string().transform((text, ctx) => {
      const s = blankToZero(text);
      const m = /^\d+(?:\.(\d+))?$/.exec(s);
      if (!m) {
        ctx.addIssue({ code: "custom", message: `Enter ${what} in whole tokens, like 1000 or 12.5 (0 or empty = off).` });
        return z.NEVER;
      }
      if ((m[1]?.length ?? 0) > decimals) {
        ctx.addIssue({ code: "custom", message: `At most ${decimals} decimal places (the token has ${decimals} decimals).` });
        return z.NEVER;
      }
      return parseUnits(s, decimals);
    });
  return z
    .object({
      allowedCountries: countryList,
      blockedCountries: countryList,
      maxHolders: wholeNumber("the number of holders"),
      countryHolderLimits: countryLimits,
      maxBalance: tokens("the balance"),
      identityMaxBalance: tokens("the balance"),
      minHolding: tokens("the minimum"),
      supplyCap: tokens("the cap"),
      lockUpDays: wholeNumber("the days").refine((d) => d <= BigInt(MAX_LOCK_UP_DAYS), `At most ${MAX_LOCK_UP_DAYS} days.`),
      transferLimit: tokens("the volume"),
      transferLimitDays: wholeNumber("the days").refine((d) => d < 1n << 40n, "Too many days."),
      manualApproval: z.boolean(),
      approvers: addressList,
    })
    .superRefine((r, ctx) => {
      const both = r.allowedCountries.filter((c) => r.blockedCountries.includes(c));
      if (both.length) ctx.addIssue({ code: "custom", path: ["blockedCountries"], message: `Country ${both.join(", ")} is both allowed and blocked.` });
      if ((r.transferLimit > 0n) !== (r.transferLimitDays > 0n)) {
        ctx.addIssue({ code: "custom", path: ["transferLimitDays"], message: "Enter both the volume and the period (days), or neither." });
      }
      if (r.manualApproval && r.approvers.length === 0) {
        ctx.addIssue({ code: "custom", path: ["approvers"], message: "Name at least one transfer approver who may approve." });
      }
      if (r.supplyCap > 0n && r.maxBalance > r.supplyCap) {
        ctx.addIssue({ code: "custom", path: ["maxBalance"], message: "The max balance per investor exceeds the supply cap." });
      }
      if (r.minHolding > 0n && r.maxBalance > 0n && r.minHolding > r.maxBalance) {
        ctx.addIssue({ code: "custom", path: ["minHolding"], message: "The minimum holding exceeds the max balance per investor." });
      }
    })
    .transform(
      (r): ParsedRules => ({
        allowedCountries: r.allowedCountries,
        blockedCountries: r.blockedCountries,
        maxHolders: r.maxHolders,
        countryHolderLimits: r.countryHolderLimits,
        maxBalance: r.maxBalance,
        identityMaxBalance: r.identityMaxBalance,
        minHolding: r.minHolding,
        supplyCap: r.supplyCap,
        lockUpSeconds: r.lockUpDays * DAY_SECONDS,
        transferLimit: r.transferLimit > 0n ? { maxVolume: r.transferLimit, periodSeconds: r.transferLimitDays * DAY_SECONDS } : null,
        approvers: r.manualApproval ? r.approvers : null,
      }),
    );
}

/** Field errors by dotted path ("rules.maxBalance", "roles.0.account"), as shown next to each input. */
export type FieldErrors = Record<string, string>;

function collect(prefix: string, error: z.ZodError, into: FieldErrors) {
  for (const issue of error.issues) {
    const key = [prefix, ...issue.path.map(String)].join(".");
    if (!into[key]) into[key] = issue.message;
  }
}

/**
 * Validates one step (for "Next") or, with "review", every step.
 * @returns field errors by path; empty when the step is valid.
 */
export function validateStep(state: WizardState, step: Step): FieldErrors {
  const errors: FieldErrors = {};
  const details = detailsSchema.safeParse(state.details);
  if (step === "details" || step === "review") if (!details.success) collect("details", details.error, errors);
  if (step === "documents" || step === "review") {
    const d = documentsSchema.safeParse(state.documents);
    if (!d.success) collect("documents", d.error, errors);
  }
  if ((step === "rules" || step === "review") && details.success) {
    const r = rulesSchema(details.data.decimals).safeParse(state.rules);
    if (!r.success) collect("rules", r.error, errors);
  }
  if (step === "roles" || step === "review") {
    const r = rolesSchema.safeParse(state.roles);
    if (!r.success) collect("roles", r.error, errors);
  }
  return errors;
}
