import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { tokenAbi, identityRegistryAbi, type Deployments } from "@tessera/contracts";
import {
  assetClassName,
  deployAsset,
  explainError,
  mint,
  parseAmount,
  precheckTransfer,
  registerInvestor,
  restrictionMessage,
  TesseraError,
  transfer,
} from "@tessera/sdk";
import {
  deployPlatform,
  ensurePlatform,
  devClients,
  readDeployments,
  seedDemo,
  startAnvil,
  writeDeployments,
  type AnvilHandle,
  type DemoSeed,
} from "@tessera/sdk/node";
import { startTestChain } from "./helpers";


// Ports 8600-8699 are reserved for the contracts/SDK engineer's runs; CI picks a free one when unset.
const port = process.env.SDK_TEST_ANVIL_PORT ? Number(process.env.SDK_TEST_ANVIL_PORT) : undefined;

let anvil: AnvilHandle;
let clients: Awaited<ReturnType<typeof devClients>>;
let deployments: Deployments;
let demo: DemoSeed;

beforeAll(async () => {
  ({ anvil, clients, deployments } = await startTestChain("SDK_TEST_ANVIL_PORT"));
  demo = await seedDemo({ rpcUrl: anvil.rpcUrl, deployments });
  deployments.demoAsset = { token: demo.token, compliance: demo.compliance };
});

afterAll(async () => {
  await anvil?.stop();
});

