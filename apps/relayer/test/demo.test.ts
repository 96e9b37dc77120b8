// npm start's two-chain demo (ensureTwoChains) with the relayer: a demo investor moves TDF from the L1 to its own wallet
// on the L2 and the tokens arrive (the investor's L1 record carried to the L2 by a syncInvestor message, which
// ensureTwoChains delivered itself before the relayer starts: the relayer finds it delivered and settles it).
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseEventLogs } from "viem";
import { assetBridgeAbi, tokenAbi } from "@tessera/contracts";
import { formatEvmInteropAddress } from "@tessera/sdk";
import { type AnvilHandle, RELAYER_DEV_ACCOUNT_INDEX, devClients, ensureTwoChains, startAnvil } from "@tessera/sdk/node";
import { createRelayer } from "../src/index.ts";

let l1: AnvilHandle;
let l2: AnvilHandle;
const tmp = mkdtempSync(path.join(os.tmpdir(), "tessera-relayer-demo-"));

beforeAll(async () => {
  [l1, l2] = await Promise.all([startAnvil({ chainId: 31337 }), startAnvil({ chainId: 31338 })]);
}, 60_000);

afterAll(async () => {
  await Promise.all([l1?.stop(), l2?.stop()]);
});

describe("the two-chain demo", () => {
  it("lets demo investors move TDF from the L1 to their own wallets on the L2", async () => {
    const deploymentsDir = path.join(tmp, "deployments");
    const { home, remote } = await ensureTwoChains({ home: { rpcUrl: l1.rpcUrl, chainId: 31337 }, remote: { rpcUrl: l2.rpcUrl, chainId: 31338 }, deploymentsDir });
    const c1 = await devClients(l1.rpcUrl, RELAYER_DEV_ACCOUNT_INDEX + 1);
    const c2 = await devClients(l2.rpcUrl, 4);
    const relayer = createRelayer({
      chains: [
        { chainId: 31337, rpcUrl: l1.rpcUrl, deployments: home.deployments },
        { chainId: 31338, rpcUrl: l2.rpcUrl, deployments: remote.deployments },
      ],
      account: c1.wallets[RELAYER_DEV_ACCOUNT_INDEX].account,
      dataDir: path.join(tmp, "relayer"),
      log: () => {},
    });
    // the identity records' messages (one per demo investor) were delivered by ensureTwoChains: nothing to deliver
    await relayer.tick();
    expect(relayer.pending()).toEqual([]);
    const homeToken = home.deployments.demoAsset!.token;
    const l2Token = remote.deployments.demoAsset!.token;
    const bridge = await c1.publicClient.readContract({ address: homeToken, abi: tokenAbi, functionName: "bridge" });
    for (const investor of [c1.wallets[2], c1.wallets[3]]) {
      const amount = 100n * 10n ** 18n;
      const hash = await investor.writeContract({
        address: bridge,
        abi: assetBridgeAbi,
        functionName: "crosschainTransfer",
        args: [formatEvmInteropAddress(31338, investor.account.address), amount],
        chain: investor.chain,
      });
      const r = await c1.publicClient.waitForTransactionReceipt({ hash });
      expect(r.status).toBe("success");
      expect(parseEventLogs({ abi: assetBridgeAbi, eventName: "CrosschainTransferSent", logs: r.logs })).toHaveLength(1);
      await relayer.tick();
      expect(await c2.publicClient.readContract({ address: l2Token, abi: tokenAbi, functionName: "balanceOf", args: [investor.account.address] })).toBe(amount);
    }
    expect(relayer.pending()).toEqual([]);
    expect(await c2.publicClient.readContract({ address: l2Token, abi: tokenAbi, functionName: "totalSupply" })).toBe(200n * 10n ** 18n);
  });
});
