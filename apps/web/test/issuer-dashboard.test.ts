import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "@tessera/db/testing";
import { burn, pause, unpause } from "@tessera/sdk";
import { GET as dashboardGET } from "../app/api/assets/[token]/dashboard/route";
import { POST as applicationsPOST } from "../app/api/applications/route";
import type { DashboardResponse } from "../lib/issuer/get-dashboard";
import { startWebChain, startWebDatabase, type WebChain, type WebDatabase } from "./helpers/backend";
import { Browser, devAccount } from "./helpers/chain";
import { signedIn } from "./helpers/session";

/**
 * Issuer dashboard (issue 5, issuer journey 3): supply, holders, countries, supply and holders over time (packages/db
 * history), recent activity and pending actions, for the token's agents only (401 / 403). Real anvil, real indexer,
 * PGlite (and PostgreSQL).
 */
let chain: WebChain;
const E18 = 10n ** 18n;
const addr = (i: number) => devAccount(i).address.toLowerCase();

beforeAll(async () => {
  chain = await startWebChain();
});
afterAll(async () => {
  await chain?.stop();
});

let round = 0;
for (const backend of backends()) {
  describe(`issuer dashboard on ${backend.name}`, () => {
    let db: WebDatabase;
    let tdf: `0x${string}`;
    const get = (b: Browser) => dashboardGET(b.request(`/api/assets/${tdf}/dashboard`), { params: Promise.resolve({ token: tdf }) });

    beforeAll(async () => {
      db = await startWebDatabase(backend, { chain, indexer: true });
      round++;
      tdf = chain.demo.token.toLowerCase() as `0x${string}`;
    });
    afterAll(async () => {
      await db?.stop();
    });

    it("anonymous 401; an investor 403", async () => {
      expect((await get(new Browser())).status).toBe(401);
      expect((await get(await signedIn(2))).status).toBe(403);
    });

    it("shows supply, holders, countries, the supply series, recent activity and pending actions", async () => {
      const { wallets, publicClient } = chain.clients;
      // The second backend sees the first one's burn too (one chain): supply before this round's burn.
      const before = 15_000n * E18 - BigInt(round - 1) * 1_000n * E18;
      const b = await burn(wallets[0], publicClient, { token: tdf, wallet: devAccount(2).address, amount: 1_000n * E18 });
      await pause(wallets[0], publicClient, { token: tdf });
      const applicant = await signedIn(9 - round); // one pending application per round (a wallet applies once)
      const app = await applicationsPOST(applicant.request("/api/applications", { method: "POST", body: { name: "Ada Applicant", country: 826, investorType: "individual", accredited: true } }));
      expect(app.status).toBeLessThan(300);
      await db.waitForIndex();

      const r = await get(await signedIn(0));
      expect(r.status).toBe(200);
      const d = (await r.json()) as DashboardResponse;
      expect(d.totalSupply).toBe((before - 1_000n * E18).toString());
      expect(d.holders).toBe(2);
      expect(d.countries).toEqual([
        { country: 840, holders: 1, balance: (10_000n * E18 - BigInt(round) * 1_000n * E18).toString() },
        { country: 826, holders: 1, balance: (5_000n * E18).toString() },
      ]);
      // One chain day: per-block points, the last one after the burn, the one before it at the previous supply.
      expect(d.bucket).toBe("block");
      expect(d.history.at(-1)).toMatchObject({ block: b.receipt.blockNumber.toString(), totalSupply: d.totalSupply, holders: 2 });
      expect(d.history.at(-2)?.totalSupply).toBe(before.toString());
      expect(d.history[0].totalSupply).toBe((10_000n * E18).toString()); // the seed's first mint
      expect(d.recentActivity[0]).toMatchObject({ kind: "burn", from: addr(2), amount: (1_000n * E18).toString(), txHash: b.hash });
      expect(d.pendingActions.map((a) => a.kind)).toEqual(["paused", "pending-applications"]);
      expect(d.pendingActions[1].text).toMatch(/^\d+ onboarding applications? awaits? review by a compliance officer\.$/);
      await unpause(wallets[0], publicClient, { token: tdf });
    });
  });
}
