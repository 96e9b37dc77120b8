import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keccak256, stringToHex, toHex, type Abi, type Address } from "viem";
import {
  countryBlockModuleAbi,
  identityMaxBalanceModuleAbi,
  lockUpModuleAbi,
  manualApprovalModuleAbi,
  maxHoldersModuleAbi,
  minHoldingModuleAbi,
  modularComplianceAbi,
  supplyCapModuleAbi,
  tokenAbi,
  transferLimitModuleAbi,
  Role,
} from "@tessera/contracts";
import { hasRole } from "@tessera/sdk/suite";
import { deployPlannedAsset } from "../lib/issuer/actions";
import { planDeployment } from "../lib/issuer/asset-wizard/plan";
import { validateStep } from "../lib/issuer/asset-wizard/schemas";
import { emptyWizardState, type WizardState } from "../lib/issuer/asset-wizard/state";
import { devAccount, startTestChain, type TestChain } from "./helpers/chain";

/**
 * The "Create asset" wizard: its zod validation says what is wrong in words, and what the review step lists is exactly
 * what one factory transaction deploys on a real anvil (every module configured), followed by the role grants and
 * the ERC-1643 documents.
 */

let chain: TestChain;
beforeAll(async () => {
  chain = await startTestChain();
});
afterAll(async () => {
  await chain?.dispose();
});

const E6 = 10n ** 6n;
const DAY = 86_400n;

function fullState(): WizardState {
  const s = emptyWizardState();
  s.details = { name: "Harbor Bond 2031", symbol: "HB31", decimals: "6", assetClass: "1" };
  s.rules = {
    allowedCountries: "840, 826, 250",
    blockedCountries: "408",
    maxHolders: "100",
    countryHolderLimits: "840:60, 826:30",
    maxBalance: "50,000",
    identityMaxBalance: "80000",
    minHolding: "10.5",
    supplyCap: "1000000",
    lockUpDays: "365",
    transferLimit: "5000",
    transferLimitDays: "30",
    manualApproval: true,
    approvers: devAccount(1).address,
  };
  s.roles = [
    { role: "SUPPLY", account: devAccount(1).address },
    { role: "FREEZER", account: devAccount(8).address },
  ];
  s.documents = [{ name: "Prospectus", uri: "https://example.org/prospectus.pdf", hash: keccak256(toHex("prospectus v1")) }];
  return s;
}

describe("wizard validation (zod, per step)", () => {
  it("reports each bad detail field in words", () => {
    const s = emptyWizardState();
    s.details = { name: " ", symbol: "TOO LONG SYMBOL", decimals: "19", assetClass: "1" };
    const e = validateStep(s, "details");
    expect(e["details.name"]).toBe("Enter a name.");
    expect(e["details.symbol"]).toBe("Use 1-11 letters or digits.");
    expect(e["details.decimals"]).toBe("Enter 0 to 18.");
  });

  it("checks token amounts against the decimals and rules against each other", () => {
    const s = fullState();
    s.details.decimals = "2";
    s.rules.minHolding = "10.505"; // three places with 2 decimals
    s.rules.blockedCountries = "840"; // also allowed
    s.rules.transferLimitDays = ""; // volume without a period
    s.rules.countryHolderLimits = "840-60";
    const e = validateStep(s, "rules");
    expect(e["rules.minHolding"]).toBe("At most 2 decimal places (the token has 2 decimals).");
    expect(e["rules.countryHolderLimits"]).toBe('"840-60" is not "country:limit" (e.g. 840:100).');
    // The cross-field checks run once every field parses.
    s.rules.minHolding = "10.5";
    s.rules.countryHolderLimits = "840:60";
    const e2 = validateStep(s, "rules");
    expect(e2["rules.blockedCountries"]).toBe("Country 840 is both allowed and blocked.");
    expect(e2["rules.transferLimitDays"]).toBe("Enter both the volume and the period (days), or neither.");
  });

  it("refuses bad role grants and documents", () => {
    const s = fullState();
    s.roles = [
      { role: "SUPPLY", account: "0x1234" },
      { role: "ADMIN", account: devAccount(2).address },
      { role: "FREEZER", account: devAccount(8).address },
      { role: "FREEZER", account: devAccount(8).address.toLowerCase() },
    ];
    s.documents = [{ name: "A name that is much longer than thirty-two bytes", uri: "", hash: "" }];
    const roles = validateStep(s, "roles");
    expect(roles["roles.0.account"]).toBe("Enter a 0x wallet address (42 characters).");
    expect(roles["roles.1.role"]).toBe("Choose a role.");
    const docs = validateStep(s, "documents");
    expect(docs["documents.0.name"]).toMatch(/At most 32 bytes/);
    expect(docs["documents.0.uri"]).toBe("Enter the document's URI, or leave it empty and choose the file to store it on Tessera.");
    expect(docs["documents.0.hash"]).toBe("Choose the file so its hash can be computed.");
    s.roles = s.roles.slice(2);
    expect(validateStep(s, "roles")["roles.1.account"]).toBe("This grant is listed twice.");
  });

  it("a document without a URI but with a file is stored on Tessera after the deployment", async () => {
    const s = fullState();
    const bytes = new TextEncoder().encode("articles v1");
    s.documents = [{ name: "Articles", uri: "", hash: keccak256(bytes), fileName: "articles.txt", file: new Blob([bytes]) }];
    expect(validateStep(s, "documents")).toEqual({});
    const plan = planDeployment(s, chain.deployments.modules);
    expect(plan.documents[0]).toMatchObject({ name: "Articles", uri: null, fileName: "articles.txt" });
    expect(plan.transactionCount).toBe(3); // the upload is off-chain
    s.documents[0].file = new Blob([new Uint8Array(2 * 1024 * 1024 + 1)]);
    expect(validateStep(s, "documents")["documents.0.hash"]).toBe("Files stored on Tessera can have at most 2 MiB.");
  });

  it("an empty rule set deploys the token alone in one transaction", () => {
    const s = emptyWizardState();
    s.details = { name: "Plain Fund", symbol: "PLN", decimals: "18", assetClass: "0" };
    const plan = planDeployment(s, chain.deployments.modules);
    expect(plan.modulePlan).toEqual([]);
    expect(plan.modules).toEqual([]);
    expect(plan.transactionCount).toBe(1);
    expect(plan.params).toMatchObject({ maxHolders: 0n, maxBalance: 0n, allowedCountries: [] });
  });
});

