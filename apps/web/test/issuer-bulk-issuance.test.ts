import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAddress, type Address } from "viem";
import { tokenAbi } from "@tessera/contracts";
import { backends } from "@tessera/db/testing";
import { POST as auditPOST } from "../app/api/audit/route";
import { batchMint, deployPlannedAsset } from "../lib/issuer/actions";
import { planDeployment } from "../lib/issuer/asset-wizard/plan";
import { emptyWizardState } from "../lib/issuer/asset-wizard/state";
import { MAX_BULK_ROWS, parseBulkCsv, precheckBulkRows, readyRows, simulateBatchMint } from "../lib/issuer/bulk-issuance";
import type { AuditEntryResponse } from "../lib/shared/api-types";
import { startWebChain, startWebDatabase, type WebChain, type WebDatabase } from "./helpers/backend";
import { Browser, devAccount } from "./helpers/chain";
import { signedIn } from "./helpers/session";

/**
 * Bulk issuance (issue 5, issuer journey 2): CSV rows validated in words, each valid row pre-checked on-chain as a
 * mint, failing rows skipped (never sent), the batch simulated as a whole, the ready rows sent as one batchMint, and
 * the audit log records it (POST /api/audit: 401 anonymous, 403 another wallet, 200 the agent).
 */

let chain: WebChain;
let token: Address;
const addr = (i: number) => devAccount(i).address;
const pc = () => chain.clients.publicClient;

beforeAll(async () => {
  chain = await startWebChain();
  // An asset with 2 decimals, at most 1,000 per wallet and a supply cap of 2,500 (accounts 2, 3, 4 are verified).
  const s = emptyWizardState();
  s.details = { name: "Bulk Test Notes", symbol: "BTN", decimals: "2", assetClass: "1" };
  s.rules.maxBalance = "1000";
  s.rules.supplyCap = "2500";
  const d = await deployPlannedAsset(chain.clients.wallets[0], pc(), chain.deployments, planDeployment(s, chain.deployments.modules));
  token = d.token;
});

afterAll(async () => {
  await chain?.stop();
});

describe("CSV parsing and per-row validation (zod)", () => {
  it("reads wallet,amount lines with an optional header and says what is wrong with each bad row", () => {
    const wrongChecksum = addr(2).replace("C44", "c44");
    const csv = [
      "wallet,amount",
      `${addr(2)},1000`,
      "",
      `${addr(3).toLowerCase()},"1,250.5"`,
      "0x1234,10",
      `${wrongChecksum},10`,
      `${addr(4)},0.005`,
      `${addr(5)},0`,
      `${addr(6)},abc`,
      `${addr(2)},5`,
      `${addr(7)},5,extra`,
    ].join("\r\n");
    const { rows, problem } = parseBulkCsv(csv, 2);
    expect(problem).toBeUndefined();
    expect(rows.map((r) => [r.line, r.error ?? "ok"])).toEqual([
      [2, "ok"],
      [4, "ok"],
      [5, "not a 0x wallet address (42 characters)"],
      [6, "the address checksum is wrong (a typo?)"],
      [7, "at most 2 decimal places"],
      [8, "the amount must be greater than zero"],
      [9, "the amount is not a number of tokens (like 100 or 12.5)"],
      [10, "this wallet is already on line 2"],
      [11, "expected two columns: wallet, amount"],
    ]);
    expect(rows[0]).toMatchObject({ wallet: getAddress(addr(2)), amount: 100_000n });
    expect(rows[1]).toMatchObject({ wallet: getAddress(addr(3)), amount: 125_050n });
  });

  it("refuses an empty CSV and one over the row limit as a whole", () => {
    expect(parseBulkCsv("wallet,amount\n\n", 18).problem).toMatch(/no rows/);
    const many = Array.from({ length: MAX_BULK_ROWS + 1 }, () => `${addr(2)},1`).join("\n");
    expect(parseBulkCsv(many, 18).problem).toBe(`At most ${MAX_BULK_ROWS} rows per issuance (this CSV has ${MAX_BULK_ROWS + 1}).`);
  });
});

