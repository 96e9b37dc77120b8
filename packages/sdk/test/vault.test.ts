// The SDK's vault actions (actions/vault.ts) on a chain of this file's own with the demo seeded: a whole subscription
// and redemption through the actions (approval included), a cancellation, a vault deployed and wired by the SDK, and
// every refusal read before any transaction (zero, below minimum, dust, unverified controller, NAV of zero, valuation
// date in the future, nothing pending, no NAV for the dealing date). Chain time moves with evm_increaseTime (no waits).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Address } from "viem";
import { testUsdAbi, tokenAbi } from "@tessera/contracts";
import {
  approveNav,
  cancelDepositRequest,
  claimCancelDepositRequest,
  claimDeposit,
  claimRedeem,
  deployAsset,
  deployVault,
  fulfillDeposits,
  fulfillRedeems,
  getNav,
  getNavHistory,
  getVault,
  getVaultPosition,
  requestDeposit,
  requestRedeem,
  setUpVault,
  updateNav,
} from "@tessera/sdk";
import { DEMO_VAULT, rpc, seedDemo, type DemoSeed } from "@tessera/sdk/node";
import { expectRefusedWithoutWrites, startTestChain, type TestChain } from "./helpers";

let chain: TestChain;
let demo: DemoSeed;
let vault: Address;

beforeAll(async () => {
  chain = await startTestChain("VAULT_TEST_ANVIL_PORT");
  demo = await seedDemo({ rpcUrl: chain.anvil.rpcUrl, deployments: chain.deployments });
  vault = demo.vault!;
});

afterAll(async () => {
  await chain?.anvil.stop();
});

const w = (i: number) => chain.clients.wallets[i]!;
const pc = () => chain.clients.publicClient;
const usdBalance = (a: Address) => pc().readContract({ address: demo.paymentToken, abi: testUsdAbi, functionName: "balanceOf", args: [a] });
const tokenBalance = (t: Address, a: Address) => pc().readContract({ address: t, abi: tokenAbi, functionName: "balanceOf", args: [a] });

/** Moves the chain's clock to `timestamp` (or past it) and mines a block. */
async function warpTo(timestamp: bigint) {
  const now = (await pc().getBlock()).timestamp;
  if (timestamp > now) await rpc(chain.anvil.rpcUrl, "evm_increaseTime", [Number(timestamp - now)]);
  await rpc(chain.anvil.rpcUrl, "evm_mine", []);
}

const TUSD = 10n ** 6n;
const TDF = 10n ** 18n;

describe("vault readers", () => {
  it("read the demo vault's share, payment token, terms and NAV", async () => {
    const info = await getVault(pc(), { vault });
    expect(info.share.toLowerCase()).toBe(demo.token.toLowerCase());
    expect(info.asset.toLowerCase()).toBe(demo.paymentToken.toLowerCase());
    expect(info.terms.minDeposit).toBe(DEMO_VAULT.minDeposit);
    expect(info.terms.interval).toBe(BigInt(DEMO_VAULT.interval));
    expect(info.nextDealingDate % BigInt(DEMO_VAULT.interval)).toBe(0n);
    const nav = await getNav(pc(), { vault });
    expect(nav.navPerShare).toBe(DEMO_VAULT.initialNav);
    expect(nav.pending).toBeNull();
    expect(nav.navMoveLimitBps).toBe(DEMO_VAULT.navMoveLimitBps);
  });
});

