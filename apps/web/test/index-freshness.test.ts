import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tokenAbi } from "@tessera/contracts";
import { grantRole, revokeRole } from "@tessera/sdk/suite";
import { GET as capTableGET } from "../app/api/assets/[token]/cap-table/route";
import { GET as sessionGET } from "../app/api/auth/session/route";
import type { ErrorBody } from "../lib/api/errors";
import type { SessionResponse } from "../lib/shared/api-types";
import { startWebChain, startWebDatabase, withIndexWait, type WebChain, type WebDatabase } from "./helpers/backend";
import { devAccount, type Browser } from "./helpers/chain";
import { signedIn } from "./helpers/session";

/**
 * Token roles are read from the index (AssetAgent, RoleMember), not the chain, once the index has reached the chain
 * head seen at the request (lib/index/at-head): a role granted in a transaction just confirmed counts at once, and a
 * guard never reads a lagging index as a yes or a no (503 INDEX_BEHIND). The session's role hint answers from the
 * index as it stands instead, so signing in never waits for a backfill. PGlite only: the behaviour is the web's.
 */
let chain: WebChain;
let db: WebDatabase;

beforeAll(async () => {
  chain = await startWebChain();
  db = await startWebDatabase("pglite", { chain, indexer: true });
});
afterAll(async () => {
  await db?.stop();
  await chain?.stop();
});

describe("roles read from the index at the chain head", () => {
  const desk = devAccount(7).address;
  const token = () => chain.demo.token.toLowerCase() as `0x${string}`;
  const capTable = (b: Browser) => capTableGET(b.request(`/api/assets/${token()}/cap-table`), { params: Promise.resolve({ token: token() }) });
  const accessManager = () => chain.clients.publicClient.readContract({ address: chain.demo.token, abi: tokenAbi, functionName: "authority" });
  let browser: Browser;

  beforeAll(async () => {
    browser = await signedIn(7);
  });

  it("a role granted in a transaction just confirmed opens the cap table at once (the route waits for the index); revoked, it closes it", async () => {
    const { wallets, publicClient } = chain.clients;
    expect((await capTable(browser)).status).toBe(403);
    await grantRole(wallets[0], publicClient, { accessManager: await accessManager(), role: "SUPPLY", account: desk });
    expect((await capTable(browser)).status).toBe(200);
    await revokeRole(wallets[0], publicClient, { accessManager: await accessManager(), role: "SUPPLY", account: desk });
    expect((await capTable(browser)).status).toBe(403);
  });

  it("with the indexer stopped behind the head, a guard answers 503 INDEX_BEHIND and the session hint the index as it stands", async () => {
    const { wallets, publicClient } = chain.clients;
    await db.indexer?.stop();
    await grantRole(wallets[0], publicClient, { accessManager: await accessManager(), role: "SUPPLY", account: desk });
    // The indexer is stopped on purpose: the answers are the same after any wait, so a short one (not 5 s per call).
    await withIndexWait(200, async () => {
      const r = await capTable(browser);
      expect(r.status).toBe(503);
      expect(((await r.json()) as ErrorBody).error.code).toBe("INDEX_BEHIND");
      const s = await sessionGET(browser.request("/api/auth/session"));
      expect(s.status).toBe(200);
      expect(((await s.json()) as SessionResponse).session?.roles.tokens).toEqual([]); // the grant is not indexed
    });
  });
});