describe("on-chain pre-check, batch simulation and batchMint (real anvil)", () => {
  it("skips rows the rules refuse, sends the rest in one batchMint; nothing of a skipped row is minted", async () => {
    const { rows } = parseBulkCsv([`${addr(2)},600`, `${addr(5)},10`, `${addr(3)},1500`, "0x1234,1"].join("\n"), 2);
    const checked = await precheckBulkRows(pc(), token, rows);
    expect(checked.map((r) => r.error ?? (r.precheck?.ok ? "ready" : r.precheck?.reason))).toEqual([
      "ready",
      "the recipient is not verified",
      "the transfer would exceed the maximum balance per investor",
      "not a 0x wallet address (42 characters)",
    ]);
    const ready = readyRows(checked);
    expect(ready.map((r) => r.wallet)).toEqual([getAddress(addr(2))]);
    expect(await simulateBatchMint(pc(), addr(0), token, ready)).toEqual({ ok: true });
    // A wallet without the agent or SUPPLY role is refused by the simulation, before any signature.
    const notAgent = await simulateBatchMint(pc(), addr(2), token, ready);
    expect(notAgent.ok).toBe(false);

    await batchMint(chain.clients.wallets[0], pc(), { token, to: ready.map((r) => r.wallet), amounts: ready.map((r) => r.amount) });
    const balance = (w: Address) => pc().readContract({ address: token, abi: tokenAbi, functionName: "balanceOf", args: [w] });
    expect(await balance(addr(2))).toBe(60_000n);
    expect(await balance(addr(3))).toBe(0n);
    expect(await balance(addr(5))).toBe(0n);
  });

  it("rows that pass one by one but not together (supply cap) are caught by the batch simulation", async () => {
    // Supply 600 of a 2,500 cap: each row alone fits, the three together (2,400 more) do not.
    const { rows } = parseBulkCsv([`${addr(3)},1000`, `${addr(4)},1000`, `${addr(2)},400`].join("\n"), 2);
    const ready = readyRows(await precheckBulkRows(pc(), token, rows));
    expect(ready).toHaveLength(3);
    expect(await simulateBatchMint(pc(), addr(0), token, ready)).toEqual({ ok: false, reason: expect.stringMatching(/supply cap/) });
    expect(await simulateBatchMint(pc(), addr(0), token, ready.slice(0, 1))).toEqual({ ok: true });
  });
});

for (const backend of backends()) {
  describe(`bulk issuance audit entry on ${backend.name}`, () => {
    let db: WebDatabase;
    let hash: `0x${string}`;

    beforeAll(async () => {
      db = await startWebDatabase(backend, { chain });
      const r = await batchMint(chain.clients.wallets[0], pc(), { token, to: [addr(3), addr(4)], amounts: [10_000n, 2_550n] });
      hash = r.hash;
      // Only assets the platform knows (indexed) grant roles: index the wizard's asset.
      await db.waitForIndex(r.receipt.blockNumber);
    });

    afterAll(async () => {
      await db?.stop();
    });

    const post = (b: Browser, body: unknown) => auditPOST(b.request("/api/audit", { method: "POST", body }));

    it("anonymous 401; an investor posting the issuer's batchMint 403; the agent records one bulk-mint entry", async () => {
      expect((await post(new Browser(), { txHash: hash, reason: "Round 2 closing" })).status).toBe(401);
      expect((await post(await signedIn(2), { txHash: hash, reason: "Round 2 closing" })).status).toBe(403);
      const r = await post(await signedIn(0), { txHash: hash, reason: "Round 2 closing" });
      expect(r.status).toBe(200);
      const { entry } = (await r.json()) as AuditEntryResponse;
      expect(entry).toMatchObject({ action: "bulk-mint", amount: "12550", token: token.toLowerCase(), reason: "Round 2 closing", actor: addr(0).toLowerCase() });
      expect(entry.details).toMatchObject({ count: 2, wallets: `${addr(3).toLowerCase()} ${addr(4).toLowerCase()}`, amounts: "10000 2550" });
    });
  });
}
