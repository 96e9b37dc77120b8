// The SDK's bond actions (actions/bond.ts) on a chain of this file's own with the demo seeded: a bond asset (class 1,
// whole tokens, face value 1,000 TUSD) wired to the Bond contract, its terms set once, then at maturity funded by the
// shortfall (approval included), redeemed by a holder and by the desk in a batch, and the excess reclaimed; every
// refusal read before any transaction (not a bond, maturity in the past, terms twice, before maturity, not funded,
// more than redeemable, zero amount, nothing to reclaim). Chain time moves with evm_increaseTime (no waits).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Address } from "viem";
import { testUsdAbi, tokenAbi } from "@tessera/contracts";
import {
  deployAsset,
  fundRedemption,
  getBond,
  getRedeemableBalance,
  mint,
  reclaimExcess,
  redeemAtMaturity,
  redeemAtMaturityFor,
  setBondTerms,
  setUpBond,
  type BondTermsInput,
} from "@tessera/sdk";
import { rpc, seedDemo, type DemoSeed } from "@tessera/sdk/node";
import { expectRefusedWithoutWrites, startTestChain, type TestChain } from "./helpers";

let chain: TestChain;
let demo: DemoSeed;
let bond: Address;
let token: Address;
let terms: BondTermsInput;

const w = (i: number) => chain.clients.wallets[i]!;
const pc = () => chain.clients.publicClient;
const addr = (i: number) => w(i).account.address;
const usd = (a: Address) => pc().readContract({ address: demo.paymentToken, abi: testUsdAbi, functionName: "balanceOf", args: [a] });
const bal = (a: Address) => pc().readContract({ address: token, abi: tokenAbi, functionName: "balanceOf", args: [a] });
const TUSD = 10n ** 6n;
const FACE = 1_000n * TUSD; // per whole token (0 decimals)

beforeAll(async () => {
  chain = await startTestChain("BOND_TEST_ANVIL_PORT");
  demo = await seedDemo({ rpcUrl: chain.anvil.rpcUrl, deployments: chain.deployments });
  bond = chain.deployments.bond!;
  const a = await deployAsset(w(0), pc(), chain.deployments, { name: "Tessera 5% 2027", symbol: "T27", decimals: 0, assetClass: 1 });
  token = a.token;
  await mint(w(0), pc(), { token, to: addr(2), amount: 10n });
  await mint(w(0), pc(), { token, to: addr(3), amount: 5n });
  const hash = await w(0).writeContract({ address: demo.paymentToken, abi: testUsdAbi, functionName: "mint", args: [demo.issuer, 100_000n * TUSD] });
  await pc().waitForTransactionReceipt({ hash });
  const now = (await pc().getBlock()).timestamp;
  terms = { paymentToken: demo.paymentToken, issueDate: now, maturityDate: now + 365n * 86_400n, couponFrequency: 2, dayCount: 1, couponRate: 5_000_000, faceValue: FACE };
});

afterAll(async () => {
  await chain?.anvil.stop();
});

describe("bond terms", () => {
  it("are refused without the role, on a fund, with a past maturity and a rate that does not fit the frequency, before any transaction", async () => {
    await expectRefusedWithoutWrites(pc(), () => setBondTerms(w(0), pc(), { bond, token, terms }), "AccessManagerUnauthorizedAccount");
    const wired = await setUpBond(w(0), pc(), { bond, token, corporateActions: demo.issuer });
    expect(wired).toHaveLength(2);
    expect(await setUpBond(w(0), pc(), { bond, token, corporateActions: demo.issuer })).toEqual([]);
    await expectRefusedWithoutWrites(pc(), () => setBondTerms(w(0), pc(), { bond, token: demo.token, terms }), "NotABond");
    await expectRefusedWithoutWrites(pc(), () => setBondTerms(w(0), pc(), { bond, token, terms: { ...terms, maturityDate: 1_000n, issueDate: 1n } }), "MaturityInPast");
    await expectRefusedWithoutWrites(pc(), () => setBondTerms(w(0), pc(), { bond, token, terms: { ...terms, couponRate: 0 } }), "InvalidCouponRate");
    await expectRefusedWithoutWrites(pc(), () => setBondTerms(w(0), pc(), { bond, token, terms: { ...terms, couponFrequency: 3 as 2 } }), "InvalidInput");
  });

  it("are set once and read back", async () => {
    await setBondTerms(w(0), pc(), { bond, token, terms });
    const state = await getBond(pc(), { bond, token });
    expect(state.terms).toMatchObject({ faceValue: FACE, couponRate: 5_000_000, couponFrequency: 2, dayCount: 1 });
    expect(state.required).toBe(15n * FACE);
    expect(state.shortfall).toBe(15n * FACE);
    await expectRefusedWithoutWrites(pc(), () => setBondTerms(w(0), pc(), { bond, token, terms }), "BondTermsAlreadySet");
  });
});

describe("redemption at maturity", () => {
  it("is refused before maturity and before it is funded", async () => {
    await expectRefusedWithoutWrites(pc(), () => fundRedemption(w(0), pc(), { bond, token }), "BondNotMatured");
    await expectRefusedWithoutWrites(pc(), () => redeemAtMaturity(w(2), pc(), { bond, token }), "BondNotMatured");
    await rpc(chain.anvil.rpcUrl, "evm_increaseTime", [366 * 86_400]);
    await rpc(chain.anvil.rpcUrl, "evm_mine", []);
    const err = await expectRefusedWithoutWrites(pc(), () => redeemAtMaturity(w(2), pc(), { bond, token }), "RedemptionNotFunded");
    expect(err.message).toMatch(/not open yet/);
  });

  it("funds the shortfall, pays a holder at face value, redeems the rest in a batch and reclaims the excess", async () => {
    const funded = await fundRedemption(w(0), pc(), { bond, token });
    expect(funded.amount).toBe(15n * FACE);
    expect(funded.matured).toBe(true);
    expect(funded.approval?.receipt.status).toBe("success");

    await expectRefusedWithoutWrites(pc(), () => redeemAtMaturity(w(2), pc(), { bond, token, amount: 11n }), "RedemptionExceedsRedeemable");
    await expectRefusedWithoutWrites(pc(), () => redeemAtMaturity(w(2), pc(), { bond, token, amount: 0n }), "RedemptionAmountTooSmall");
    const before = await usd(addr(2));
    const r = await redeemAtMaturity(w(2), pc(), { bond, token, amount: 4n });
    expect(r.payment).toBe(4n * FACE);
    expect(await usd(addr(2))).toBe(before + 4n * FACE);
    expect(await bal(addr(2))).toBe(6n);
    expect(await getRedeemableBalance(pc(), { bond, token, holder: addr(2) })).toBe(6n);

    await expectRefusedWithoutWrites(pc(), () => reclaimExcess(w(0), pc(), { bond, token }), "NothingToReclaim");
    const batch = await redeemAtMaturityFor(w(0), pc(), { bond, token, holders: [addr(2), addr(3), addr(4)], batchSize: 2 });
    expect(batch.batches).toHaveLength(2);
    expect(batch.redeemed).toBe(2n); // account 4 holds none: skipped
    expect(batch.paid).toBe(11n * FACE);
    expect(await bal(addr(3))).toBe(0n);

    await fundRedemption(w(0), pc(), { bond, token, amount: TUSD }); // overfunded by 1 TUSD
    const back = await reclaimExcess(w(0), pc(), { bond, token });
    expect(back.amount).toBe(TUSD);
    expect((await getBond(pc(), { bond, token })).available).toBe(0n);
  });
});
