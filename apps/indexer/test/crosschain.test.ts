// The cross-chain index over two real anvils (an L1 and an L2, Hyperlane's Mailbox and Tessera's gateway on each, the
// asset enabled on the L2 by enableAssetOnChain, messages relayed by a minimal in-test loop as the trusted relayer),
// both followed into one database: a delivered transfer matched by message id with both halves, the destination half
// indexed before the source half, a refused transfer whose return is indexed before its refusal, a reorg of either
// chain that takes that chain's half alone, and at every step supply over the chains plus tokens in transit equal to
// what was minted.
import { assetBridgeAbi, hyperlaneMailboxAbi } from "@tessera/contracts";
import {
  assetGroup, createPool, createPrisma, crosschainHolders, crosschainInTransit, crosschainSupply, crosschainTransfersOf, type PrismaClient,
} from "@tessera/db";
import { backends, type TestDatabase } from "@tessera/db/testing";
import { deployAsset, formatEvmInteropAddress, mint, registerInvestor } from "@tessera/sdk";
import { type devClients, enableAssetOnChain, peerGateways, startMessagingChain, type AnvilHandle, type IssuerChain } from "@tessera/sdk/node";
import type pg from "pg";
import { type Address, type Hex, parseEventLogs } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Followed } from "../src/follow.ts";
import { startIndexer, type Indexer } from "../src/index.ts";
import { fetchWindow } from "../src/sync/historical.ts";
import { ChainRpc } from "../src/sync/rpc.ts";
import { until } from "./helpers.ts";

type Side = IssuerChain & { anvil: AnvilHandle; clients: Awaited<ReturnType<typeof devClients>>; indexer?: Indexer; relayedFrom: bigint };

async function chain(chainId: number): Promise<Side> {
  return { ...(await startMessagingChain(chainId, { relayerIndex: 4 })), relayedFrom: 0n };
}

/** Delivers every message dispatched on `from` since the last relay to `to`, as the trusted relayer; returns how many. */
async function relay(from: Side, to: Side): Promise<number> {
  const head = await from.publicClient.getBlockNumber();
  const logs = await from.publicClient.getContractEvents({
    address: from.deployments.messaging!.mailbox, abi: hyperlaneMailboxAbi, eventName: "Dispatch", fromBlock: from.relayedFrom, toBlock: head,
  });
  for (const log of logs) {
    const { request } = await to.publicClient.simulateContract({
      address: to.deployments.messaging!.mailbox, abi: hyperlaneMailboxAbi, functionName: "process",
      args: ["0x", (log.args as { message: Hex }).message], account: to.clients.wallets[4].account,
    });
    const r = await to.publicClient.waitForTransactionReceipt({ hash: await to.clients.wallets[4].writeContract(request) });
    expect(r.status).toBe("success");
  }
  from.relayedFrom = head + 1n;
  return logs.length;
}

const MINTED = 1000n;