describe("platform and demo seed", () => {
  it("deploys the platform with startBlock at the registry deployment and agents set", async () => {
    const { publicClient, wallets } = clients;
    expect(deployments.chainId).toBe(31337);
    expect(deployments.startBlock).toBe(1);
    const code = await publicClient.getCode({ address: deployments.factory });
    expect(code?.length ?? 0).toBeGreaterThan(2);
    const isAgent = await publicClient.readContract({
      address: deployments.identityRegistry,
      abi: identityRegistryAbi,
      functionName: "isAgent",
      args: [wallets[1].account.address],
    });
    expect(isAgent).toBe(true);
  });

  it("seeds TDF with verified investors and balances", async () => {
    const { publicClient, wallets } = clients;
    const read = (functionName: "name" | "symbol" | "decimals" | "totalSupply") =>
      publicClient.readContract({ address: demo.token, abi: tokenAbi, functionName });
    expect(await read("name")).toBe("Tessera Demo Fund");
    expect(await read("symbol")).toBe("TDF");
    expect(await read("decimals")).toBe(18);
    expect(await read("totalSupply")).toBe(parseAmount("15000", 18));
    expect(demo.investors.map((i) => i.country)).toEqual([840, 826, 250]);
    for (const i of [2, 3, 4]) {
      const verified = await publicClient.readContract({
        address: deployments.identityRegistry,
        abi: identityRegistryAbi,
        functionName: "isVerified",
        args: [wallets[i].account.address],
      });
      expect(verified).toBe(true);
    }
    expect(demo.unregistered).toBe(wallets[5].account.address);
    expect(assetClassName(0)).toBe("Fund share");
  });

  it("writes and reads the deployments file", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tessera-deployments-"));
    try {
      writeDeployments(dir, deployments);
      expect(readDeployments(dir, 31337)).toEqual(deployments);
      expect(readDeployments(dir, 1)).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("pre-check and errors", () => {
  it("reports RECIPIENT_NOT_VERIFIED for the unregistered account 5", async () => {
    const { publicClient, wallets } = clients;
    const r = await precheckTransfer(publicClient, {
      token: demo.token,
      from: wallets[2].account.address,
      to: wallets[5].account.address,
      amount: parseAmount("1", 18),
    });
    expect(r).toEqual({ ok: false, code: 5, name: "RECIPIENT_NOT_VERIFIED", reason: "the recipient is not verified" });
  });

  it("reports COUNTRY_NOT_ALLOWED for a registered investor of a disallowed country", async () => {
    const { publicClient, wallets } = clients;
    const jp = wallets[6].account.address;
    const kycExpiresAt = BigInt(Math.floor(Date.now() / 1000) + 86_400);
    await registerInvestor(wallets[1], publicClient, deployments, { wallet: jp, country: 392, kycExpiresAt });
    const r = await precheckTransfer(publicClient, {
      token: demo.token,
      from: wallets[2].account.address,
      to: jp,
      amount: 1n,
    });
    expect(r.ok).toBe(false);
    expect(r.code).toBe(6);
    expect(r.reason).toBe(restrictionMessage(6));
    expect(r.reason).toBe("the recipient's country is not allowed");
    // And the real transfer is refused with the same text, decoded from TransferNotCompliant.
    const err = await transfer(wallets[2], publicClient, { token: demo.token, to: jp, amount: 1n }).catch((e) => e);
    expect(err).toBeInstanceOf(TesseraError);
    expect(err.errorName).toBe("TransferNotCompliant");
    expect(err.code).toBe(6);
    expect(err.message).toBe("the recipient's country is not allowed");
  });

  it("refuses to mint to an unverified wallet with the TesseraError text", async () => {
    const { publicClient, wallets } = clients;
    const before = await publicClient.getBlockNumber();
    const err = await mint(wallets[0], publicClient, {
      token: demo.token,
      to: wallets[5].account.address,
      amount: parseAmount("10", 18),
    }).catch((e) => e);
    expect(err).toBeInstanceOf(TesseraError);
    expect(err.errorName).toBe("RecipientNotVerified");
    expect(err.code).toBe(5);
    expect(err.message).toBe("the recipient is not verified");
    expect(explainError(err)).toBe("the recipient is not verified");
    // Simulation refused it: no transaction was mined.
    expect(await publicClient.getBlockNumber()).toBe(before);
  });

  it("refuses a mint by a non-agent", async () => {
    const { publicClient, wallets } = clients;
    const err = await mint(wallets[2], publicClient, { token: demo.token, to: wallets[2].account.address, amount: 1n }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(TesseraError);
    expect(err.errorName).toBe("CallerNotAgent");
    expect(err.message).toBe("your wallet is not an agent of this contract");
  });

  it("rejects invalid input before any call", async () => {
    const { publicClient, wallets } = clients;
    const err = await registerInvestor(wallets[1], publicClient, deployments, {
      wallet: wallets[7].account.address,
      country: 1000,
      kycExpiresAt: 1n,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(TesseraError);
    expect(err.errorName).toBe("InvalidInput");
    expect(() => parseAmount("1.5", 0)).toThrow(TesseraError);
    expect(parseAmount("1.5", 6)).toBe(1_500_000n);
  });
});

describe("transfers", () => {
  it("transfers between verified holders", async () => {
    const { publicClient, wallets } = clients;
    const from = wallets[2].account.address;
    const to = wallets[4].account.address;
    const amount = parseAmount("250", 18);
    const check = await precheckTransfer(publicClient, { token: demo.token, from, to, amount });
    expect(check).toMatchObject({ ok: true, code: 0, reason: "transfer allowed" });
    const balance = (a: `0x${string}`) =>
      publicClient.readContract({ address: demo.token, abi: tokenAbi, functionName: "balanceOf", args: [a] });
    const [fromBefore, toBefore] = [await balance(from), await balance(to)];
    const r = await transfer(wallets[2], publicClient, { token: demo.token, to, amount });
    expect(r.receipt.status).toBe("success");
    expect(await balance(from)).toBe(fromBefore - amount);
    expect(await balance(to)).toBe(toBefore + amount);
  });

  it("deploys a second asset with the caller as owner and agent", async () => {
    const { publicClient, wallets } = clients;
    const r = await deployAsset(wallets[3], publicClient, deployments, {
      name: "Bond A",
      symbol: "BNDA",
      decimals: 6,
      assetClass: 1,
      allowedCountries: [],
      maxHolders: 0n,
      maxBalance: 0n,
    });
    const isAgent = await publicClient.readContract({
      address: r.token,
      abi: tokenAbi,
      functionName: "isAgent",
      args: [wallets[3].account.address],
    });
    expect(isAgent).toBe(true);
    const err = await deployAsset(wallets[3], publicClient, deployments, {
      name: "X",
      symbol: "X",
      decimals: 19,
      assetClass: 1,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(TesseraError);
    expect(err.errorName).toBe("InvalidInput");
  });
});

describe("node helpers", () => {
  it("ensurePlatform deploys once, writes the file, then reuses it", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tessera-ensure-"));
    try {
      const first = await ensurePlatform({ rpcUrl: anvil.rpcUrl, chainId: 31337, deploymentsDir: dir });
      expect(first.deployed).toBe(true);
      expect(first.deployments.demoAsset).toBeDefined();
      expect(first.deployments.paymentToken).toMatch(/^0x[0-9a-fA-F]{40}$/); // TestUSD, deployed by seedDemo
      expect(first.deployments.claimIssuer).toMatch(/^0x[0-9a-fA-F]{40}$/); // managed by account 1, the officer
      expect(readDeployments(dir, 31337)).toEqual(first.deployments);
      const second = await ensurePlatform({ rpcUrl: anvil.rpcUrl, chainId: 31337, deploymentsDir: dir });
      expect(second).toEqual({ deployments: first.deployments, deployed: false });
      // A chain deployed by another build of the contracts (here: the token implementation's code is not this
      // build's token) is refused in words, not reused with ABIs that no longer match it.
      writeDeployments(dir, { ...first.deployments, implementations: { ...first.deployments.implementations, token: first.deployments.implementations.compliance } });
      await expect(ensurePlatform({ rpcUrl: anvil.rpcUrl, chainId: 31337, deploymentsDir: dir })).rejects.toThrow(/another build of Tessera's contracts/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("startAnvil keeps the chain in statePath across restarts", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tessera-state-"));
    const statePath = path.join(dir, "anvil-state.json");
    try {
      const a = await startAnvil({ statePath, port: port === undefined ? undefined : port + 1 });
      const c = await devClients(a.rpcUrl, 1);
      const d = await deployPlatform({ walletClient: c.wallets[0], publicClient: c.publicClient });
      await a.stop();
      const b = await startAnvil({ statePath, port: port === undefined ? undefined : port + 1 });
      try {
        const c2 = await devClients(b.rpcUrl, 1);
        const code = await c2.publicClient.getCode({ address: d.factory });
        expect(code?.length ?? 0).toBeGreaterThan(2);
      } finally {
        await b.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
