import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "@tessera/db/testing";
import { POST as logoutPOST } from "../app/api/auth/logout/route";
import { GET as nonceGET } from "../app/api/auth/nonce/route";
import { GET as sessionGET } from "../app/api/auth/session/route";
import { POST as verifyPOST } from "../app/api/auth/verify/route";
import { GET as portfolioGET } from "../app/api/portfolio/route";
import { getPrisma } from "../lib/db/prisma";
import type { SessionResponse } from "../lib/shared/api-types";
import { restoreEnv, startWebChain, startWebDatabase, type WebChain, type WebDatabase } from "./helpers/backend";
import { Browser, devAccount, HOST, ORIGIN, siweMessage } from "./helpers/chain";

/**
 * Sign-in and sessions against a hostile client (security review findings): the SIWE domain, URI and Origin are
 * judged against the configured public origin (TESSERA_PUBLIC_ORIGIN), never the request's Host headers; a nonce
 * signs in once; signing out or revoking ends a session on the server, whatever the browser keeps; the message's
 * time window is bounded. Real anvil (signatures are verified through it), PGlite (and PostgreSQL).
 */
let chain: WebChain;

beforeAll(async () => {
  chain = await startWebChain({ TESSERA_PUBLIC_ORIGIN: ORIGIN, SESSION_SECRET: undefined });
});
afterAll(async () => {
  await chain?.stop();
});

type Over = Parameters<typeof siweMessage>[2];

/** GET /api/auth/nonce in `browser`; the nonce. */
async function nonceFor(browser: Browser): Promise<string> {
  const res = browser.take(await nonceGET(browser.request("/api/auth/nonce")));
  expect(res.status).toBe(200);
  return ((await res.json()) as { nonce: string }).nonce;
}

/** A message by dev account `index` for `nonce`, signed. */
async function signed(index: number, nonce: string, over: Over = {}) {
  const message = siweMessage(devAccount(index).address, nonce, over);
  return { message, signature: await devAccount(index).signMessage({ message }) };
}

