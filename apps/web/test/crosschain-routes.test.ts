// The web's chain-only view of an asset across two chains (lib/client/asset-routes: where the asset is enabled, a
// wallet's balance on each chain, tokens in transit), over two real anvils with Hyperlane's Mailbox and Tessera's
// gateway, the asset enabled on the L2 by the SDK (enableAssetOnChain). Messages are relayed by a minimal loop
// (Dispatch logs -> process as the trusted relayer), as in packages/sdk/test/crosschain-enable.test.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Address, Hex, PublicClient } from "viem";
import { assetBridgeAbi, hyperlaneMailboxAbi } from "@tessera/contracts";
import { deployAsset, formatEvmInteropAddress, mint, registerInvestor } from "@tessera/sdk";
import { type AnvilHandle, type devClients, enableAssetOnChain, type IssuerChain, peerGateways, startMessagingChain } from "@tessera/sdk/node";
import { readAssetRoutes, readBalances, readInTransit } from "../lib/client/asset-routes";

type Side = IssuerChain & { anvil: AnvilHandle; clients: Awaited<ReturnType<typeof devClients>> };
let l1: Side;
let l2: Side;
let token: Address;
let plainToken: Address;
let enabled: { remoteToken: Address; homeBridge: Address; remoteBridge: Address };
let clients: Map<number, PublicClient>;

async function chain(chainId: number): Promise<Side> {
  return startMessagingChain(chainId, { relayerIndex: 4 });
}

/** Delivers every message dispatched on `from` since `fromBlock` to `to`, as the trusted relayer. */
async function relay(from: Side, to: Side, fromBlock: bigint): Promise<number> {
  const logs = await from.publicClient.getContractEvents({ address: from.deployments.messaging!.mailbox, abi: hyperlaneMailboxAbi, eventName: "Dispatch", fromBlock });
  for (const log of logs) {
    const hash = await to.clients.wallets[4].writeContract({
      address: to.deployments.messaging!.mailbox,
      abi: hyperlaneMailboxAbi,
      functionName: "process",
      args: ["0x", (log.args as { message: Hex }).message],
      chain: to.clients.wallets[4].chain,
    });
    expect((await to.publicClient.waitForTransactionReceipt({ hash })).status).toBe("success");
  }
  return logs.length;
}

beforeAll(async () => {
  [l1, l2] = await Promise.all([chain(31337), chain(31338)]);
  await peerGateways({ ...l1, messaging: l1.deployments.messaging! }, { ...l2, messaging: l2.deployments.messaging! });
  ({ token } = await deployAsset(l1.walletClient, l1.publicClient, l1.deployments, { name: "Chains Fund", symbol: "XWB", decimals: 18, assetClass: 0 }));
  ({ token: plainToken } = await deployAsset(l1.walletClient, l1.publicClient, l1.deployments, { name: "Home Only", symbol: "HOM", decimals: 18, assetClass: 0 }));
  enabled = await enableAssetOnChain({ home: l1, remote: l2, token });
  const exp = (await l1.publicClient.getBlock()).timestamp + 365n * 86_400n;
  const investor = l1.clients.wallets[2].account.address;
  const { identity } = await registerInvestor(l1.clients.wallets[1], l1.publicClient, l1.deployments, { wallet: investor, country: 840, kycExpiresAt: exp });
  await registerInvestor(l2.clients.wallets[1], l2.publicClient, l2.deployments, { wallet: investor, country: 840, kycExpiresAt: exp, identity });
  await mint(l1.walletClient, l1.publicClient, { token, to: investor, amount: 1000n });
  clients = new Map([
    [31337, l1.publicClient as unknown as PublicClient],
    [31338, l2.publicClient as unknown as PublicClient],
  ]);
}, 180_000);

afterAll(async () => {
  await Promise.all([l1?.anvil.stop(), l2?.anvil.stop()]);
});

describe("an asset across chains, read from the chains", () => {
  it("finds where the asset is enabled: home token and bridge first, then the L2's token and bridge; none for a home-only asset", async () => {
    const routes = await readAssetRoutes(clients, 31337, token);
    expect(routes.map((r) => [r.chainId, r.token.toLowerCase(), r.bridge.toLowerCase()])).toEqual([
      [31337, token.toLowerCase(), enabled.homeBridge.toLowerCase()],
      [31338, enabled.remoteToken.toLowerCase(), enabled.remoteBridge.toLowerCase()],
    ]);
    expect(await readAssetRoutes(clients, 31337, plainToken)).toEqual([]);
    // A chain the bridge has no link to is left out (the L2 alone served as "further": same answer without it).
    expect(await readAssetRoutes(new Map([[31337, clients.get(31337)!]]), 31337, token)).toHaveLength(1);
  });

  it("follows a move L1 -> L2: balances per chain, tokens in transit until delivery, then none", async () => {
    const routes = await readAssetRoutes(clients, 31337, token);
    const investor = l1.clients.wallets[2];
    expect(Object.fromEntries(await readBalances(clients, routes, investor.account.address))).toEqual({ 31337: 1000n, 31338: 0n });
    expect(await readInTransit(clients, routes)).toBe(0n);
    const from = await l1.publicClient.getBlockNumber();
    const hash = await investor.writeContract({
      address: enabled.homeBridge,
      abi: assetBridgeAbi,
      functionName: "crosschainTransfer",
      args: [formatEvmInteropAddress(31338, investor.account.address), 400n],
      chain: investor.chain,
    });
    expect((await l1.publicClient.waitForTransactionReceipt({ hash })).status).toBe("success");
    expect(Object.fromEntries(await readBalances(clients, routes, investor.account.address))).toEqual({ 31337: 600n, 31338: 0n });
    expect(await readInTransit(clients, routes)).toBe(400n);
    expect(await relay(l1, l2, from)).toBe(1);
    expect(Object.fromEntries(await readBalances(clients, routes, investor.account.address))).toEqual({ 31337: 600n, 31338: 400n });
    expect(await readInTransit(clients, routes)).toBe(0n);
  });

  it("reports an RPC failure as such, never as 'not enabled'", async () => {
    const dead = (await import("viem")).createPublicClient({ transport: (await import("viem")).http("http://127.0.0.1:9", { retryCount: 0 }) });
    await expect(readAssetRoutes(new Map([[31337, dead as unknown as PublicClient]]), 31337, token)).rejects.toThrow();
  });
});
