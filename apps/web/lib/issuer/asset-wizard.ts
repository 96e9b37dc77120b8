/**
 * The "Create asset" wizard's form state, its zod validation per step, and the translation into exactly what is
 * deployed: `TokenFactory.deployAssetWithModules(AssetParams, ModuleSetup[])` (one transaction, ARCHITECTURE.md
 * "TokenFactory"), then the AccessManager role grants (one `multicall` of `grantRole`) and the ERC-1643 documents
 * (`setDocument` per document). Browser-safe (no Node APIs); shared by the wizard and its tests.
 */
import { encodeFunctionData, isAddress, isHex, parseUnits, stringToHex, type Address, type Hex } from "viem";
import { z } from "zod";
import { accessManagerAbi, maxHoldersModuleAbi, Role, type Deployments, type RoleName } from "@tessera/contracts";
import { moduleSetups, type ModuleSetup } from "@tessera/sdk/suite";
import type { AssetParams } from "@tessera/sdk";

/** Seconds per day (lock-up and transfer-limit periods are entered in days). */
export const DAY_SECONDS = 86_400n;
/** LockUpModule.MAX_PERIOD (3650 days). */
export const MAX_LOCK_UP_DAYS = 3650;

/** Roles the wizard can grant (AccessManager role ids, contracts/src/libraries/Roles.sol); ADMIN stays with the issuer. */
export const GRANTABLE_ROLES: ReadonlyArray<{ role: Exclude<RoleName, "ADMIN">; label: string; opens: string }> = [
  { role: "SUPPLY", label: "Supply agent", opens: "mint, burn, batchMint, batchBurn" },
  { role: "FREEZER", label: "Freezer", opens: "freeze and unfreeze wallets and amounts" },
  { role: "TRANSFER_MANAGER", label: "Transfer manager", opens: "forcedTransfer" },
  { role: "RECOVERY_AGENT", label: "Recovery agent", opens: "recoveryAddress (lost wallets)" },
  { role: "COMPLIANCE_AGENT", label: "Compliance agent", opens: "add and remove compliance modules" },
  { role: "ALLOWLIST_MANAGER", label: "Allowlist manager", opens: "configure modules (countries, limits)" },
  { role: "ISSUER", label: "Issuer operations", opens: "pause, unpause, setDocument, removeDocument" },
];

/** Everything the wizard's inputs hold, as typed (strings; empty or 0 = rule off). */
export interface WizardState {
  details: { name: string; symbol: string; decimals: string; assetClass: string };
  /**
   * ERC-1643 documents: name (≤ 32 bytes), URI, bytes32 hash of the content (keccak256 of the chosen file). An empty
   * URI with a chosen file means "store the file on Tessera": it is uploaded after the deployment and its download
   * route becomes the URI.
   */
  documents: Array<{ name: string; uri: string; hash: string; fileName?: string; file?: Blob }>;
  rules: {
    allowedCountries: string;
    blockedCountries: string;
    maxHolders: string;
    /** "840:100, 826:50" = at most 100 holders in the US and 50 in the UK. */
    countryHolderLimits: string;
    /** Whole tokens per wallet. */
    maxBalance: string;
    /** Whole tokens per investor identity (summed over its wallets). */
    identityMaxBalance: string;
    minHolding: string;
    supplyCap: string;
    lockUpDays: string;
    transferLimit: string;
    transferLimitDays: string;
    manualApproval: boolean;
    /** Comma-separated transfer-manager wallets of the manual-approval module. */
    approvalManagers: string;
  };
  roles: Array<{ role: string; account: string }>;
}

