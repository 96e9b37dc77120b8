// The demo bond that `npm start` seeds after the demo (seedDemoBond): "Tessera Green Bond 2029" with its terms set in
// the dev payment token, issued months before the chain's time so its first coupon's record date has passed, wired to
// the platform's Bond contract and held by the first two demo investors. On a real anvil of this file's own.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Address } from "viem";
import { accessManagerAbi, Role, tokenAbi } from "@tessera/contracts";
import { getBond } from "@tessera/sdk";
import { couponSchedule } from "@tessera/sdk/bond";
import { DEMO_BOND, seedDemo, seedDemoBond, type DemoBondSeed, type DemoSeed } from "@tessera/sdk/node";
import { startTestChain, type TestChain } from "./helpers";

let chain: TestChain;
let demo: DemoSeed;
let seeded: DemoBondSeed;

beforeAll(async () => {
  chain = await startTestChain("DEMO_BOND_TEST_ANVIL_PORT");
  demo = await seedDemo({ rpcUrl: chain.anvil.rpcUrl, deployments: chain.deployments });
  seeded = await seedDemoBond({
    rpcUrl: chain.anvil.rpcUrl,
    deployments: chain.deployments,
    paymentToken: demo.paymentToken,
    investors: demo.investors.map((i) => i.wallet),
  });
});

afterAll(async () => {
  await chain?.anvil.stop();
});

const read = <T>(address: Address, abi: readonly unknown[], functionName: string, args: readonly unknown[] = []) =>
  chain.clients.publicClient.readContract({ address, abi, functionName, args } as never) as Promise<T>;

describe("the demo bond seeded by seedDemoBond", () => {
  it("is a bond asset with its terms: 1,000 TUSD face value, 5% semi-annual ACT/365, three years from an issue months ago", async () => {
    expect(await read<number>(seeded.token, tokenAbi, "assetClass")).toBe(1);
    expect(await read<string>(seeded.token, tokenAbi, "symbol")).toBe("TGB");
    const b = await getBond(chain.clients.publicClient, { bond: chain.deployments.bond!, token: seeded.token });
    expect(b.terms!.paymentToken.toLowerCase()).toBe(demo.paymentToken.toLowerCase());
    expect(b.terms).toMatchObject({
      faceValue: DEMO_BOND.faceValue,
      couponRate: 5_000_000,
      couponFrequency: 2,
      dayCount: 1,
      issueDate: seeded.issueDate,
      maturityDate: seeded.maturityDate,
    });
    expect(b.matured).toBe(false);
    expect(b.required).toBe(150n * DEMO_BOND.faceValue);
    const manager = await read<Address>(seeded.token, tokenAbi, "authority");
    const [supply] = await read<[boolean, number]>(manager, accessManagerAbi, "hasRole", [Role.SUPPLY, chain.deployments.bond!]);
    expect(supply).toBe(true);
  });

  it("has passed its first coupon's record date at the chain's time, and the demo investors hold 100 and 50 TGB", async () => {
    const b = await getBond(chain.clients.publicClient, { bond: chain.deployments.bond!, token: seeded.token });
    const schedule = couponSchedule(b.terms!);
    expect(schedule).toHaveLength(6); // three years, semi-annual, on the grid: no stub
    expect(schedule.at(-1)!.stub).toBe(false);
    const now = Number((await chain.clients.publicClient.getBlock()).timestamp);
    expect(now).toBeGreaterThanOrEqual(schedule[0]!.recordDate + 86_400);
    expect(now).toBeLessThan(schedule[1]!.recordDate);
    const [a, bHolder, c] = demo.investors.map((i) => i.wallet);
    expect(await read<bigint>(seeded.token, tokenAbi, "balanceOf", [a])).toBe(100n * 10n ** 18n);
    expect(await read<bigint>(seeded.token, tokenAbi, "balanceOf", [bHolder])).toBe(50n * 10n ** 18n);
    expect(await read<bigint>(seeded.token, tokenAbi, "balanceOf", [c])).toBe(0n);
  });
});
