import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { proxy } from "../proxy";
import { resetServerState } from "../lib/db/prisma";
import { restoreEnv } from "./helpers/backend";

/**
 * Security headers on every response (security review: no CSP, no frame-ancestors): the proxy adds a CSP that
 * forbids framing and lets the browser connect only to this origin and the running server's RPC endpoint, plus
 * nosniff, a referrer policy and X-Frame-Options.
 */
const saved = { ...process.env };
beforeAll(async () => {
  process.env.RPC_URL = "http://127.0.0.1:18545/rpc";
  await resetServerState();
});
afterAll(async () => {
  restoreEnv(saved);
  await resetServerState();
});

const directives = (csp: string) => new Map(csp.split(";").map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));

describe("security headers (proxy)", () => {
  it.each(["/", "/compliance", "/api/auth/session"])("%s: CSP with frame-ancestors 'none', nosniff, referrer policy, no framing", (path) => {
    const res = proxy(new NextRequest(`http://localhost:3000${path}`));
    const csp = res.headers.get("content-security-policy");
    expect(csp).toBeTruthy();
    const d = directives(csp!);
    expect(d.get("frame-ancestors")).toEqual(["'none'"]);
    expect(d.get("default-src")).toEqual(["'self'"]);
    expect(d.get("object-src")).toEqual(["'none'"]);
    expect(d.get("base-uri")).toEqual(["'self'"]);
    expect(d.get("form-action")).toEqual(["'self'"]);
    expect(d.get("script-src")).toEqual(["'self'", "'unsafe-inline'"]); // Next's inline scripts; no eval outside dev
    // wagmi talks to the configured RPC endpoint from the browser: its origin (read at run time), nothing else.
    expect(d.get("connect-src")).toEqual(["'self'", "http://127.0.0.1:18545"]);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
  });
});