/** A fresh wizard: 18 decimals, fund share, every rule off. */
export function emptyWizardState(): WizardState {
  return {
    details: { name: "", symbol: "", decimals: "18", assetClass: "0" },
    documents: [],
    rules: {
      allowedCountries: "",
      blockedCountries: "",
      maxHolders: "0",
      countryHolderLimits: "",
      maxBalance: "0",
      identityMaxBalance: "",
      minHolding: "",
      supplyCap: "",
      lockUpDays: "",
      transferLimit: "",
      transferLimitDays: "",
      manualApproval: false,
      approvalManagers: "",
    },
    roles: [],
  };
}

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
    .regex(/^[A-Za-z0-9.\-]{1,11}$/, "Use 1-11 letters or digits."),
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
      role: z.enum(GRANTABLE_ROLES.map((r) => r.role) as [Exclude<RoleName, "ADMIN">, ...Exclude<RoleName, "ADMIN">[]], {
        message: "Choose a role.",
      }),
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
  approvalManagers: Address[] | null;
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
      approvalManagers: addressList,
    })
    .superRefine((r, ctx) => {
      const both = r.allowedCountries.filter((c) => r.blockedCountries.includes(c));
      if (both.length) ctx.addIssue({ code: "custom", path: ["blockedCountries"], message: `Country ${both.join(", ")} is both allowed and blocked.` });
      if ((r.transferLimit > 0n) !== (r.transferLimitDays > 0n)) {
        ctx.addIssue({ code: "custom", path: ["transferLimitDays"], message: "Enter both the volume and the period (days), or neither." });
      }
      if (r.manualApproval && r.approvalManagers.length === 0) {
        ctx.addIssue({ code: "custom", path: ["approvalManagers"], message: "Name at least one transfer manager who may approve." });
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
        approvalManagers: r.manualApproval ? r.approvalManagers : null,
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

/** The wizard's steps, in order. */
export const STEPS = ["details", "documents", "rules", "roles", "review"] as const;
export type Step = (typeof STEPS)[number];

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

/** One module the factory adds, with its configuration in words (the review step shows these lines). */
export interface ModulePlan {
  key: keyof Deployments["modules"];
  title: string;
  settings: string[];
}

/** What the wizard will send, in order. */
export interface DeploymentPlan {
  params: AssetParams & { decimals: number; maxHolders: bigint; maxBalance: bigint; allowedCountries: number[] };
  /** Modules beyond `params` for `deployAssetWithModules` (ABI-encoded configuration calls). */
  modules: ModuleSetup[];
  /** Every module the compliance will have, in the order the factory adds them (params' rules first). */
  modulePlan: ModulePlan[];
  /** AccessManager grants (one multicall after the factory transaction). */
  roles: Array<{ role: Exclude<RoleName, "ADMIN">; account: Address }>;
  /** ERC-1643 documents (one setDocument each, after the factory transaction); `uri` null = store `file` on Tessera. */
  documents: Array<{ name: string; nameBytes32: Hex; uri: string | null; hash: Hex; fileName?: string; file?: Blob }>;
  /** Number of wallet transactions: 1 + (roles ? 1 : 0) + documents. */
  transactionCount: number;
}

/** Formats base units as whole tokens with thousands separators. */
function tokens(v: bigint, decimals: number, symbol: string): string {
  const s = decimals === 0 ? v.toString() : `${v / 10n ** BigInt(decimals)}${v % 10n ** BigInt(decimals) === 0n ? "" : `.${(v % 10n ** BigInt(decimals)).toString().padStart(decimals, "0").replace(/0+$/, "")}`}`;
  const [i, f] = s.split(".");
  return `${i.replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${f ? `.${f}` : ""} ${symbol}`;
}

/**
 * Turns a valid wizard state into the factory call, the role grants and the documents.
 * @param modules The platform's module singletons (deployments file `modules`).
 * @throws Error with the first field error when the state is invalid (call {@link validateStep} first), or the
 *   SDK's TesseraError when the platform lacks a module a rule needs.
 */
export function planDeployment(state: WizardState, modules: Deployments["modules"]): DeploymentPlan {
  const errors = validateStep(state, "review");
  const first = Object.entries(errors)[0];
  if (first) throw new Error(`${first[0]}: ${first[1]}`);
  const d = detailsSchema.parse(state.details);
  const r = rulesSchema(d.decimals).parse(state.rules);
  const roles = rolesSchema.parse(state.roles);
  const docs = documentsSchema.parse(state.documents);
  const sym = d.symbol;

  const setups: ModuleSetup[] = [];
  const plan: ModulePlan[] = [];
  // Per-country holder limits live in the same MaxHoldersModule as the total: the module can be added once, so
  // then it is configured here (total included) instead of through AssetParams.maxHolders.
  const holdersViaParams = r.countryHolderLimits.length === 0;
  if (r.allowedCountries.length) plan.push({ key: "countryAllow", title: "Country allow list", settings: [`Recipients must reside in: ${r.allowedCountries.join(", ")}`] });
  if (!holdersViaParams || r.maxHolders > 0n) {
    const settings = [r.maxHolders > 0n ? `At most ${r.maxHolders} holders in total` : "No total holder limit"];
    for (const c of r.countryHolderLimits) settings.push(`At most ${c.limit} holders in country ${c.country}`);
    plan.push({ key: "maxHolders", title: "Max holders", settings });
  }
  if (r.maxBalance > 0n) plan.push({ key: "maxBalance", title: "Max balance per wallet", settings: [`At most ${tokens(r.maxBalance, d.decimals, sym)} per wallet`] });
  if (!holdersViaParams) {
    const address = modules.maxHolders;
    const calls: Hex[] = [];
    if (r.maxHolders > 0n) calls.push(encodeFunctionData({ abi: maxHoldersModuleAbi, functionName: "setHolderLimit", args: [r.maxHolders] }));
    for (const c of r.countryHolderLimits) {
      calls.push(encodeFunctionData({ abi: maxHoldersModuleAbi, functionName: "setCountryHolderLimit", args: [c.country, c.limit] }));
    }
    setups.push({ module: address, calls });
  }
  if (r.blockedCountries.length) {
    setups.push(moduleSetups.countryBlock(modules, r.blockedCountries));
    plan.push({ key: "countryBlock", title: "Country block list", settings: [`Recipients residing in ${r.blockedCountries.join(", ")} are refused`] });
  }
  if (r.identityMaxBalance > 0n) {
    setups.push(moduleSetups.identityMaxBalance(modules, r.identityMaxBalance));
    plan.push({ key: "identityMaxBalance", title: "Max balance per identity", settings: [`At most ${tokens(r.identityMaxBalance, d.decimals, sym)} per investor identity (all its wallets)`] });
  }
  if (r.minHolding > 0n) {
    setups.push(moduleSetups.minHolding(modules, r.minHolding));
    plan.push({ key: "minHolding", title: "Minimum holding", settings: [`No position below ${tokens(r.minHolding, d.decimals, sym)} (a holder may still sell out)`] });
  }
  if (r.supplyCap > 0n) {
    setups.push(moduleSetups.supplyCap(modules, r.supplyCap));
    plan.push({ key: "supplyCap", title: "Supply cap", settings: [`Total supply at most ${tokens(r.supplyCap, d.decimals, sym)}`] });
  }
  if (r.lockUpSeconds > 0n) {
    setups.push(moduleSetups.lockUp(modules, r.lockUpSeconds));
    plan.push({ key: "lockUp", title: "Lock-up per issuance", settings: [`Each issuance locked for ${r.lockUpSeconds / DAY_SECONDS} days (until UTC midnight)`] });
  }
  if (r.transferLimit) {
    setups.push(moduleSetups.transferLimit(modules, r.transferLimit.periodSeconds, r.transferLimit.maxVolume));
    plan.push({
      key: "transferLimit",
      title: "Transfer volume limit",
      settings: [`At most ${tokens(r.transferLimit.maxVolume, d.decimals, sym)} sent per investor per ${r.transferLimit.periodSeconds / DAY_SECONDS} days`],
    });
  }
  if (r.approvalManagers) {
    setups.push(moduleSetups.manualApproval(modules, r.approvalManagers));
    plan.push({ key: "manualApproval", title: "Manual approval", settings: [`Holder transfers need approval by ${r.approvalManagers.join(", ")}`] });
  }

  return {
    params: {
      name: d.name,
      symbol: d.symbol,
      decimals: d.decimals,
      assetClass: d.assetClass,
      allowedCountries: r.allowedCountries,
      maxHolders: holdersViaParams ? r.maxHolders : 0n,
      maxBalance: r.maxBalance,
    },
    modules: setups,
    modulePlan: plan,
    roles,
    documents: docs.map((x) => ({ ...x, uri: x.uri || null, nameBytes32: stringToHex(x.name, { size: 32 }) })),
    transactionCount: 1 + (roles.length ? 1 : 0) + docs.length,
  };
}

/** The AccessManager `multicall` data granting `roles` (no execution delay). */
export function roleGrantCalls(roles: DeploymentPlan["roles"]): Hex[] {
  return roles.map((g) => encodeFunctionData({ abi: accessManagerAbi, functionName: "grantRole", args: [Role[g.role], g.account, 0] }));
}