/** POST /api/auth/verify with the jar's cookies and explicit headers (a relay can send any Host and no Origin). */
function verifyRaw(browser: Browser, body: unknown, headers: Record<string, string>): Promise<Response> {
  const h = new Headers({ "content-type": "application/json", ...headers });
  if (browser.cookies.size) h.set("cookie", [...browser.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
  return verifyPOST(new Request(`http://${headers.host ?? HOST}/api/auth/verify`, { method: "POST", headers: h, body: JSON.stringify(body) }));
}

async function signIn(browser: Browser, index: number, over: Over = {}): Promise<Response> {
  const body = await signed(index, await nonceFor(browser), over);
  return browser.take(await verifyPOST(browser.request("/api/auth/verify", { method: "POST", body })));
}

async function sessionOf(browser: Browser): Promise<SessionResponse["session"]> {
  const res = await sessionGET(browser.request("/api/auth/session"));
  expect(res.status).toBe(200);
  return ((await res.json()) as SessionResponse).session;
}

const errorMessage = async (res: Response) => ((await res.json()) as { error: { message: string } }).error.message;

describe("TESSERA_PUBLIC_ORIGIN (zod-checked; a safe local default)", () => {
  it("takes an http(s) origin and normalizes it; refuses paths, credentials, other schemes and junk", async () => {
    const { publicOriginSchema } = await import("../lib/config/server-config");
    expect(publicOriginSchema.parse("https://Tessera.Example/")).toBe("https://tessera.example");
    expect(publicOriginSchema.parse("http://localhost:3210")).toBe("http://localhost:3210");
    for (const bad of ["https://tessera.example/app", "https://u:p@tessera.example", "ftp://tessera.example", "tessera.example", "https://tessera.example/?x=1"]) {
      expect(publicOriginSchema.safeParse(bad).success, bad).toBe(false);
    }
  });

  it("defaults to http://localhost:<PORT or WEB_PORT>", async () => {
    const { getServerConfig, resetServerConfig } = await import("../lib/config/server-config");
    const env = { ...process.env };
    try {
      delete process.env.TESSERA_PUBLIC_ORIGIN;
      delete process.env.PORT;
      process.env.WEB_PORT = "3210";
      resetServerConfig();
      expect(getServerConfig().publicOrigin).toBe("http://localhost:3210");
    } finally {
      restoreEnv(env);
      resetServerConfig();
    }
  });
});

for (const backend of backends()) {
  describe(`sign-in and sessions on ${backend.name}`, () => {
    let db: WebDatabase;

    beforeAll(async () => {
      db = await startWebDatabase(backend, { chain });
    });
    afterAll(async () => {
      await db?.stop();
    });

    describe("the SIWE domain, URI and Origin are the configured public origin, not the request's headers", () => {
      it("refuses a message for a phishing domain relayed with a spoofed Host / X-Forwarded-Host (401, no session)", async () => {
        const relay = new Browser();
        const nonce = await nonceFor(relay);
        const body = await signed(2, nonce, { domain: "evil.example", uri: "https://evil.example" });
        for (const headers of [{ host: "evil.example" }, { host: HOST, "x-forwarded-host": "evil.example" }] as Record<string, string>[]) {
          const res = await verifyRaw(relay, body, headers);
          expect(res.status).toBe(401);
          expect(await errorMessage(res)).toMatch(/is for evil\.example, not tessera\.test/);
          expect(res.headers.getSetCookie().join()).not.toContain("tessera_session=");
        }
      });

      it("refuses a verify posted by another origin even when the Host header agrees with it (403)", async () => {
        const browser = new Browser();
        const body = await signed(2, await nonceFor(browser), { domain: "evil.example", uri: "https://evil.example" });
        const res = await verifyRaw(browser, body, { host: "evil.example", origin: "https://evil.example" });
        expect(res.status).toBe(403);
      });

      it("refuses a message whose URI is on another origin (401)", async () => {
        const browser = new Browser();
        const res = await signIn(browser, 2, { uri: "https://evil.example/login" });
        expect(res.status).toBe(401);
        expect(await errorMessage(res)).toMatch(/URI https:\/\/evil\.example\/login is not on http:\/\/tessera\.test/);
        expect(await sessionOf(browser)).toBeNull();
      });

      it("signs in with a message for the configured origin, whatever Host the proxy forwards", async () => {
        const browser = new Browser();
        const body = await signed(2, await nonceFor(browser));
        const res = browser.take(await verifyRaw(browser, body, { host: "127.0.0.1:3000", origin: ORIGIN }));
        expect(res.status).toBe(200);
        expect((await sessionOf(browser))?.address).toBe(devAccount(2).address.toLowerCase());
      });
    });

    describe("a nonce signs in once", () => {
      it("refuses the same message, signature and nonce cookie replayed after a sign-in (one session, not three)", async () => {
        const attacker = new Browser();
        const body = await signed(2, await nonceFor(attacker));
        const captured = new Map(attacker.cookies); // the nonce cookie as sent with the first verify
        const statuses: number[] = [];
        for (let i = 0; i < 3; i++) {
          const replay = new Browser();
          replay.cookies = new Map(captured);
          statuses.push((await verifyPOST(replay.request("/api/auth/verify", { method: "POST", body }))).status);
        }
        expect(statuses).toEqual([200, 401, 401]);
      });

      it("lets exactly one of two concurrent sign-ins with the same nonce through", async () => {
        const browser = new Browser();
        const body = await signed(3, await nonceFor(browser));
        const results = await Promise.all(
          [0, 1].map(async () => (await verifyPOST(browser.request("/api/auth/verify", { method: "POST", body }))).status),
        );
        expect(results.sort()).toEqual([200, 401]);
      });

      it("refuses a nonce this server never handed out, even inside a validly signed cookie of another nonce", async () => {
        const browser = new Browser();
        await nonceFor(browser);
        const res = browser.take(await verifyPOST(browser.request("/api/auth/verify", { method: "POST", body: await signed(2, "abcdefgh12345678") })));
        expect(res.status).toBe(401);
      });

      it("hands out nonces without writing to the database (anonymous callers cannot fill it); a sign-in records its nonce", async () => {
        const used = () => getPrisma().authNonce.count();
        const before = await used();
        const browsers = Array.from({ length: 50 }, () => new Browser());
        for (const b of browsers) await nonceFor(b);
        expect(await used()).toBe(before);
        const body = await signed(2, await nonceFor(browsers[0]!));
        expect(browsers[0]!.take(await verifyPOST(browsers[0]!.request("/api/auth/verify", { method: "POST", body }))).status).toBe(200);
        expect(await used()).toBe(before + 1);
      });

      it("hands out unrelated nonces (128-bit hex from the OS CSPRNG, not shifted copies of one buffer)", async () => {
        const b = new Browser();
        const [n1, n2] = [await nonceFor(b), await nonceFor(b)];
        expect(n1).toMatch(/^[0-9a-f]{32}$/);
        expect(n2).toMatch(/^[0-9a-f]{32}$/);
        expect(n2.slice(0, -1)).not.toBe(n1.slice(1));
        expect(n1).not.toBe(n2);
      });
    });

    describe("sessions end on the server", () => {
      it("sign-out ends the session: the same cookie, kept, no longer reads /api/portfolio (401)", async () => {
        const browser = new Browser();
        expect((await signIn(browser, 2)).status).toBe(200);
        const kept = new Map(browser.cookies);
        expect((await portfolioGET(browser.request("/api/portfolio"))).status).toBe(200);
        expect(browser.take(await logoutPOST(browser.request("/api/auth/logout", { method: "POST" }))).status).toBe(200);
        const stolen = new Browser();
        stolen.cookies = kept;
        expect((await portfolioGET(stolen.request("/api/portfolio"))).status).toBe(401);
        expect(await sessionOf(stolen)).toBeNull();
      });

      it("revokeSessions(address) ends every session of that wallet at once, and no one else's", async () => {
        const { revokeSessions } = await import("../lib/auth/session");
        const [laptop, phone, other] = [new Browser(), new Browser(), new Browser()];
        for (const [b, i] of [[laptop, 4], [phone, 4], [other, 5]] as const) expect((await signIn(b, i)).status).toBe(200);
        expect(await revokeSessions(devAccount(4).address)).toBe(2);
        expect(await sessionOf(laptop)).toBeNull();
        expect(await sessionOf(phone)).toBeNull();
        expect((await portfolioGET(phone.request("/api/portfolio"))).status).toBe(401);
        expect((await sessionOf(other))?.address).toBe(devAccount(5).address.toLowerCase());
      });
    });

    describe("the message's time window is bounded", () => {
      const now = Date.now();
      it.each([
        ["issued a year in the future", { issuedAt: new Date(now + 365 * 86_400_000), expirationTime: new Date(now + 365 * 86_400_000 + 300_000) }, /issued in the future/],
        ["without an expiration time", { expirationTime: undefined }, /when it expires/],
        ["valid for a year", { issuedAt: new Date(now), expirationTime: new Date(now + 365 * 86_400_000) }, /at most 10 minutes/],
      ] as const)("refuses a message %s (401)", async (_name, over, reason) => {
        const browser = new Browser();
        const res = await signIn(browser, 2, over as Over);
        expect(res.status).toBe(401);
        expect(await errorMessage(res)).toMatch(reason);
        expect(await sessionOf(browser)).toBeNull();
      });

      it("accepts a wallet clock a little ahead (issuedAt 30 s in the future)", async () => {
        const issuedAt = new Date(Date.now() + 30_000);
        const res = await signIn(new Browser(), 2, { issuedAt, expirationTime: new Date(issuedAt.getTime() + 300_000) });
        expect(res.status).toBe(200);
      });
    });
  });
}
