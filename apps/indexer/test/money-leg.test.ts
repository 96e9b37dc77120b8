// The money leg in the index: the demo vault (discovered from the VaultFactory, Asset.vault), its requests,
// fulfilments and claims, a DvP offer taken, a distribution created and claimed, each a MoneyLegEvent row of the
// demo asset in chain order with the wallets it concerns; a reorg (anvil's snapshot and revert) removes the orphaned
// branch's rows and the vault it deployed. On a real anvil of this file's own, PGlite and PostgreSQL.
import type { Deployments } from "@tessera/contracts";
import { distributorAbi, dvpAbi, tesseraVaultAbi, testUsdAbi, tokenAbi, vaultFactoryAbi } from "@tessera/contracts";
import { createPool, createPrisma, type PrismaClient } from "@tessera/db";
import { backends, type TestDatabase } from "@tessera/db/testing";
import { deployAsset } from "@tessera/sdk";
import { deployDevPlatform, devClients, rpc, startAnvil, type AnvilHandle, type DemoSeed } from "@tessera/sdk/node";
import type pg from "pg";
import { encodeAbiParameters, keccak256, type Address, type PublicClient } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startIndexer, type Indexer } from "../src/index.ts";

const ZERO = "0x0000000000000000000000000000000000000000";

describe.each(backends())("money-leg events against anvil and $name", (backend) => {
  let anvil: AnvilHandle;
  let db: TestDatabase;
  let prisma: PrismaClient;
  let pool: pg.Pool;
  let publicClient: PublicClient;
  let wallets: Awaited<ReturnType<typeof devClients>>["wallets"];
  let deployments: Deployments;
  let seed: DemoSeed;
  let chainId: number;
  let indexer: Indexer;

  beforeAll(async () => {
    anvil = await startAnvil();
    ({ publicClient, wallets } = await devClients(anvil.rpcUrl, 6));
    chainId = await publicClient.getChainId();
    ({ deployments, demo: seed } = await deployDevPlatform(anvil.rpcUrl, { demo: true }));
    db = await backend.createMigrated();
    prisma = createPrisma(db.url, { poolSize: 2 });
    pool = createPool(db.url, { poolSize: 2 });
    indexer = startIndexer({ pool, rpcUrl: anvil.rpcUrl, chainId, deployments, log: () => {} });
  });
  afterAll(async () => {
    await indexer?.stop().catch(() => {});
    await prisma?.$disconnect();
    await pool?.end();
    await db?.dispose();
    await anvil?.stop();
  });

  async function write(i: number, address: Address, abi: readonly unknown[], functionName: string, args: readonly unknown[]) {
    const hash = await wallets[i].writeContract({ address, abi, functionName, args } as never);
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    expect(receipt.status).toBe("success");
    return receipt;
  }
  const rows = async () =>
    prisma.moneyLegEvent.findMany({ where: { chainId }, orderBy: [{ blockNumber: "asc" }, { logIndex: "asc" }] });

  it("records the vault, DvP and Distributor events of the demo asset with the wallets they concern", async () => {
    const token = seed.token.toLowerCase();
    const vault = seed.vault!;
    const [inv1, inv2, inv3] = seed.investors.map((i) => i.wallet);
    const usd = seed.paymentToken;

    // A subscription request (account 4), fulfilled at the dealing date's NAV and claimed.
    const assets = 500n * 10n ** 6n;
    await write(4, usd, testUsdAbi, "approve", [vault, assets]);
    await write(4, vault, tesseraVaultAbi, "requestDeposit", [assets, inv3, inv3]);
    const dealing = (await publicClient.readContract({ address: vault, abi: tesseraVaultAbi, functionName: "pendingDepositDealingDate", args: [inv3!] })) as bigint;
    const now = (await publicClient.getBlock()).timestamp;
    await rpc(anvil.rpcUrl, "evm_increaseTime", [Number(dealing - now)]);
    await rpc(anvil.rpcUrl, "evm_mine", []);
    await write(0, vault, tesseraVaultAbi, "updateNav", [1_000_000n, dealing]);
    await write(0, vault, tesseraVaultAbi, "fulfillDeposits", [dealing, [inv3], [assets]]);
    await write(4, vault, tesseraVaultAbi, "deposit", [assets, inv3, inv3]);

    // A DvP offer from account 2 to account 3, taken.
    const amount = 10n * 10n ** 18n;
    const price = 12n * 10n ** 6n;
    const expiry = (await publicClient.getBlock()).timestamp + 86_400n;
    await write(2, deployments.dvp!, dvpAbi, "createOffer", [seed.token, amount, usd, price, inv2, expiry]);
    await write(3, usd, testUsdAbi, "approve", [deployments.dvp!, price]);
    await write(3, deployments.dvp!, dvpAbi, "takeOffer", [1n]);

    // A one-leaf distribution to account 2's identity (the root is the leaf), claimed by account 2.
    const identity = seed.investors[0]!.identity;
    const net = 75n * 10n ** 6n;
    const leaf = keccak256(keccak256(encodeAbiParameters([{ type: "uint256" }, { type: "address" }, { type: "uint256" }], [0n, identity, net])));
    const recordDate = (await publicClient.getBlockNumber()) - 1n;
    await write(0, usd, testUsdAbi, "approve", [deployments.distributor!, net]);
    const deadline = (await publicClient.getBlock()).timestamp + 30n * 86_400n;
    await write(0, deployments.distributor!, distributorAbi, "createDistribution", [seed.token, usd, leaf, net, recordDate, deadline, ""]);
    const last = await write(2, deployments.distributor!, distributorAbi, "claim", [1n, 0n, identity, net, []]);

    await indexer.waitForBlock(last.blockNumber);
    const asset = await prisma.asset.findUniqueOrThrow({ where: { chainId_token: { chainId, token } } });
    expect(asset.vault).toBe(vault.toLowerCase());
    const events = await rows();
    expect(events.every((e) => e.token === token)).toBe(true);
    const named = events.map((e) => `${e.source}:${e.event}`);
    for (const expected of [
      "vault:VaultDeployed", "vault:NavUpdated", "vault:DepositRequest", "vault:DepositFulfilled", "vault:Deposit",
      "dvp:OfferCreated", "dvp:OfferTaken", "distributor:DistributionCreated", "distributor:Claimed",
    ]) expect(named).toContain(expected);
    expect(named.indexOf("vault:DepositRequest")).toBeLessThan(named.indexOf("vault:Deposit"));
    const request = events.find((e) => e.event === "DepositRequest")!;
    expect(request.wallets).toContain(inv3!.toLowerCase());
    expect((request.args as { assets: string }).assets).toBe(assets.toString());
    const taken = events.find((e) => e.event === "OfferTaken")!;
    expect(new Set(taken.wallets)).toEqual(new Set([inv1!.toLowerCase(), inv2!.toLowerCase()]));
    const claimed = events.find((e) => e.event === "Claimed")!;
    expect(claimed.wallets).toEqual([inv1!.toLowerCase()]);
    // Each row records its transaction's sender (fetched with the block), lower-case.
    expect(events.every((e) => e.txFrom !== null && /^0x[0-9a-f]{40}$/.test(e.txFrom))).toBe(true);
    const sender = (i: number) => wallets[i].account.address.toLowerCase();
    expect(request.txFrom).toBe(sender(4));
    expect(events.find((e) => e.event === "DepositFulfilled")!.txFrom).toBe(sender(0));
    expect(taken.txFrom).toBe(sender(3));
    expect(claimed.txFrom).toBe(sender(2));
    // The DvP settlement moved the tokens (indexed like any transfer) and released the lock.
    const h = await prisma.holding.findUniqueOrThrow({ where: { chainId_token_wallet: { chainId, token, wallet: inv1!.toLowerCase() } } });
    expect(h.lockedAmount.toFixed()).toBe("0");
    const onChain = (await publicClient.readContract({ address: seed.token, abi: tokenAbi, functionName: "balanceOf", args: [inv2!] })) as bigint;
    const h2 = await prisma.holding.findUniqueOrThrow({ where: { chainId_token_wallet: { chainId, token, wallet: inv2!.toLowerCase() } } });
    expect(h2.balance.toFixed()).toBe(onChain.toString());
  });

  it("rolls a reorg back: the orphaned branch's rows and the vault it deployed are gone, the new branch's are there", async () => {
    // A second asset, without a vault, before the branch point.
    const { token: other } = await deployAsset(wallets[0], publicClient, deployments, {
      name: "Reorg Fund", symbol: "RGF", decimals: 18, assetClass: 0, allowedCountries: [840], maxHolders: 0n, maxBalance: 0n,
    });
    await indexer.waitForBlock(await publicClient.getBlockNumber());
    const kept = await rows();
    const snapshot = (await publicClient.request({ method: "evm_snapshot" } as never)) as string;

    // The branch that will be orphaned: the second asset's vault, and a subscription request to the demo vault.
    const now = (await publicClient.getBlock()).timestamp;
    const terms = { firstDealing: Number(now + 86_400n), interval: 86_400, cutoff: 3_600, minDeposit: 0n, minRedeem: 0n };
    await write(0, deployments.vaultFactory!, vaultFactoryAbi, "deployVault", [other, seed.paymentToken, 1_000_000n, now, terms, 1_000n, seed.issuer]);
    await write(3, seed.paymentToken, testUsdAbi, "approve", [seed.vault!, 200n * 10n ** 6n]);
    const orphaned = await write(3, seed.vault!, tesseraVaultAbi, "requestDeposit", [200n * 10n ** 6n, seed.investors[1]!.wallet, seed.investors[1]!.wallet]);
    await indexer.waitForBlock(orphaned.blockNumber);
    expect((await prisma.asset.findUniqueOrThrow({ where: { chainId_token: { chainId, token: other.toLowerCase() } } })).vault).not.toBeNull();
    expect((await rows()).some((e) => e.txHash === orphaned.transactionHash.toLowerCase())).toBe(true);

    await publicClient.request({ method: "evm_revert", params: [snapshot] } as never);
    // A different, higher history: a DvP offer instead.
    const expiry = (await publicClient.getBlock()).timestamp + 86_400n;
    const b = await write(2, deployments.dvp!, dvpAbi, "createOffer", [seed.token, 10n ** 18n, seed.paymentToken, 10n ** 6n, ZERO, expiry]);
    await publicClient.request({ method: "anvil_mine", params: ["0x8"] } as never);
    const head = await publicClient.getBlockNumber();
    for (let i = 0; i < 100 && !(await rows()).some((e) => e.txHash === b.transactionHash.toLowerCase()); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await indexer.waitForBlock(head);
    const after = await rows();
    expect(after.some((e) => e.txHash === orphaned.transactionHash.toLowerCase())).toBe(false);
    expect(after.filter((e) => e.txHash === b.transactionHash.toLowerCase()).map((e) => [e.event, e.txFrom])).toEqual([
      ["OfferCreated", wallets[2].account.address.toLowerCase()],
    ]);
    expect(after.slice(0, kept.length)).toEqual(kept);
    expect((await prisma.asset.findUniqueOrThrow({ where: { chainId_token: { chainId, token: other.toLowerCase() } } })).vault).toBeNull();
    const locked = await prisma.holding.findUniqueOrThrow({
      where: { chainId_token_wallet: { chainId, token: seed.token.toLowerCase(), wallet: seed.investors[0]!.wallet.toLowerCase() } },
    });
    expect(locked.lockedAmount.toFixed()).toBe((10n ** 18n).toString());
  });
});
