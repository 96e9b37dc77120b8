import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Address } from "viem";
import { maxHoldersModuleAbi } from "@tessera/contracts";
import { deployIdentity } from "@tessera/sdk";
import { syncInvestorRecord, updateIdentity } from "../lib/compliance/chain-actions";
import { startTestChain, type TestChain } from "./helpers/chain";

// The investor manager's identity and country updates are followed by syncInvestorRecord on every token the wallet
// holds: the compliance modules key holders by identity, and without it they kept counting the old identity.
let chain: TestChain;
const pc = () => chain.clients.publicClient;
const w = (i: number) => chain.clients.wallets[i]!;

beforeAll(async () => {
  chain = await startTestChain();
});
afterAll(async () => {
  await chain?.dispose();
});

describe("syncInvestorRecord after updateIdentity", () => {
  it("moves the holder from the old identity to the new one in MaxHoldersModule", async () => {
    const holder = chain.demo.investors.find((i) => i.minted > 0n)!;
    const module = chain.deployments.modules!.maxHolders as Address;
    const compliance = chain.demo.compliance;
    const holdingWallets = (identity: Address) =>
      pc().readContract({ address: module, abi: maxHoldersModuleAbi, functionName: "getHoldingWallets", args: [compliance, identity] });
    const holderCount = () => pc().readContract({ address: module, abi: maxHoldersModuleAbi, functionName: "getHolderCount", args: [compliance] });
    const before = await holderCount();
    expect(await holdingWallets(holder.identity)).toBe(1n);

    const { identity: newIdentity } = await deployIdentity(w(1), pc(), holder.wallet);
    await updateIdentity(w(1), pc(), { registry: chain.deployments.identityRegistry, wallet: holder.wallet, identity: newIdentity });
    // The registry moved; the module still counts the old identity until it is told.
    expect(await holdingWallets(newIdentity)).toBe(0n);

    const synced = await syncInvestorRecord(w(1), pc(), { wallet: holder.wallet, tokens: [chain.demo.token] });
    expect(synced).toHaveLength(1);
    expect(await holdingWallets(holder.identity)).toBe(0n);
    expect(await holdingWallets(newIdentity)).toBe(1n);
    expect(await holderCount()).toBe(before);
  });
});
