// npm start's two chains (ensureTwoChains) over two real anvils: both platforms with messaging trusting the dev
// relayer account, peered gateways, IdentitySync linked on both chains, the demo asset enabled on the L2, the demo
// investors registered on the home chain only and carried to the L2 by syncInvestor messages (same identities,
// countries and KYC expiries), and a second start that reuses everything.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Address } from "viem";
import { hyperlaneGatewayAbi, identityRegistryAbi, identitySyncAbi, tokenAbi } from "@tessera/contracts";
import { devClients, devRelayerAddress, ensureTwoChains, readDeployments, startAnvil, type AnvilHandle } from "@tessera/sdk/node";

let l1: AnvilHandle;
let l2: AnvilHandle;
const deploymentsDir = path.join(mkdtempSync(path.join(os.tmpdir(), "tessera-two-chains-")), "deployments");

beforeAll(async () => {
  [l1, l2] = await Promise.all([startAnvil({ chainId: 31337 }), startAnvil({ chainId: 31338 })]);
}, 60_000);

afterAll(async () => {
  await Promise.all([l1?.stop(), l2?.stop()]);
});

describe("ensureTwoChains", () => {
  it("deploys both chains, peers them, enables the demo asset on the L2 with the demo investors' identities, then reuses them", async () => {
    const opts = { home: { rpcUrl: l1.rpcUrl, chainId: 31337 }, remote: { rpcUrl: l2.rpcUrl, chainId: 31338 }, deploymentsDir };
    const first = await ensureTwoChains(opts);
    expect(first.home.deployed && first.remote.deployed).toBe(true);
    const h = first.home.deployments;
    const r = readDeployments(deploymentsDir, 31338)!;
    expect(h.messaging?.relayer).toBe(devRelayerAddress());
    expect(r.messaging?.relayer).toBe(devRelayerAddress());
    expect(r.demoAsset).toBeDefined();
    const c1 = await devClients(l1.rpcUrl, 5);
    const c2 = await devClients(l2.rpcUrl, 5);
    const [, peer] = await c1.publicClient.readContract({ address: h.messaging!.gateway, abi: hyperlaneGatewayAbi, functionName: "peer", args: [31338n] });
    expect(peer.toLowerCase()).toBe(r.messaging!.gateway.toLowerCase());
    expect(h.identitySync).toBeDefined();
    expect(r.identitySync).toBeDefined();
    expect(readDeployments(deploymentsDir, 31337)!.identitySync).toBe(h.identitySync);
    // the L2's IdentitySync writes its registry: an agent there
    expect(await c2.publicClient.readContract({ address: r.identityRegistry, abi: identityRegistryAbi, functionName: "isAgent", args: [r.identitySync!] })).toBe(true);
    const read = (c: typeof c1, registry: Address, functionName: "identity" | "investorCountry" | "kycExpiry" | "isVerified", wallet: Address) =>
      c.publicClient.readContract({ address: registry, abi: identityRegistryAbi, functionName, args: [wallet] });
    const sequence = (c: typeof c1, sync: Address, wallet: Address) =>
      c.publicClient.readContract({ address: sync, abi: identitySyncAbi, functionName: "sequenceOf", args: [wallet] });
    for (const w of c1.wallets.slice(2, 5)) {
      const wallet = w.account.address;
      const id1 = await read(c1, h.identityRegistry, "identity", wallet);
      expect(id1).not.toBe("0x0000000000000000000000000000000000000000");
      for (const f of ["identity", "investorCountry", "kycExpiry"] as const) {
        expect(await read(c2, r.identityRegistry, f, wallet)).toEqual(await read(c1, h.identityRegistry, f, wallet));
      }
      expect(await read(c2, r.identityRegistry, "isVerified", wallet)).toBe(true);
      // carried by one message each: sent once on the home chain, applied once on the L2
      expect(await sequence(c1, h.identitySync!, wallet)).toBe(1n);
      expect(await sequence(c2, r.identitySync!, wallet)).toBe(1n);
    }
    const [symbol, bridge] = await Promise.all([
      c2.publicClient.readContract({ address: r.demoAsset!.token, abi: tokenAbi, functionName: "symbol" }),
      c2.publicClient.readContract({ address: r.demoAsset!.token, abi: tokenAbi, functionName: "bridge" }),
    ]);
    expect(symbol).toBe("TDF");
    expect(bridge).not.toBe("0x0000000000000000000000000000000000000000");
    expect(await c2.publicClient.readContract({ address: r.demoAsset!.token, abi: tokenAbi, functionName: "totalSupply" })).toBe(0n);

    const again = await ensureTwoChains(opts);
    expect(again.home.deployed || again.remote.deployed).toBe(false);
    expect(again.remote.deployments.demoAsset).toEqual(r.demoAsset);
    expect(again.remote.deployments.identitySync).toBe(r.identitySync);
    expect(await sequence(c1, h.identitySync!, c1.wallets[2].account.address)).toBe(1n);
  });
});
