// Two real anvils with the platform, Hyperlane messaging (the ISM trusting anvil dev account 9, the relayer's) and
// peered gateways, and assets enabled on both: the setup each relayer test file builds for itself.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Address, type Hex, parseEventLogs } from "viem";
import { assetBridgeAbi, hyperlaneMailboxAbi } from "@tessera/contracts";
import { deployAsset, formatEvmInteropAddress, mint, registerInvestor } from "@tessera/sdk";
import {
  type AnvilHandle,
  type IssuerChain,
  type devClients,
  enableAssetOnChain,
  peerGateways,
  startMessagingChain,
  writeDeployments,
} from "@tessera/sdk/node";

export type Side = IssuerChain & { anvil: AnvilHandle; clients: Awaited<ReturnType<typeof devClients>> };
/** An asset on both chains: the home token and bridge on L1, the remote ones on L2. */
export type CrossAsset = { token: Address; remoteToken: Address; homeBridge: Address; remoteBridge: Address };

async function chain(chainId: number): Promise<Side> {
  return startMessagingChain(chainId);
}

/**
 * L1 (31337) and L2 (31338), each with the platform and messaging, peered; `assets` assets deployed on L1 and enabled
 * on L2; investor account 2 registered on both chains with one identity and holding 1,000 base units of each asset on
 * L1. Deployments files in a temporary `deploymentsDir`, a temporary `dataDir` for the relayer.
 */
export async function twoChains(assets = 1) {
  const [l1, l2] = await Promise.all([chain(31337), chain(31338)]);
  await peerGateways({ ...l1, messaging: l1.deployments.messaging! }, { ...l2, messaging: l2.deployments.messaging! });
  const exp = (await l1.publicClient.getBlock()).timestamp + 365n * 86_400n;
  const investor = l1.clients.wallets[2].account.address;
  const { identity } = await registerInvestor(l1.clients.wallets[1], l1.publicClient, l1.deployments, { wallet: investor, country: 840, kycExpiresAt: exp });
  await registerInvestor(l2.clients.wallets[1], l2.publicClient, l2.deployments, { wallet: investor, country: 840, kycExpiresAt: exp, identity });
  const list: CrossAsset[] = [];
  for (let i = 0; i < assets; i++) {
    const { token } = await deployAsset(l1.walletClient, l1.publicClient, l1.deployments, { name: `Relay Fund ${i}`, symbol: `RF${i}`, decimals: 18, assetClass: 0 });
    const enabled = await enableAssetOnChain({ home: l1, remote: l2, token });
    await mint(l1.walletClient, l1.publicClient, { token, to: investor, amount: 1000n });
    list.push({ token, ...enabled });
  }
  const tmp = mkdtempSync(path.join(os.tmpdir(), "tessera-relayer-"));
  const deploymentsDir = path.join(tmp, "deployments");
  writeDeployments(deploymentsDir, l1.deployments);
  writeDeployments(deploymentsDir, l2.deployments);
  return { l1, l2, assets: list, deploymentsDir, dataDir: path.join(tmp, "relayer"), stop: () => Promise.all([l1.anvil.stop(), l2.anvil.stop()]) };
}

/** Investor account 2 moves `amount` of `asset` from L1 to its own wallet on L2; returns the message id (= sendId). */
export async function sendToL2(l1: Side, asset: CrossAsset, amount: bigint): Promise<Hex> {
  const investor = l1.clients.wallets[2];
  const hash = await investor.writeContract({
    address: asset.homeBridge,
    abi: assetBridgeAbi,
    functionName: "crosschainTransfer",
    args: [formatEvmInteropAddress(31338, investor.account.address), amount],
    chain: investor.chain,
  });
  const r = await l1.publicClient.waitForTransactionReceipt({ hash });
  if (r.status !== "success") throw new Error("crosschainTransfer reverted");
  const [sent] = parseEventLogs({ abi: assetBridgeAbi, eventName: "CrosschainTransferSent", logs: r.logs });
  return sent!.args.sendId;
}

/** How many times each message id was processed on `side` (ProcessId events since block 0). */
export async function processCounts(side: Side): Promise<Map<Hex, number>> {
  const logs = await side.publicClient.getContractEvents({
    address: side.deployments.messaging!.mailbox,
    abi: hyperlaneMailboxAbi,
    eventName: "ProcessId",
    fromBlock: 0n,
  });
  const counts = new Map<Hex, number>();
  for (const l of logs) counts.set(l.args.messageId!, (counts.get(l.args.messageId!) ?? 0) + 1);
  return counts;
}

/** Mailbox.delivered(id) on `side`. */
export function delivered(side: Side, id: Hex): Promise<boolean> {
  return side.publicClient.readContract({ address: side.deployments.messaging!.mailbox, abi: hyperlaneMailboxAbi, functionName: "delivered", args: [id] });
}

/** Polls `check` every 50 ms until it holds, at most `timeoutMs`. */
export async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
