// The SDK's distributor actions (actions/distributor.ts) on a chain of this file's own with the demo seeded: a
// distribution built from the chain's cap table with @tessera/sdk/distribution (tree, root, proofs), posted and funded
// (approval included), claimed with a proof and pushed in a batch, then a second one reclaimed after its deadline;
// every refusal read before any transaction (a record date in the future, zero total, the role missing, a proof for
// another investor, a wrong proof, a second claim, a claim after expiry, a reclaim before it).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Address } from "viem";
import { testUsdAbi, tokenAbi } from "@tessera/contracts";
import { claim, createDistribution, getDistribution, getRemaining, isClaimed, pushBatch, reclaim, setDistributionPaused } from "@tessera/sdk";
import { allocateEntitlements, buildDistribution, type Distribution, type Entitlement } from "@tessera/sdk/distribution";
import { rpc, seedDemo, type DemoSeed } from "@tessera/sdk/node";
import { expectRefusedWithoutWrites, startTestChain, type TestChain } from "./helpers";

let chain: TestChain;
let demo: DemoSeed;
let distributor: Address;
let entitlements: Entitlement[];
let dist: Distribution;
let recordDate: bigint;

const w = (i: number) => chain.clients.wallets[i]!;
const pc = () => chain.clients.publicClient;
const usd = (a: Address) => pc().readContract({ address: demo.paymentToken, abi: testUsdAbi, functionName: "balanceOf", args: [a] });
const now = async () => (await pc().getBlock()).timestamp;
const TUSD = 10n ** 6n;

beforeAll(async () => {
  chain = await startTestChain("DISTRIBUTOR_TEST_ANVIL_PORT");
  demo = await seedDemo({ rpcUrl: chain.anvil.rpcUrl, deployments: chain.deployments });
  distributor = chain.deployments.distributor!;
  // The issuer (TestUSD's owner) funds itself for the distributions.
  const hash = await w(0).writeContract({ address: demo.paymentToken, abi: testUsdAbi, functionName: "mint", args: [demo.issuer, 10_000n * TUSD] });
  await pc().waitForTransactionReceipt({ hash });
  // The cap table at the record date (the last mined block), read from the chain.
  recordDate = await pc().getBlockNumber();
  const holdings = await Promise.all(
    demo.investors.map(async (i) => ({
      wallet: i.wallet,
      identity: i.identity,
      country: i.country,
      balance: await pc().readContract({ address: demo.token, abi: tokenAbi, functionName: "balanceOf", args: [i.wallet], blockNumber: recordDate }),
    })),
  );
  entitlements = allocateEntitlements(holdings, { totalAmount: 1_500n * TUSD, withholdingBps: { "826": 1_000 } }, 18);
  dist = await buildDistribution(entitlements);
});

afterAll(async () => {
  await chain?.anvil.stop();
});

/** The entitlement (and proof) of demo investor `i`. */
function leafOf(i: number) {
  const e = entitlements.find((x) => x.identity === demo.investors[i]!.identity.toLowerCase())!;
  return { index: e.index, identity: e.identity as Address, amount: e.net, proof: dist.tree.proof(e.index) };
}

