import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildChains, chainNamesSchema, furtherChainsSchema, MAX_FURTHER_CHAINS } from "../lib/config/chains";
import { readRuntimeConfig } from "../lib/config/read-deployments";
import { getServerConfig, resetServerConfig } from "../lib/config/server-config";
import { createWagmiConfig } from "../lib/client/wagmi-config";
import { securityHeaders } from "../lib/security/headers";
import { chainLabel, chainNameOf } from "../lib/shared/chains";
import { restoreEnv } from "./helpers/backend";

const addr = (n: number) => `0x${n.toString(16).padStart(40, "0")}`;

/** A deployments file that passes the SDK's schema (addresses are placeholders: nothing is called). */
function deploymentsFor(chainId: number) {
  return {
    chainId,
    startBlock: 0,
    identityRegistry: addr(1),
    factory: addr(2),
    modules: { countryAllow: addr(3), maxHolders: addr(4), maxBalance: addr(5) },
    implementations: { token: addr(6), compliance: addr(7) },
  };
}

/** Runs `fn` with the given environment variables (undefined: unset), then restores the environment and the cache. */
async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T> | T): Promise<T> {
  const saved = { ...process.env };
  try {
    for (const [k, v] of Object.entries(vars)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetServerConfig();
    return await fn();
  } finally {
    restoreEnv(saved);
    resetServerConfig();
  }
}

describe("TESSERA_CHAINS (further chains: chainId=rpcUrl, comma-separated, zod-checked)", () => {
  it("reads pairs in order, trimming spaces; empty means none", () => {
    expect(furtherChainsSchema.parse("31338=http://127.0.0.1:8546")).toEqual([{ chainId: 31338, rpcUrl: "http://127.0.0.1:8546" }]);
    expect(furtherChainsSchema.parse(" 10=https://op.example/rpc , 8453=wss://base.example ")).toEqual([
      { chainId: 10, rpcUrl: "https://op.example/rpc" },
      { chainId: 8453, rpcUrl: "wss://base.example" },
    ]);
    expect(furtherChainsSchema.parse("")).toEqual([]);
  });

  it("refuses a missing '=', a bad chain id, a non-RPC URL, a repeated chain and too many chains", () => {
    const bad = [
      "31338",
      "=http://127.0.0.1:8546",
      "L2=http://127.0.0.1:8546",
      "0=http://127.0.0.1:8546",
      "-5=http://127.0.0.1:8546",
      "1.5=http://127.0.0.1:8546",
      "31338=127.0.0.1:8546",
      "31338=ftp://127.0.0.1:8546",
      "31338=javascript:alert(1)",
      "31338=http://a.example,31338=http://b.example",
      "31338=http://a.example,",
    ];
    for (const value of bad) expect(furtherChainsSchema.safeParse(value).success, value).toBe(false);
    const many = Array.from({ length: MAX_FURTHER_CHAINS + 1 }, (_, i) => `${100 + i}=http://127.0.0.1:${9000 + i}`).join(",");
    expect(furtherChainsSchema.safeParse(many).success).toBe(false);
  });
});

describe("TESSERA_CHAIN_NAMES and the chain list", () => {
  it("names chains L1 (home), L2, L3… in order unless TESSERA_CHAIN_NAMES names them", () => {
    const chains = buildChains({ chainId: 31337, rpcUrl: "http://127.0.0.1:8545" }, [
      { chainId: 31338, rpcUrl: "http://127.0.0.1:8546" },
      { chainId: 31339, rpcUrl: "http://127.0.0.1:8547" },
    ]);
    expect(chains.map((c) => [c.chainId, c.name, c.home])).toEqual([
      [31337, "L1", true],
      [31338, "L2", false],
      [31339, "L3", false],
    ]);
    const named = buildChains({ chainId: 1, rpcUrl: "https://eth.example" }, [{ chainId: 8453, rpcUrl: "https://base.example" }], chainNamesSchema.parse("1=Ethereum, 8453=Base"));
    expect(named.map((c) => c.name)).toEqual(["Ethereum", "Base"]);
    expect(chainLabel(named[1]!)).toBe("Base · chain 8453");
    expect(chainNameOf(named, 1)).toBe("Ethereum");
    expect(chainNameOf(named, 99)).toBe("chain 99");
  });

  it("refuses names with markup or a repeated chain, and a further chain that repeats the home chain", () => {
    for (const value of ["31338", "31338=", "31338=<b>L2</b>", "x=L2", "31338=L2,31338=L3", `31338=${"a".repeat(25)}`]) {
      expect(chainNamesSchema.safeParse(value).success, value).toBe(false);
    }
    expect(() => buildChains({ chainId: 31337, rpcUrl: "http://127.0.0.1:8545" }, [{ chainId: 31337, rpcUrl: "http://127.0.0.1:8546" }])).toThrow(/home chain/);
  });

  it("getServerConfig: the home chain alone by default, exactly as before", async () => {
    await withEnv({ RPC_URL: undefined, CHAIN_ID: undefined, TESSERA_CHAINS: undefined, TESSERA_CHAIN_NAMES: undefined }, () => {
      const c = getServerConfig();
      expect(c.chainId).toBe(31337);
      expect(c.rpcUrl).toBe("http://127.0.0.1:8545");
      expect(c.chains).toEqual([{ chainId: 31337, rpcUrl: "http://127.0.0.1:8545", name: "L1", home: true }]);
    });
  });

  it("getServerConfig: TESSERA_CHAINS adds the L2; a bad value fails at start with the reason", async () => {
    await withEnv({ CHAIN_ID: "31337", RPC_URL: "http://127.0.0.1:8545", TESSERA_CHAINS: "31338=http://127.0.0.1:8546" }, () => {
      expect(getServerConfig().chains.map((c) => `${chainLabel(c)} ${c.rpcUrl}`)).toEqual([
        "L1 · chain 31337 http://127.0.0.1:8545",
        "L2 · chain 31338 http://127.0.0.1:8546",
      ]);
    });
    await withEnv({ TESSERA_CHAINS: "31338" }, () => {
      expect(() => getServerConfig()).toThrow(/chainId=rpcUrl/);
    });
    await withEnv({ CHAIN_ID: "31337", TESSERA_CHAINS: "31337=http://127.0.0.1:8546" }, () => {
      expect(() => getServerConfig()).toThrow(/home chain/);
    });
  });
});

describe("runtime configuration of two chains (deployments per chain, wagmi)", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "tessera-chains-"));
    await writeFile(path.join(dir, "31337.json"), JSON.stringify(deploymentsFor(31337)));
    // 31338.json is written with the wrong chain id: the L2 reports the problem, the home chain is unaffected.
    await writeFile(path.join(dir, "31338.json"), JSON.stringify(deploymentsFor(1)));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads DEPLOYMENTS_DIR/<chainId>.json for each chain; a bad or missing file is that chain's problem only", async () => {
    const env = { DEPLOYMENTS_DIR: dir, CHAIN_ID: "31337", RPC_URL: "http://127.0.0.1:8545" };
    const rt = await withEnv({ ...env, TESSERA_CHAINS: "31338=http://127.0.0.1:8546,31339=http://127.0.0.1:8547" }, () => readRuntimeConfig());
    expect(rt.chainId).toBe(31337);
    expect(rt.deploymentsProblem).toBeNull();
    expect(rt.deployments?.factory).toBe(addr(2));
    expect(rt.chains.map((c) => [c.chainId, c.name, c.deployments ? "ok" : c.deploymentsProblem])).toEqual([
      [31337, "L1", "ok"],
      [31338, "L2", expect.stringMatching(/is for chain 1, not chain 31338/)],
      [31339, "L3", expect.stringMatching(/No deployments file for chain 31339/)],
    ]);
    const single = await withEnv({ ...env, TESSERA_CHAINS: undefined }, () => readRuntimeConfig());
    expect(single.chains).toHaveLength(1);
    expect(single.chains[0]).toMatchObject({ chainId: 31337, home: true, deploymentsProblem: null });
  });

  it("wagmi knows both chains, home chain first, each with its own RPC URL", () => {
    const config = createWagmiConfig({
      chainId: 31337,
      rpcUrl: "http://127.0.0.1:8545",
      chains: [
        { chainId: 31337, rpcUrl: "http://127.0.0.1:8545", name: "L1", home: true, deployments: null, deploymentsProblem: null },
        { chainId: 31338, rpcUrl: "http://127.0.0.1:8546", name: "L2", home: false, deployments: null, deploymentsProblem: null },
      ],
    });
    expect(config.chains.map((c) => [c.id, c.rpcUrls.default.http[0]])).toEqual([
      [31337, "http://127.0.0.1:8545"],
      [31338, "http://127.0.0.1:8546"],
    ]);
    expect(config.chains[0]!.name).toBe("Anvil (local)");
    expect(config.chains[1]!.name).toBe("L2 (chain 31338)");
    // Dev accounts (mock connectors) beside the browser wallet, as on one chain.
    expect(config.connectors.some((c) => c.id === "dev-account-2" || c.id.startsWith("dev-account-"))).toBe(true);
  });
});

describe("Content-Security-Policy of two chains", () => {
  it("lets the browser connect to each served chain's RPC origin, and nothing else", () => {
    const csp = securityHeaders({ rpcUrl: "http://127.0.0.1:8545", furtherRpcUrls: ["http://127.0.0.1:8546/", "wss://l2.example/rpc", "http://127.0.0.1:8545"] })[
      "content-security-policy"
    ];
    const connect = csp.split(";").map((d) => d.trim()).find((d) => d.startsWith("connect-src"));
    expect(connect).toBe("connect-src 'self' http://127.0.0.1:8545 http://127.0.0.1:8546 wss://l2.example");
    expect(securityHeaders({ rpcUrl: "http://127.0.0.1:8545" })["content-security-policy"]).toContain("connect-src 'self' http://127.0.0.1:8545;");
  });
});
