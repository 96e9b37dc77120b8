import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as nonceGET } from "../app/api/auth/nonce/route";
import { POST as logoutPOST } from "../app/api/auth/logout/route";
import { GET as sessionGET } from "../app/api/auth/session/route";
import { POST as verifyPOST } from "../app/api/auth/verify/route";
import { authenticate } from "../lib/api/with-session";
import { requireComplianceOfficer, requireTokenAgent } from "../lib/permissions/guards";
import { loadSession, SESSION_COOKIE, signValue } from "../lib/auth/session";
import type { SessionResponse } from "../lib/shared/api-types";
import { startWebChain, startWebDatabase, type WebChain, type WebDatabase } from "./helpers/backend";
import { Browser, devAccount, siweMessage } from "./helpers/chain";

let chain: WebChain;
let db: WebDatabase;

beforeAll(async () => {
  chain = await startWebChain({ SESSION_SECRET: undefined });
  // Roles come from the chain; the database keeps nonces and sessions (PGlite here; auth-sessions.test.ts runs the
  // session rules on PostgreSQL too). Only assets the platform knows (indexed from its factory) grant token roles:
  // index the demo asset.
  db = await startWebDatabase("pglite", { chain, indexer: true });
});

afterAll(async () => {
  await db?.stop();
  await chain?.stop();
});

/** Nonce → EIP-4361 message signed by dev account `index` (or `signer`) → POST /api/auth/verify. */
async function signIn(browser: Browser, index: number, opts: { signer?: number; over?: Parameters<typeof siweMessage>[2] } = {}) {
  const nonceRes = browser.take(await nonceGET(browser.request("/api/auth/nonce")));
  const { nonce } = (await nonceRes.json()) as { nonce: string };
  const message = siweMessage(devAccount(index).address, nonce, opts.over);
  const signature = await devAccount(opts.signer ?? index).signMessage({ message });
  return browser.take(await verifyPOST(browser.request("/api/auth/verify", { method: "POST", body: { message, signature } })));
}

async function session(browser: Browser, token?: string): Promise<SessionResponse> {
  const res = await sessionGET(browser.request(token ? `/api/auth/session?token=${token}` : "/api/auth/session"));
  expect(res.status).toBe(200);
  return (await res.json()) as SessionResponse;
}

