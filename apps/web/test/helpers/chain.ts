import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Deployments } from "@tessera/contracts";
import { deployDevPlatform, devClients, startAnvil, writeDeployments, type AnvilHandle, type DemoSeed } from "@tessera/sdk/node";
import { createSiweMessage } from "viem/siwe";
import { mnemonicToAccount } from "viem/accounts";
import { ANVIL_MNEMONIC } from "@tessera/sdk/node";

/** A fresh anvil with the platform deployed and the demo seeded (account 0 issuer of TDF, account 1 officer). */
export interface TestChain {
  anvil: AnvilHandle;
  deployments: Deployments;
  demo: DemoSeed;
  deploymentsDir: string;
  clients: Awaited<ReturnType<typeof devClients>>;
  dispose: () => Promise<void>;
}

/** Starts anvil (WEB_TEST_ANVIL_PORT, else a free port), deploys, seeds and writes deployments/31337.json. */
export async function startTestChain(): Promise<TestChain> {
  const port = process.env.WEB_TEST_ANVIL_PORT ? Number(process.env.WEB_TEST_ANVIL_PORT) : undefined;
  const anvil = await startAnvil({ port });
  const clients = await devClients(anvil.rpcUrl);
  // Deployed and seeded once per test process, loaded into the next files' chains (buildOrLoadChainState).
  const { deployments, demo } = await deployDevPlatform(anvil.rpcUrl, { demo: true });
  deployments.demoAsset = { token: demo.token, compliance: demo.compliance };
  const deploymentsDir = mkdtempSync(path.join(tmpdir(), "tessera-web-test-"));
  writeDeployments(deploymentsDir, deployments);
  return {
    anvil,
    deployments,
    demo,
    deploymentsDir,
    clients,
    dispose: async () => {
      await anvil.stop();
      rmSync(deploymentsDir, { recursive: true, force: true });
    },
  };
}

/** Anvil dev account `index` as a local signer. */
export const devAccount = (index: number) => mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: index });

export const HOST = "tessera.test";
export const ORIGIN = `http://${HOST}`;
// The web app's configured public origin in tests (sign-in messages and Origin headers are checked against it).
process.env.TESSERA_PUBLIC_ORIGIN = ORIGIN;

/** A tiny cookie jar for calling route handlers as a browser would (same origin). */
export class Browser {
  cookies = new Map<string, string>();

  /** Builds a request to this origin with the jar's cookies. */
  request(pathname: string, init: { method?: string; body?: unknown; origin?: string | null } = {}): Request {
    const headers = new Headers({ host: HOST });
    if (this.cookies.size) headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    if (init.method && init.method !== "GET") {
      headers.set("content-type", "application/json");
      if (init.origin !== null) headers.set("origin", init.origin ?? ORIGIN);
    }
    return new Request(`${ORIGIN}${pathname}`, {
      method: init.method ?? "GET",
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  }

  /** Stores the response's Set-Cookie values (Max-Age=0 deletes). */
  take(res: Response): Response {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      if (/Max-Age=0(;|$)/.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(eq + 1));
    }
    return res;
  }
}

/** The EIP-4361 message a browser at ORIGIN would ask the wallet to sign. */
export function siweMessage(address: `0x${string}`, nonce: string, over: Partial<Parameters<typeof createSiweMessage>[0]> = {}): string {
  const issuedAt = new Date();
  return createSiweMessage({
    domain: HOST,
    address,
    uri: ORIGIN,
    version: "1",
    chainId: 31337,
    nonce,
    issuedAt,
    expirationTime: new Date(issuedAt.getTime() + 600_000),
    statement: "Sign in to Tessera.",
    ...over,
  });
}