describe("the plan is what gets deployed (real anvil)", () => {
  it("one factory transaction configures every module of the review; roles and documents follow", async () => {
    const plan = planDeployment(fullState(), chain.deployments.modules);
    expect(plan.modulePlan.map((m) => m.title)).toEqual([
      "Country allow list",
      "Max holders",
      "Max balance per wallet",
      "Country block list",
      "Max balance per identity",
      "Minimum holding",
      "Supply cap",
      "Lock-up per issuance",
      "Transfer volume limit",
      "Manual approval",
    ]);
    expect(plan.modulePlan[2].settings).toEqual(["At most 50,000 HB31 per wallet"]);
    expect(plan.modulePlan[5].settings[0]).toMatch(/No position below 10\.5 HB31/);
    expect(plan.params.maxHolders).toBe(0n); // per-country limits: the module is configured as an extra instead
    expect(plan.transactionCount).toBe(3);

    const issuer = chain.clients.wallets[0];
    const pc = chain.clients.publicClient;
    const steps: string[] = [];
    const d = await deployPlannedAsset(issuer, pc, chain.deployments, plan, (t) => steps.push(t));
    expect(steps).toEqual([
      "Transaction 1 of 3: deploy the asset through the factory",
      "Transaction 2 of 3: grant 2 roles",
      'Transaction 3 of 3: register document "Prospectus"',
    ]);

    const m = chain.deployments.modules;
    const read = <T>(address: Address, abi: Abi, functionName: string, args: readonly unknown[] = []) =>
      pc.readContract({ address, abi, functionName, args } as never) as Promise<T>;
    const c = d.compliance;
    const modules = (await read<Address[]>(c, modularComplianceAbi as Abi, "getModules")).map((a) => a.toLowerCase());
    const expected = [m.countryAllow, m.maxHolders, m.maxBalance, m.countryBlock, m.identityMaxBalance, m.minHolding, m.supplyCap, m.lockUp, m.transferLimit, m.manualApproval];
    expect(modules.sort()).toEqual(expected.map((a) => a!.toLowerCase()).sort());

    expect(await read(m.maxHolders, maxHoldersModuleAbi as Abi, "getHolderLimit", [c])).toBe(100n);
    expect(await read(m.maxHolders, maxHoldersModuleAbi as Abi, "getCountryHolders", [c, 840])).toEqual([60n, 0n]);
    expect(await read(m.maxHolders, maxHoldersModuleAbi as Abi, "getCountryHolders", [c, 826])).toEqual([30n, 0n]);
    expect(await read(m.countryBlock!, countryBlockModuleAbi as Abi, "isCountryBlocked", [c, 408])).toBe(true);
    expect(await read(m.identityMaxBalance!, identityMaxBalanceModuleAbi as Abi, "getIdentityMaxBalance", [c])).toBe(80_000n * E6);
    expect(await read(m.minHolding!, minHoldingModuleAbi as Abi, "getMinHolding", [c])).toBe(10_500_000n);
    expect(await read(m.supplyCap!, supplyCapModuleAbi as Abi, "getSupplyCap", [c])).toBe(1_000_000n * E6);
    expect(await read(m.lockUp!, lockUpModuleAbi as Abi, "getLockUpPeriod", [c])).toBe(365n * DAY);
    expect(await read(m.transferLimit!, transferLimitModuleAbi as Abi, "getTransferLimit", [c])).toEqual([30n * DAY, 5_000n * E6]);
    expect(await read(m.manualApproval!, manualApprovalModuleAbi as Abi, "isTransferApprover", [c, devAccount(1).address])).toBe(true);

    expect(await read(d.token, tokenAbi as Abi, "decimals")).toBe(6);
    expect(await read(d.token, tokenAbi as Abi, "assetClass")).toBe(1);
    expect(await hasRole(pc, { accessManager: d.accessManager, role: "SUPPLY", account: devAccount(1).address })).toBe(true);
    expect(await hasRole(pc, { accessManager: d.accessManager, role: "FREEZER", account: devAccount(8).address })).toBe(true);
    expect(await hasRole(pc, { accessManager: d.accessManager, role: "FREEZER", account: devAccount(1).address })).toBe(false);
    expect(Role.SUPPLY).toBe(1n);

    const [uri, hash] = await read<readonly [string, string, bigint]>(d.token, tokenAbi as Abi, "getDocument", [stringToHex("Prospectus", { size: 32 })]);
    expect(uri).toBe("https://example.org/prospectus.pdf");
    expect(hash).toBe(keccak256(toHex("prospectus v1")));
  });
});