describe("Sign-In with Ethereum", () => {
  it("hands out a nonce in a signed httpOnly, SameSite=Lax cookie", async () => {
    const res = await nonceGET(new Browser().request("/api/auth/nonce"));
    const { nonce } = (await res.json()) as { nonce: string };
    expect(nonce).toMatch(/^[a-zA-Z0-9]{8,}$/);
    const cookie = res.headers.getSetCookie().join("\n");
    expect(cookie).toMatch(/tessera_siwe_nonce=.+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=600/);
    expect(cookie).not.toContain(nonce); // signed and encoded, not the bare value
  });

  it("signs in with a valid signature: session cookie (httpOnly, Lax, expiry) and roles read from the chain", async () => {
    const browser = new Browser();
    const res = await signIn(browser, 0);
    expect(res.status).toBe(200);
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    expect(setCookie).toMatch(/; Path=\/; HttpOnly; SameSite=Lax; Max-Age=28800$/);
    const body = (await res.json()) as SessionResponse;
    expect(body.session?.address).toBe(devAccount(0).address.toLowerCase());
    expect(Date.parse(body.session!.expiresAt) - Date.parse(body.session!.issuedAt)).toBe(8 * 3600 * 1000);
    // The nonce is spent: the nonce cookie is deleted.
    expect(browser.cookies.has("tessera_siwe_nonce")).toBe(false);

    const issuer = await session(browser, chain.demo.token);
    expect(issuer.session?.roles).toEqual({
      complianceOfficer: false,
      registryOwner: true, // account 0 deployed the registry
      // Admin of its AccessManager; the demo vault's fund administrator, NAV agent and corporate-actions desk (seedDemo).
      tokens: [{ token: chain.demo.token.toLowerCase(), agent: true, owner: true, roles: ["ADMIN", "FUND_ADMIN", "NAV_AGENT", "CORPORATE_ACTIONS"] }],
    });
  });

  it("reads each wallet's roles: compliance officer, investor with none", async () => {
    const officer = new Browser();
    expect((await signIn(officer, 1)).status).toBe(200);
    // The compliance officer is also the demo vault's NAV approver (the second person for large NAV moves).
    expect((await session(officer, chain.demo.token)).session?.roles).toEqual({
      complianceOfficer: true, registryOwner: false,
      tokens: [{ token: chain.demo.token.toLowerCase(), agent: false, owner: false, roles: ["NAV_APPROVER"] }],
    });
    const investor = new Browser();
    expect((await signIn(investor, 2)).status).toBe(200);
    expect((await session(investor, chain.demo.token)).session?.roles).toEqual({ complianceOfficer: false, registryOwner: false, tokens: [] });
  });

  it("reads AccessManager roles: a FREEZER desk that is not an agent sees the token with its role, until revoked", async () => {
    const { grantRole, revokeRole } = await import("@tessera/sdk/suite");
    const { tokenAbi } = await import("@tessera/contracts");
    const { wallets, publicClient } = chain.clients;
    const token = chain.demo.token;
    const accessManager = await publicClient.readContract({ address: token, abi: tokenAbi, functionName: "authority" });
    const desk = devAccount(6).address;
    await grantRole(wallets[0], publicClient, { accessManager, role: "FREEZER", account: desk });
    const browser = new Browser();
    expect((await signIn(browser, 6)).status).toBe(200);
    expect((await session(browser, token)).session?.roles.tokens).toEqual([{ token: token.toLowerCase(), agent: false, owner: false, roles: ["FREEZER"] }]);
    await revokeRole(wallets[0], publicClient, { accessManager, role: "FREEZER", account: desk });
    expect((await session(browser, token)).session?.roles.tokens).toEqual([]);
  });

  it.each([
    ["another wallet's signature", { signer: 3 }, /signature does not match/],
    ["another site's domain", { over: { domain: "evil.test" } }, /is for evil\.test/],
    ["another chain", { over: { chainId: 1 } }, /chain 31337/],
    ["an expired message", { over: { issuedAt: new Date(Date.now() - 3_600_000), expirationTime: new Date(Date.now() - 60_000) } }, /expired/],
  ] as const)("refuses %s with 401 and the reason", async (_name, opts, reason) => {
    const browser = new Browser();
    const res = await signIn(browser, 2, opts as never);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(reason);
    expect(browser.cookies.has(SESSION_COOKIE)).toBe(false);
  });

  it("refuses a nonce it did not hand out, and a nonce used twice", async () => {
    const browser = new Browser();
    const message = siweMessage(devAccount(2).address, "abcdefgh12345678");
    const signature = await devAccount(2).signMessage({ message });
    const res = await verifyPOST(browser.request("/api/auth/verify", { method: "POST", body: { message, signature } }));
    expect(res.status).toBe(401);

    const replay = new Browser();
    const nonceRes = replay.take(await nonceGET(replay.request("/api/auth/nonce")));
    const { nonce } = (await nonceRes.json()) as { nonce: string };
    const m = siweMessage(devAccount(2).address, nonce);
    const sig = await devAccount(2).signMessage({ message: m });
    const saveCookies = new Map(replay.cookies);
    expect(replay.take(await verifyPOST(replay.request("/api/auth/verify", { method: "POST", body: { message: m, signature: sig } }))).status).toBe(200);
    // The nonce cookie is deleted on use, and the nonce is spent on the server: a captured cookie replayed with the
    // same signed message is refused.
    expect(replay.cookies.has("tessera_siwe_nonce")).toBe(false);
    const again = new Browser();
    again.cookies = saveCookies;
    expect((await verifyPOST(again.request("/api/auth/verify", { method: "POST", body: { message: m, signature: sig } }))).status).toBe(401);
  });

  it("refuses a sign-in posted from another site (403)", async () => {
    const browser = new Browser();
    const nonceRes = browser.take(await nonceGET(browser.request("/api/auth/nonce")));
    const { nonce } = (await nonceRes.json()) as { nonce: string };
    const message = siweMessage(devAccount(2).address, nonce);
    const signature = await devAccount(2).signMessage({ message });
    const res = await verifyPOST(browser.request("/api/auth/verify", { method: "POST", body: { message, signature }, origin: "http://evil.test" }));
    expect(res.status).toBe(403);
  });

  it("ignores a tampered session cookie, one naming no server-side session, and the old stateless cookies", async () => {
    const browser = new Browser();
    await signIn(browser, 0);
    const good = browser.cookies.get(SESSION_COOKIE)!;
    expect(await loadSession(browser.request("/"))).not.toBeNull();
    // Swap the payload for another token, keeping the old MAC.
    const [, macPart] = decodeURIComponent(good).split(".");
    const forged = Buffer.from(JSON.stringify({ v: 2, t: "A".repeat(43) })).toString("base64url");
    browser.cookies.set(SESSION_COOKIE, encodeURIComponent(`${forged}.${macPart}`));
    expect(await loadSession(browser.request("/"))).toBeNull();
    expect((await session(browser)).session).toBeNull();
    // Signed by this server, but no such session in the database.
    browser.cookies.set(SESSION_COOKIE, encodeURIComponent(signValue({ v: 2, t: "B".repeat(43) })));
    expect(await loadSession(browser.request("/"))).toBeNull();
    // The former self-contained cookie (address and expiry signed, nothing on the server) no longer counts.
    const now = Math.floor(Date.now() / 1000);
    browser.cookies.set(SESSION_COOKIE, encodeURIComponent(signValue({ v: 1, address: devAccount(0).address.toLowerCase(), chainId: 31337, issuedAt: now, expiresAt: now + 100 })));
    expect(await loadSession(browser.request("/"))).toBeNull();
  });

  it("signs out: the cookie is deleted and the session is gone", async () => {
    const browser = new Browser();
    await signIn(browser, 0);
    expect((await session(browser)).session).not.toBeNull();
    const res = browser.take(await logoutPOST(browser.request("/api/auth/logout", { method: "POST" })));
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().join()).toMatch(/tessera_session=; Path=\/; HttpOnly; SameSite=Lax; Max-Age=0/);
    expect((await session(browser)).session).toBeNull();
  });
});

