// An asset enabled on a second chain (enableAssetOnChain) over two real anvils with Hyperlane's Mailbox and Tessera's
// gateway: a holder's tokens go L1 -> L2 and come back; a delivery L2 refuses (the receiver not registered there) comes
// back to the sender on L1. Messages are relayed here by a minimal loop (Dispatch logs -> process as the trusted
// relayer): the relayer app has its own tests.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Address, type Hex, parseEventLogs } from "viem";
import { assetBridgeAbi, hyperlaneMailboxAbi, tokenAbi } from "@tessera/contracts";
import { formatEvmInteropAddress, mint, registerInvestor } from "@tessera/sdk";
import { deployMessaging, deployPlatform, devClients, enableAssetOnChain, peerGateways, startAnvil, type AnvilHandle, type IssuerChain } from "@tessera/sdk/node";

type Side = IssuerChain & { anvil: AnvilHandle; clients: Awaited<ReturnType<typeof devClients>> };
let l1: Side;
let l2: Side;
let token: Address;
let remoteToken: Address;
let homeBridge: Address;
let remoteBridge: Address;

async function chain(chainId: number): Promise<Side> {
  const anvil = await startAnvil({ chainId });
  const clients = await devClients(anvil.rpcUrl, 5);
  const deployments = await deployPlatform({
    walletClient: clients.wallets[0],
    publicClient: clients.publicClient,
    registryAgents: [clients.wallets[1].account.address],
  });
  deployments.messaging = await deployMessaging({
    walletClient: clients.wallets[0],
    publicClient: clients.publicClient,
    relayer: clients.wallets[4].account.address,
  });
  return { anvil, clients, chainId, deployments, walletClient: clients.wallets[0], publicClient: clients.publicClient };
}

/** Delivers every message dispatched on `from` since `fromBlock` to `to`, as the trusted relayer. */
async function relay(from: Side, to: Side, fromBlock: bigint): Promise<number> {
  const logs = await from.publicClient.getContractEvents({
    address: from.deployments.messaging!.mailbox,
    abi: hyperlaneMailboxAbi,
    eventName: "Dispatch",
    fromBlock,
  });
  for (const log of logs) {
    const { request } = await to.publicClient.simulateContract({
      address: to.deployments.messaging!.mailbox,
      abi: hyperlaneMailboxAbi,
      functionName: "process",
      args: ["0x", (log.args as { message: Hex }).message],
      account: to.clients.wallets[4].account,
    });
    const hash = await to.clients.wallets[4].writeContract(request);
    const r = await to.publicClient.waitForTransactionReceipt({ hash });
    expect(r.status).toBe("success");
  }
  return logs.length;
}

const bal = (s: Side, t: Address, a: Address) => s.publicClient.readContract({ address: t, abi: tokenAbi, functionName: "balanceOf", args: [a] });
const supply = (s: Side, t: Address) => s.publicClient.readContract({ address: t, abi: tokenAbi, functionName: "totalSupply" });

beforeAll(async () => {
  [l1, l2] = await Promise.all([chain(31337), chain(31338)]);
  await peerGateways({ ...l1, messaging: l1.deployments.messaging! }, { ...l2, messaging: l2.deployments.messaging! });
  const { deployAsset } = await import("@tessera/sdk");
  ({ token } = await deployAsset(l1.walletClient, l1.publicClient, l1.deployments, { name: "Cross Fund", symbol: "XCF", decimals: 18, assetClass: 0 }));
  ({ remoteToken, homeBridge, remoteBridge } = await enableAssetOnChain({ home: l1, remote: l2, token }));
  const exp = (await l1.publicClient.getBlock()).timestamp + 365n * 86_400n;
  const investor = l1.clients.wallets[2].account.address;
  const { identity } = await registerInvestor(l1.clients.wallets[1], l1.publicClient, l1.deployments, { wallet: investor, country: 840, kycExpiresAt: exp });
  await registerInvestor(l2.clients.wallets[1], l2.publicClient, l2.deployments, { wallet: investor, country: 840, kycExpiresAt: exp, identity });
  // account 3: same identity on L1 only (not registered on L2)
  await registerInvestor(l1.clients.wallets[1], l1.publicClient, l1.deployments, { wallet: l1.clients.wallets[3].account.address, country: 840, kycExpiresAt: exp, identity });
  await mint(l1.walletClient, l1.publicClient, { token, to: investor, amount: 1000n });
}, 120_000);

afterAll(async () => {
  await Promise.all([l1?.anvil.stop(), l2?.anvil.stop()]);
});

describe("an asset on two chains", () => {
  it("moves a holder's tokens L1 -> L2 and back, supply over chains conserved", async () => {
    const investor = l1.clients.wallets[2];
    const b1 = await l1.publicClient.getBlockNumber();
    const hash = await investor.writeContract({
      address: homeBridge, abi: assetBridgeAbi, functionName: "crosschainTransfer",
      args: [formatEvmInteropAddress(31338, investor.account.address), 400n], chain: investor.chain,
    });
    const r = await l1.publicClient.waitForTransactionReceipt({ hash });
    expect(r.status).toBe("success");
    console.log("send gas", r.gasUsed);
    const [sent] = parseEventLogs({ abi: assetBridgeAbi, eventName: "CrosschainTransferSent", logs: r.logs });
    expect(await bal(l1, token, investor.account.address)).toBe(600n);
    const b2 = await l2.publicClient.getBlockNumber();
    expect(await relay(l1, l2, b1)).toBe(1);
    expect(await bal(l2, remoteToken, investor.account.address)).toBe(400n);
    const [received] = await l2.publicClient.getContractEvents({ address: remoteBridge, abi: assetBridgeAbi, eventName: "CrosschainTransferReceived", fromBlock: b2 });
    expect(received?.args.receiveId).toBe(sent?.args.sendId);
    expect((await supply(l1, token)) + (await supply(l2, remoteToken))).toBe(1000n);
  });

  it("sends back a delivery the destination refuses, with the reason", async () => {
    const investor = l1.clients.wallets[3]; // same identity, not registered on L2
    const other = l1.clients.wallets[2];
    await other.writeContract({ address: token, abi: tokenAbi, functionName: "transfer", args: [investor.account.address, 100n], chain: other.chain });
    const b1 = await l1.publicClient.getBlockNumber();
    const b2 = await l2.publicClient.getBlockNumber();
    const hash = await investor.writeContract({
      address: homeBridge, abi: assetBridgeAbi, functionName: "crosschainTransfer",
      args: [formatEvmInteropAddress(31338, investor.account.address), 100n], chain: investor.chain,
    });
    await l1.publicClient.waitForTransactionReceipt({ hash });
    expect(await bal(l1, token, investor.account.address)).toBe(0n);
    expect(await relay(l1, l2, b1 + 1n)).toBe(1);
    const [refused] = await l2.publicClient.getContractEvents({ address: remoteBridge, abi: assetBridgeAbi, eventName: "CrosschainTransferRefused", fromBlock: b2 });
    expect(refused?.args.code).toBe(5); // RECIPIENT_NOT_VERIFIED
    expect(await relay(l2, l1, b2 + 1n)).toBe(1);
    expect(await bal(l1, token, investor.account.address)).toBe(100n);
    expect((await supply(l1, token)) + (await supply(l2, remoteToken))).toBe(1000n);
  });
});