describe("a distribution posted, claimed and pushed", () => {
  let id: bigint;

  it("refuses a record date in the future, a zero total and a caller without the role, before any transaction", async () => {
    const base = { distributor, token: demo.token, paymentToken: demo.paymentToken, root: dist.root, total: dist.totals.net, recordDate, claimDeadline: (await now()) + 86_400n };
    const future = await expectRefusedWithoutWrites(pc(), async () => createDistribution(w(0), pc(), { ...base, recordDate: (await pc().getBlockNumber()) + 10n }), "RecordDateNotPast");
    expect(future.message).toMatch(/record date \(block \d+\) is not in the past/);
    await expectRefusedWithoutWrites(pc(), () => createDistribution(w(0), pc(), { ...base, total: 0n }), "InvalidTotal");
    await expectRefusedWithoutWrites(pc(), () => createDistribution(w(0), pc(), { ...base, claimDeadline: 1n }), "InvalidClaimDeadline");
    await expectRefusedWithoutWrites(pc(), () => createDistribution(w(2), pc(), base), "CallerNotCorporateActions");
    await expectRefusedWithoutWrites(pc(), () => createDistribution(w(0), pc(), { ...base, root: "0x12" as Address }), "InvalidInput");
  });

  it("posts and funds it (approval included) from the tree built by @tessera/sdk/distribution", async () => {
    expect(dist.totals.holders).toBe(2); // investors 2 and 3 hold TDF; investor 4 none
    expect(dist.totals.gross).toBe(1_500n * TUSD);
    const before = await usd(demo.issuer);
    const r = await createDistribution(w(0), pc(), {
      distributor,
      token: demo.token,
      paymentToken: demo.paymentToken,
      root: dist.root,
      total: dist.totals.net,
      recordDate,
      claimDeadline: (await now()) + 30n * 86_400n,
      uri: "https://example.test/distributions/1.csv",
    });
    id = r.id;
    expect(id).toBe(1n);
    expect(r.approval?.receipt.status).toBe("success");
    expect(await usd(demo.issuer)).toBe(before - dist.totals.net);
    const d = await getDistribution(pc(), { distributor, id });
    expect(d).toMatchObject({ root: dist.root, total: dist.totals.net, claimed: 0n, recordDate, paused: false });
  });

  it("refuses a proof for another investor, a wrong proof and an unknown distribution, before any transaction", async () => {
    const other = await expectRefusedWithoutWrites(pc(), () => claim(w(3), pc(), { distributor, id, ...leafOf(0) }), "WalletNotOfIdentity");
    expect(other.message).toMatch(/^this proof is for another investor/);
    const own = leafOf(1);
    await expectRefusedWithoutWrites(pc(), () => claim(w(3), pc(), { distributor, id, ...own, amount: own.amount + 1n }), "InvalidProof");
    await expectRefusedWithoutWrites(pc(), () => claim(w(3), pc(), { distributor, id, ...own, proof: leafOf(0).proof }), "InvalidProof");
    await expectRefusedWithoutWrites(pc(), () => claim(w(3), pc(), { distributor, id: 99n, ...own }), "UnknownDistribution");
  });

  it("pays a claim with its proof once, and pushes the other entitlement in a batch", async () => {
    const leaf = leafOf(0); // investor 2, US: no withholding
    const before = await usd(demo.investors[0]!.wallet);
    const c = await claim(w(2), pc(), { distributor, id, ...leaf });
    expect(c.amount).toBe(leaf.amount);
    expect(await usd(demo.investors[0]!.wallet)).toBe(before + leaf.amount);
    expect(await isClaimed(pc(), { distributor, id, index: leaf.index })).toBe(true);
    await expectRefusedWithoutWrites(pc(), () => claim(w(2), pc(), { distributor, id, ...leaf }), "AlreadyClaimed");

    const uk = leafOf(1); // investor 3, UK: 10% withheld
    expect(uk.amount).toBe((500n * TUSD * 9n) / 10n);
    await expectRefusedWithoutWrites(pc(), () => pushBatch(w(0), pc(), { distributor, id, payments: [{ ...uk, wallet: demo.investors[0]!.wallet }] }), "WalletNotOfIdentity");
    const pushed = await pushBatch(w(0), pc(), {
      distributor,
      id,
      payments: [
        { ...leaf, wallet: demo.investors[0]!.wallet },
        { ...uk, wallet: demo.investors[1]!.wallet },
      ],
    });
    expect(pushed.skipped).toBe(1); // investor 2 had claimed
    expect(pushed.paid).toBe(uk.amount);
    expect(await getRemaining(pc(), { distributor, id })).toBe(0n);
  });
});

/** Posts the demo's distribution again, its claims open for an hour of chain time. */
async function postForAnHour() {
  return createDistribution(w(0), pc(), {
    distributor,
    token: demo.token,
    paymentToken: demo.paymentToken,
    root: dist.root,
    total: dist.totals.net,
    recordDate,
    claimDeadline: (await now()) + 3_600n,
  });
}

describe("a distribution after its claim deadline", () => {
  it("refuses a reclaim before the deadline and a claim after it, then returns the rest to the issuer", async () => {
    const r = await postForAnHour();
    await expectRefusedWithoutWrites(pc(), () => reclaim(w(0), pc(), { distributor, id: r.id }), "ClaimPeriodNotOver");
    await rpc(chain.anvil.rpcUrl, "evm_increaseTime", [7_200]);
    await rpc(chain.anvil.rpcUrl, "evm_mine", []);
    const late = await expectRefusedWithoutWrites(pc(), () => claim(w(2), pc(), { distributor, id: r.id, ...leafOf(0) }), "ClaimPeriodOver");
    expect(late.message).toMatch(/^the claim period of this distribution is over/);
    const before = await usd(demo.issuer);
    const back = await reclaim(w(0), pc(), { distributor, id: r.id });
    expect(back.amount).toBe(dist.totals.net);
    expect(await usd(demo.issuer)).toBe(before + dist.totals.net);
    await expectRefusedWithoutWrites(pc(), () => reclaim(w(0), pc(), { distributor, id: r.id }), "AlreadyReclaimed");
    // Nothing is left to claim: pausing it is refused too.
    await expectRefusedWithoutWrites(pc(), () => setDistributionPaused(w(0), pc(), { distributor, id: r.id, paused: true }), "AlreadyReclaimed");
  });

  it("pauses claims (ClaimsPaused in words, before any transaction) and resumes them; the role is checked first", async () => {
    const r = await postForAnHour();
    await expectRefusedWithoutWrites(pc(), () => setDistributionPaused(w(2), pc(), { distributor, id: r.id, paused: true }), "CallerNotCorporateActions");
    await setDistributionPaused(w(0), pc(), { distributor, id: r.id, paused: true });
    expect((await getDistribution(pc(), { distributor, id: r.id })).paused).toBe(true);
    const held = await expectRefusedWithoutWrites(pc(), () => claim(w(2), pc(), { distributor, id: r.id, ...leafOf(0) }), "ClaimsPaused");
    expect(held.message).toMatch(/^claims of this distribution are suspended by the issuer/);
    await setDistributionPaused(w(0), pc(), { distributor, id: r.id, paused: false });
    const paid = await claim(w(2), pc(), { distributor, id: r.id, ...leafOf(0) });
    expect(paid.amount).toBeGreaterThan(0n);
  });
});