describe("refusals before any transaction", () => {
  it("refuses a zero subscription, one below the minimum and one from an unverified controller", async () => {
    await expectRefusedWithoutWrites(pc(), () => requestDeposit(w(4), pc(), { vault, assets: 0n }), "ZeroAmount");
    const below = await expectRefusedWithoutWrites(pc(), () => requestDeposit(w(4), pc(), { vault, assets: 50n * TUSD }), "BelowMinimum");
    expect(below.message).toMatch(/below the vault's minimum of 100000000/);
    const unverified = await expectRefusedWithoutWrites(pc(), () => requestDeposit(w(5), pc(), { vault, assets: 200n * TUSD }), "ControllerRestricted");
    expect(unverified.message).toBe("you are not verified for this asset");
    expect(unverified.code).toBe(5);
  });

  it("refuses a subscription above the payment-token balance before approving anything", async () => {
    const moveUsd = async (from: number, to: Address, amount: bigint) => {
      const hash = await w(from).writeContract({ address: demo.paymentToken, abi: testUsdAbi, functionName: "transfer", args: [to, amount] });
      expect((await pc().waitForTransactionReceipt({ hash })).status).toBe("success");
    };
    const keep = 100n * TUSD;
    const investor = demo.investors[1]!.wallet; // account 3
    const moved = (await usdBalance(investor)) - keep;
    await moveUsd(3, demo.issuer, moved);
    const err = await expectRefusedWithoutWrites(pc(), () => requestDeposit(w(3), pc(), { vault, assets: 200n * TUSD }), "ERC20InsufficientBalance");
    expect(err.message).toMatch(/payment-token balance \(100000000 base units\) is below/);
    await moveUsd(0, investor, moved);
  });

  it("refuses a redemption below the minimum, above the available tokens, and with nothing to cancel or claim", async () => {
    await expectRefusedWithoutWrites(pc(), () => requestRedeem(w(2), pc(), { vault, shares: TDF / 2n }), "BelowMinimum");
    await expectRefusedWithoutWrites(pc(), () => requestRedeem(w(2), pc(), { vault, shares: 20_000n * TDF }), "LockExceedsAvailable");
    await expectRefusedWithoutWrites(pc(), () => cancelDepositRequest(w(2), pc(), { vault }), "NoPendingRequest");
    await expectRefusedWithoutWrites(pc(), () => claimDeposit(w(2), pc(), { vault }), "NothingToClaim");
    await expectRefusedWithoutWrites(pc(), () => claimRedeem(w(2), pc(), { vault }), "NothingToClaim");
  });

  it("refuses a NAV of zero, a valuation date in the future, and a NAV update without the role", async () => {
    await expectRefusedWithoutWrites(pc(), () => updateNav(w(0), pc(), { vault, navPerShare: 0n }), "ZeroNav");
    const now = (await pc().getBlock()).timestamp;
    await expectRefusedWithoutWrites(pc(), () => updateNav(w(0), pc(), { vault, navPerShare: TUSD, valuationDate: now + 86_400n }), "ValuationDateInFuture");
    const role = await expectRefusedWithoutWrites(pc(), () => updateNav(w(4), pc(), { vault, navPerShare: TUSD }), "CallerMissingRole");
    expect(role.message).toMatch(/NAV_AGENT/);
    await expectRefusedWithoutWrites(pc(), () => approveNav(w(1), pc(), { vault }), "NoSuchNavProposal");
  });

  it("refuses invalid input with the field named", async () => {
    await expectRefusedWithoutWrites(pc(), () => requestDeposit(w(4), pc(), { vault: "0x1234" as Address, assets: 1n }), "InvalidInput");
    await expectRefusedWithoutWrites(pc(), () => fulfillDeposits(w(0), pc(), { vault, dealingDate: 1n, requests: [] }), "InvalidInput");
  });
});

describe("a subscription and a redemption through the SDK", () => {
  it("subscribes (approval included), fulfils at an approved NAV move, claims shares, then redeems and claims the payout", async () => {
    const investor = demo.investors[2]!.wallet; // account 4, no TDF yet
    const assets = 1_000n * TUSD;
    const cashBefore = await usdBalance(investor);
    const req = await requestDeposit(w(4), pc(), { vault, assets });
    expect(req.approval?.receipt.status).toBe("success");
    expect(req.receipt.status).toBe("success");
    let pos = await getVaultPosition(pc(), { vault, controller: investor });
    expect(pos.pendingDeposit).toBe(assets);
    expect(pos.pendingDepositDealingDate).toBe(req.dealingDate);
    expect(await usdBalance(investor)).toBe(cashBefore - assets);

    // Fulfilment before any NAV for the dealing date is refused before any transaction.
    await expectRefusedWithoutWrites(pc(), () => fulfillDeposits(w(0), pc(), { vault, dealingDate: req.dealingDate, requests: [{ controller: investor }] }), "NoNavForDealingDate");

    await warpTo(req.dealingDate);
    const nav = 1_250_000n; // +25%: beyond the 10% limit, so a second person approves
    const upd = await updateNav(w(0), pc(), { vault, navPerShare: nav, valuationDate: req.dealingDate });
    expect(upd.status).toBe("proposed");
    expect((await getNav(pc(), { vault })).pending?.navPerShare).toBe(nav);
    await expectRefusedWithoutWrites(pc(), () => fulfillDeposits(w(0), pc(), { vault, dealingDate: req.dealingDate, requests: [{ controller: investor }] }), "NoNavForDealingDate");
    const approved = await approveNav(w(1), pc(), { vault });
    expect(approved.navPerShare).toBe(nav);

    await expectRefusedWithoutWrites(
      pc(),
      () => fulfillDeposits(w(0), pc(), { vault, dealingDate: req.dealingDate, requests: [{ controller: investor, amount: assets + 1n }] }),
      "FulfillExceedsPending",
    );
    const treasuryBefore = await usdBalance(demo.issuer);
    const ful = await fulfillDeposits(w(0), pc(), { vault, dealingDate: req.dealingDate, requests: [{ controller: investor }] });
    expect(ful.batches).toHaveLength(1);
    const shares = (assets * TDF) / nav; // 800 TDF
    expect(ful.fulfilled).toEqual([{ controller: investor, amount: assets, converted: shares }]);
    expect(await usdBalance(demo.issuer)).toBe(treasuryBefore + assets);

    const claimed = await claimDeposit(w(4), pc(), { vault });
    expect(claimed.shares).toBe(shares);
    expect(claimed.assets).toBe(assets);
    expect(await tokenBalance(demo.token, investor)).toBe(shares);

    // Redemption of half at the next dealing date, NAV unchanged (within the limit: in effect at once).
    const half = shares / 2n;
    const red = await requestRedeem(w(4), pc(), { vault, shares: half });
    pos = await getVaultPosition(pc(), { vault, controller: investor });
    expect(pos.pendingRedeem).toBe(half);
    await warpTo(red.dealingDate);
    expect((await updateNav(w(0), pc(), { vault, navPerShare: nav, valuationDate: red.dealingDate })).status).toBe("updated");
    const payout = (half * nav) / TDF; // 500 TUSD
    const fr = await fulfillRedeems(w(0), pc(), { vault, dealingDate: red.dealingDate, requests: [{ controller: investor }] });
    expect(fr.approval?.receipt.status).toBe("success");
    expect(fr.fulfilled[0]?.converted).toBe(payout);
    expect(await tokenBalance(demo.token, investor)).toBe(shares - half);

    const cash = await usdBalance(investor);
    const paid = await claimRedeem(w(4), pc(), { vault });
    expect(paid.assets).toBe(payout);
    expect(await usdBalance(investor)).toBe(cash + payout);

    const history = await getNavHistory(pc(), { vault });
    expect(history.map((h) => h.navPerShare)).toEqual([DEMO_VAULT.initialNav, nav, nav]);
  });

  it("cancels a pending subscription before the cut-off and returns the money", async () => {
    const investor = demo.investors[1]!.wallet; // account 3
    const before = await usdBalance(investor);
    await requestDeposit(w(3), pc(), { vault, assets: 200n * TUSD });
    await cancelDepositRequest(w(3), pc(), { vault });
    const pos = await getVaultPosition(pc(), { vault, controller: investor });
    expect(pos.pendingDeposit).toBe(0n);
    expect(pos.claimableCancelDeposit).toBe(200n * TUSD);
    const back = await claimCancelDepositRequest(w(3), pc(), { vault });
    expect(back.assets).toBe(200n * TUSD);
    expect(await usdBalance(investor)).toBe(before);
  });

  it("refuses the investor's cancellation after the cut-off before any transaction; the fund administrator may still cancel", async () => {
    const investor = demo.investors[1]!.wallet; // account 3
    const req = await requestDeposit(w(3), pc(), { vault, assets: 300n * TUSD });
    await warpTo(req.dealingDate - BigInt(DEMO_VAULT.cutoff) + 60n);
    const late = await expectRefusedWithoutWrites(pc(), () => cancelDepositRequest(w(3), pc(), { vault }), "CancelAfterCutoff");
    expect(late.message).toMatch(/only the fund administrator can cancel it now/);
    await cancelDepositRequest(w(0), pc(), { vault, controller: investor });
    expect((await claimCancelDepositRequest(w(3), pc(), { vault })).assets).toBe(300n * TUSD);
  });
});

describe("deployVault and setUpVault", () => {
  it("deploy and wire a vault for a new asset, then refuse a second vault and a dust subscription before any transaction", async () => {
    const asset = await deployAsset(w(0), pc(), chain.deployments, { name: "Whole Unit Fund", symbol: "WUF", decimals: 0, assetClass: 0 });
    const factory = chain.deployments.vaultFactory!;
    const d = await deployVault(w(0), pc(), {
      vaultFactory: factory,
      token: asset.token,
      paymentToken: demo.paymentToken,
      initialNav: 1_000_000n, // 1 TUSD per whole token: one payment-token base unit buys nothing
      terms: { interval: 86_400, cutoff: 3_600 },
      navMoveLimitBps: 500,
    });
    const wired = await setUpVault(w(0), pc(), { token: asset.token, vault: d.vault, fundAdmin: demo.issuer, navAgent: demo.issuer, navApprover: demo.complianceOfficer });
    expect(wired.length).toBe(5); // SUPPLY, FUND_ADMIN, NAV_AGENT, NAV_APPROVER, setLocker
    expect(await setUpVault(w(0), pc(), { token: asset.token, vault: d.vault, fundAdmin: demo.issuer })).toEqual([]);
    expect(await pc().readContract({ address: asset.token, abi: tokenAbi, functionName: "isLocker", args: [d.vault] })).toBe(true);

    await expectRefusedWithoutWrites(
      pc(),
      () => deployVault(w(0), pc(), { vaultFactory: factory, token: asset.token, paymentToken: demo.paymentToken, initialNav: 1n, terms: { interval: 86_400, cutoff: 0 }, navMoveLimitBps: 0 }),
      "VaultExists",
    );
    await expectRefusedWithoutWrites(pc(), () => requestDeposit(w(2), pc(), { vault: d.vault, assets: 1n }), "DustAmount");
  });
});