describe("role checks on state-changing requests (read from the chain on every call)", () => {
  const browsers: Record<string, Browser> = {};
  beforeAll(async () => {
    for (const [name, index] of [["issuer", 0], ["officer", 1], ["investor", 2]] as const) {
      browsers[name] = new Browser();
      expect((await signIn(browsers[name], index)).status).toBe(200);
    }
  });
  const post = (b: Browser | undefined) => (b ?? new Browser()).request("/api/x", { method: "POST", body: {} });
  // The route wrapper authenticates the request (lib/api/with-session); the guards take the session it found.
  const requireSession = authenticate;

  it("requires a session (401) and a same-site origin (403)", async () => {
    await expect(requireSession(post(undefined))).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    const cross = browsers.issuer.request("/api/x", { method: "POST", body: {}, origin: "https://evil.test" });
    await expect(requireSession(cross)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect((await requireSession(post(browsers.issuer))).address).toBe(devAccount(0).address.toLowerCase());
  });

  it.each([
    ["issuer", "agent of the token", true, false],
    ["officer", "compliance officer", false, true],
    ["investor", "no role", false, false],
  ] as const)("%s (%s): token agent %s, compliance officer %s", async (who, _what, agent, officer) => {
    const token = chain.demo.token;
    const tokenCheck = requireSession(post(browsers[who])).then((s) => requireTokenAgent(s, token));
    if (agent) await expect(tokenCheck).resolves.toMatchObject({ address: expect.any(String) });
    else await expect(tokenCheck).rejects.toMatchObject({ code: "FORBIDDEN" });
    const officerCheck = requireSession(post(browsers[who])).then(requireComplianceOfficer);
    if (officer) await expect(officerCheck).resolves.toMatchObject({ address: expect.any(String) });
    else await expect(officerCheck).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("follows the chain: an agent removed on-chain is refused at once", async () => {
    const { wallets, publicClient } = chain.clients;
    const { tokenAbi } = await import("@tessera/contracts");
    const token = chain.demo.token;
    const investor = devAccount(2).address;
    const add = await wallets[0].writeContract({ address: token, abi: tokenAbi, functionName: "addAgent", args: [investor], chain: wallets[0].chain });
    await publicClient.waitForTransactionReceipt({ hash: add });
    await expect(requireSession(post(browsers.investor)).then((s) => requireTokenAgent(s, token))).resolves.toBeTruthy();
    const rm = await wallets[0].writeContract({ address: token, abi: tokenAbi, functionName: "removeAgent", args: [investor], chain: wallets[0].chain });
    await publicClient.waitForTransactionReceipt({ hash: rm });
    await expect(requireSession(post(browsers.investor)).then((s) => requireTokenAgent(s, token))).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