describe.each(backends())("the cross-chain index of two anvils in one $name database", (backend) => {
  let l1: Side;
  let l2: Side;
  let db: TestDatabase;
  let pool: pg.Pool;
  let prisma: PrismaClient;
  let token: Address;
  let remoteToken: Address;
  let homeBridge: Address;
  let identity: string;
  const investor = () => l1.clients.wallets[2];
  const unregistered = () => l1.clients.wallets[3]; // same identity, registered on L1 only

  const follow = (s: Side) => {
    s.indexer ??= startIndexer({ pool, rpcUrl: s.anvil.rpcUrl, chainId: s.chainId, deployments: s.deployments, pollIntervalMs: 50, log: () => {} });
    return s.indexer;
  };
  const caughtUp = async (...sides: Side[]) => {
    for (const s of sides) await follow(s).waitForBlock(await s.publicClient.getBlockNumber());
  };
  const row = (messageId: string) => prisma.crosschainTransfer.findUnique({ where: { messageId: messageId.toLowerCase() } });
  const send = async (wallet: ReturnType<typeof investor>, amount: bigint): Promise<string> => {
    const hash = await wallet.writeContract({
      address: homeBridge, abi: assetBridgeAbi, functionName: "crosschainTransfer",
      args: [formatEvmInteropAddress(l2.chainId, wallet.account.address), amount], chain: wallet.chain,
    });
    const r = await l1.publicClient.waitForTransactionReceipt({ hash });
    const [sent] = parseEventLogs({ abi: assetBridgeAbi, eventName: "CrosschainTransferSent", logs: r.logs });
    return sent!.args.sendId.toLowerCase();
  };
  /** Supply per chain plus in transit equals what was minted (as indexed, both chains caught up). */
  const conserved = async () => {
    const s = await crosschainSupply(prisma, { chainId: l1.chainId, token });
    expect(s.chains.map((c) => c.chainId)).toEqual([l1.chainId, l2.chainId]);
    expect(s.total).toBe(MINTED);
    return s;
  };

  beforeAll(async () => {
    [l1, l2] = await Promise.all([chain(31337), chain(31338)]);
    await peerGateways({ ...l1, messaging: l1.deployments.messaging! }, { ...l2, messaging: l2.deployments.messaging! });
    ({ token } = await deployAsset(l1.walletClient, l1.publicClient, l1.deployments, { name: "Cross Fund", symbol: "XCF", decimals: 18, assetClass: 0 }));
    ({ remoteToken, homeBridge } = await enableAssetOnChain({ home: l1, remote: l2, token }));
    const exp = (await l1.publicClient.getBlock()).timestamp + 365n * 86_400n;
    const reg = await registerInvestor(l1.clients.wallets[1], l1.publicClient, l1.deployments, { wallet: investor().account.address, country: 840, kycExpiresAt: exp });
    identity = reg.identity.toLowerCase();
    await registerInvestor(l2.clients.wallets[1], l2.publicClient, l2.deployments, { wallet: investor().account.address, country: 840, kycExpiresAt: exp, identity: reg.identity });
    await registerInvestor(l1.clients.wallets[1], l1.publicClient, l1.deployments, { wallet: unregistered().account.address, country: 840, kycExpiresAt: exp, identity: reg.identity });
    await mint(l1.walletClient, l1.publicClient, { token, to: investor().account.address, amount: MINTED });
    db = await backend.createMigrated();
    pool = createPool(db.url, { poolSize: 4 });
    prisma = createPrisma(db.url, { poolSize: 2 });
  }, 180_000);
  afterAll(async () => {
    for (const s of [l1, l2]) await s?.indexer?.stop().catch(() => {});
    await prisma?.$disconnect();
    await pool?.end();
    await db?.dispose();
    await Promise.all([l1?.anvil.stop(), l2?.anvil.stop()]);
  });

  it("fetches a bridge's logs in the window where its token's BridgeSet discovers it (a child of a factory child)", async () => {
    // One window over the L1's whole history: the factory's AssetDeployed discovers the token, whose BridgeSet
    // discovers the bridge, whose LinkRegistered follows in the next block.
    const window = await fetchWindow(new ChainRpc(l1.anvil.rpcUrl), Followed.fromDeployments(l1.deployments), 0n, await l1.publicClient.getBlockNumber());
    const names = window.events.map((e) => `${e.contract}:${e.name}`);
    expect(names).toContain("Token:BridgeSet");
    expect(names).toContain("AssetBridge:LinkRegistered");
    expect(window.discovers).toBe(true);
  });

  it("matches a delivered transfer's halves by message id, the destination half indexed first", async () => {
    const id = await send(investor(), 400n);
    expect(await relay(l1, l2)).toBe(1);
    // The L2 worker alone first: the destination half, no source half yet.
    await caughtUp(l2);
    expect(await row(id)).toMatchObject({
      status: "delivered", sourceChainId: l1.chainId, sourceToken: null, sourceBlock: null, destinationChainId: l2.chainId,
      destinationToken: remoteToken.toLowerCase(), from: investor().account.address.toLowerCase(), to: investor().account.address.toLowerCase(), identity,
    });
    await caughtUp(l1);
    const both = (await row(id))!;
    expect(both).toMatchObject({ status: "delivered", sourceToken: token.toLowerCase(), destinationToken: remoteToken.toLowerCase(), code: null, returnId: null });
    expect(both.amount.toFixed()).toBe("400");
    expect(both.sourceBlock).not.toBeNull();
    expect(both.destinationBlock).not.toBeNull();
    // One asset: the home token and the L2 token linked both ways, from either side.
    const group = await assetGroup(prisma, { chainId: l2.chainId, token: remoteToken });
    expect(group.map((g) => [g.chainId, g.token])).toEqual([[l1.chainId, token.toLowerCase()], [l2.chainId, remoteToken.toLowerCase()]]);
    const s = await conserved();
    expect(s.chains.map((c) => c.totalSupply)).toEqual([600n, 400n]);
    expect(s.inTransit).toBe(0n);
    // One holder, one identity on both chains.
    const h = await crosschainHolders(prisma, { chainId: l1.chainId, token });
    expect(h.holderCount).toBe(1);
    expect(h.holders).toEqual([{
      identity, total: 1000n,
      chains: [
        { chainId: l1.chainId, token: token.toLowerCase(), balance: 600n, wallets: [investor().account.address.toLowerCase()] },
        { chainId: l2.chainId, token: remoteToken.toLowerCase(), balance: 400n, wallets: [investor().account.address.toLowerCase()] },
      ],
    }]);
  });

  it("follows a refused transfer back to its sender, its return indexed before its refusal", async () => {
    await investor().writeContract({
      address: token, abi: (await import("@tessera/contracts")).tokenAbi, functionName: "transfer", args: [unregistered().account.address, 100n], chain: investor().chain,
    }).then((hash) => l1.publicClient.waitForTransactionReceipt({ hash }));
    const id = await send(unregistered(), 100n);
    await caughtUp(l1, l2);
    expect(await row(id)).toMatchObject({ status: "sent", destinationBlock: null });
    let s = await conserved();
    expect([s.inTransit, s.inTransitCount]).toEqual([100n, 1]);
    expect((await crosschainInTransit(prisma, { chainId: l2.chainId, token: remoteToken })).map((t) => t.messageId)).toEqual([id]);

    // The L2 worker stops; L2 refuses (the receiver is not registered there) and the return reaches L1.
    await l2.indexer!.stop();
    l2.indexer = undefined;
    expect(await relay(l1, l2)).toBe(1);
    expect(await relay(l2, l1)).toBe(1);
    await caughtUp(l1);
    expect(await row(id)).toMatchObject({ status: "sent", returnedBlock: null });
    expect(await prisma.crosschainReturn.count({ where: { chainId: l1.chainId } })).toBe(1);
    // The refusal, indexed now, finds its return: returned.
    await caughtUp(l2);
    const r = (await row(id))!;
    expect(r).toMatchObject({ status: "returned", code: 5 });
    expect(r.returnId).not.toBeNull();
    expect(r.returnedBlock).not.toBeNull();
    s = await conserved();
    expect(s.inTransit).toBe(0n);
    expect(s.chains.map((c) => c.totalSupply)).toEqual([600n, 400n]);
    const mine = await crosschainTransfersOf(prisma, { wallets: [investor().account.address] });
    expect(mine.total).toBe(2); // the same identity's transfers, from either of its wallets
    expect(mine.transfers.map((t) => t.status).sort()).toEqual(["delivered", "returned"]);
  });

  it("rolls a reorg of the L2 back to its source half alone, and delivers again on the new branch", async () => {
    const snapshot = (await l2.publicClient.request({ method: "evm_snapshot" } as never)) as string;
    const relayedBefore = l1.relayedFrom;
    const id = await send(investor(), 50n);
    expect(await relay(l1, l2)).toBe(1);
    await caughtUp(l1, l2);
    expect(await row(id)).toMatchObject({ status: "delivered" });
    const source = (await row(id))!;

    await l2.publicClient.request({ method: "evm_revert", params: [snapshot] } as never);
    await l2.publicClient.request({ method: "anvil_mine", params: ["0x3"] } as never);
    await until(async () => (await row(id))?.destinationBlock === null, "the L2 half rolled back");
    await caughtUp(l2);
    const after = (await row(id))!;
    expect(after).toMatchObject({
      status: "sent", destinationBlock: null, destinationToken: null, sourceBlock: source.sourceBlock, sourceTxHash: source.sourceTxHash,
      sourceToken: token.toLowerCase(), identity,
    });
    const s = await conserved();
    expect([s.inTransit, s.chains.map((c) => c.totalSupply)]).toEqual([50n, [550n, 400n]]);

    // The message was never delivered on the new branch: relayed again, it arrives.
    l1.relayedFrom = relayedBefore;
    expect(await relay(l1, l2)).toBe(1);
    await caughtUp(l2);
    expect(await row(id)).toMatchObject({ status: "delivered", sourceTxHash: source.sourceTxHash });
    expect((await conserved()).inTransit).toBe(0n);
  });

  it("rolls a reorg of the L1 back to the refusal: the return it orphaned is gone, the L2 half stays, the return is indexed again", async () => {
    const id = await send(unregistered(), 40n);
    await caughtUp(l1);
    const snapshot = (await l1.publicClient.request({ method: "evm_snapshot" } as never)) as string;
    const l2From = l2.relayedFrom;
    expect(await relay(l1, l2)).toBe(1);
    expect(await relay(l2, l1)).toBe(1);
    await caughtUp(l1, l2);
    const returned = (await row(id))!;
    expect(returned).toMatchObject({ status: "returned", code: 5 });
    await conserved();

    await l1.publicClient.request({ method: "evm_revert", params: [snapshot] } as never);
    await l1.publicClient.request({ method: "anvil_mine", params: ["0x3"] } as never);
    await until(async () => (await row(id))?.returnedBlock === null, "the L1 return rolled back");
    await caughtUp(l1);
    expect(await row(id)).toMatchObject({
      status: "refused", code: 5, returnId: returned.returnId, sourceBlock: returned.sourceBlock, destinationBlock: returned.destinationBlock,
      destinationTxHash: returned.destinationTxHash, returnedTxHash: null,
    });
    expect(await prisma.crosschainReturn.count({ where: { returnId: returned.returnId! } })).toBe(0);
    const s = await conserved();
    expect([s.inTransit, s.inTransitCount]).toEqual([40n, 1]);

    l2.relayedFrom = l2From;
    expect(await relay(l2, l1)).toBe(1);
    await caughtUp(l1);
    expect(await row(id)).toMatchObject({ status: "returned", returnId: returned.returnId });
    expect((await conserved()).inTransit).toBe(0n);
  });
});
