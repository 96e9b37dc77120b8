import { deployAsset, getBond, mint } from "@tessera/sdk";
import { couponSchedule } from "@tessera/sdk/bond";
import { erc20Abi, type Address } from "viem";
import { createInvestor, expect, mintPaymentToken, signInWithBrowserWallet, test, TUSD, useBrowserWallet, warpTo, type Investor, type Platform } from "./fixtures";
import { artifact, DEV, row, signInDevAccount, utcMinute, watchConsole } from "./support";

/**
 * A bond's life in the apps (issue 11, "Bonds"), in the browser against anvil, the indexer and the database. Setup
 * (SDK): the issuer deploys its own bond asset "Bond Journey Note" (BJN) and mints 10 BJN to a fresh investor and 5 to
 * a second one. Then, in steps: the issuer sets the terms in the browser (face value 1,000 TUSD, 5% semi-annual
 * ACT/365, issued 400 days before the chain's time, maturing 30 minutes after it: the Bond contract is wired first,
 * setUpBond) and sees them read-only, the coupon calendar (coupons 1 and 2 with record dates passed and "Pay coupon"
 * links into the distribution wizard, a short final stub at maturity) and the amount the maturity needs; the chain's
 * clock moves to maturity (anvil evm_increaseTime + evm_mine, about 30 minutes: a chain-time move, not a wait); the
 * issuer funds the redemption (15,000 TUSD) and the asset shows "Matured"; the investor redeems at face value in the
 * investor app and is paid 10,000 TUSD; the issuer redeems the remaining holder in a batch ("Redeem holders") and the
 * issuer's asset list shows the bond "Matured". Each journey owns its asset and investors.
 */
const BOND = { name: "Bond Journey Note", symbol: "BJN" };
const UNIT = 10n ** 18n;
let token: Address;
let investor: Investor;
let second: Investor;
let platformRef: Platform;

test.describe.configure({ mode: "serial" });

/** Unix seconds → the value of a datetime-local input, read as UTC ("YYYY-MM-DDTHH:MM"). */
const input = (s: bigint) => new Date(Number(s) * 1000).toISOString().slice(0, 16);

type BondTerms = NonNullable<Awaited<ReturnType<typeof getBond>>["terms"]>;

/** The bond's terms on-chain (set in the browser by the first step). */
async function terms(): Promise<BondTerms> {
  const b = await getBond(platformRef.publicClient, { bond: platformRef.deployments.bond!, token });
  if (!b.terms) throw new Error("the bond's terms are not set");
  return b.terms;
}

const tusdOf = (wallet: Address) =>
  platformRef.publicClient.readContract({ address: platformRef.deployments.paymentToken!, abi: erc20Abi, functionName: "balanceOf", args: [wallet] });

test.beforeAll(async ({ platform }) => {
  platformRef = platform;
  const { publicClient, issuer, deployments } = platform;
  const d = await deployAsset(issuer, publicClient, deployments, {
    ...BOND, decimals: 18, assetClass: 1, allowedCountries: [], maxHolders: 0n, maxBalance: 0n,
  });
  token = d.token;
  investor = await createInvestor(platform, { country: 840 });
  second = await createInvestor(platform, { country: 276 });
  await mint(issuer, publicClient, { token, to: investor.address, amount: 10n * UNIT });
  await mint(issuer, publicClient, { token, to: second.address, amount: 5n * UNIT });
  // The redemption's 15,000 TUSD (the issuer owns the dev TestUSD).
  await mintPaymentToken(platform, issuer.account.address, 15_000n * TUSD);
});

test("the issuer sets the bond's terms in the browser; the coupon calendar and the maturity follow from them", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto(`/issuer/assets/${token}/corporate-actions`);
  await signInDevAccount(page, DEV.issuer.label);
  const now = (await platformRef.publicClient.getBlock()).timestamp;
  const issue = now - 400n * 86_400n;
  const maturity = now + 30n * 60n;
  await page.getByLabel("Face value per unit (TUSD)").fill("1000");
  await page.getByLabel("Coupon rate (% per year)").fill("5");
  await expect(page.getByLabel("Coupon frequency")).toHaveValue("2"); // semi-annual
  await expect(page.getByLabel("Day count")).toHaveValue("1"); // ACT/365
  await expect(page.getByLabel("Payment token")).toHaveValue(platformRef.deployments.paymentToken!.toLowerCase());
  await page.getByLabel("Issue date (UTC)").fill(input(issue));
  // A maturity in the past is refused in words before any transaction.
  await page.getByLabel("Maturity date (UTC)").fill(input(issue - 86_400n));
  await page.getByRole("button", { name: "Set bond terms" }).click();
  await expect(page.getByText("The maturity date must be after the issue date.")).toBeVisible();
  // After the issue date but not in the future at the chain's time: the contract's refusal, in words, before any signature.
  await page.getByLabel("Maturity date (UTC)").fill(input(now - 86_400n));
  await page.getByRole("button", { name: "Set bond terms" }).click();
  await expect(page.getByRole("alert", { name: "Bond terms progress" })).toContainText(`the maturity date ${input(now - 86_400n).slice(0, 10)}`);
  await expect(page.getByRole("alert", { name: "Bond terms progress" })).toContainText("is not in the future");
  await page.getByLabel("Maturity date (UTC)").fill(input(maturity));
  await page.getByRole("button", { name: "Set bond terms" }).click();
  await expect(page.getByRole("status", { name: "Bond terms progress" })).toContainText("Terms of BJN set");
  await expect(page.getByRole("status", { name: "Bond terms progress" })).toContainText("indexed");

  const t = await terms();
  const shown = page.getByLabel("Bond terms on-chain");
  await expect(shown).toContainText("1,000 TUSD");
  await expect(shown).toContainText("5% per year, semi-annual");
  await expect(shown).toContainText("ACT/365");
  await expect(shown).toContainText(utcMinute(t.maturityDate));

  const schedule = couponSchedule(t);
  expect(schedule.length).toBe(3); // two regular coupons passed, then a short stub to maturity
  await expect(page.getByRole("table", { name: "Coupon calendar" }).getByRole("row")).toHaveCount(1 + schedule.length);
  for (const c of schedule.slice(0, 2)) {
    const r = row(page, "Coupon calendar", `Coupon ${c.number}`);
    const perUnit = `${(Number(c.amountPerUnit) / 1e6).toLocaleString("en-US", { maximumFractionDigits: 6 })} TUSD`;
    await expect(r).toContainText(c.recordDay);
    await expect(r).toContainText(c.paymentDay);
    await expect(r).toContainText(perUnit);
    await expect(r).toContainText(`${(Number(c.amountPerUnit * 15n) / 1e6).toLocaleString("en-US", { maximumFractionDigits: 6 })} TUSD`);
    await expect(r).toContainText("Record date passed");
    const link = r.getByRole("link", { name: `Pay coupon ${c.number}` });
    await expect(link).toHaveAttribute(
      "href",
      new RegExp(`^/issuer/assets/${token.toLowerCase()}/corporate-actions\\?distribution=new&kind=coupon&coupon=${c.number}&recordDate=${c.recordDay}&ratePerUnit=${c.amountPerUnit}(&recordBlock=\\d+)?$`),
    );
  }
  await expect(row(page, "Coupon calendar", "Coupon 3")).toContainText("short stub");
  await expect(page.getByRole("status", { name: "Maturity status" })).toContainText(
    `Before maturity. Matures on ${utcMinute(t.maturityDate)}. The redemption will need 15,000 TUSD: 1,000 TUSD face value × 15 BJN.`,
  );
  await page.screenshot({ path: artifact("issuer-bond.png"), fullPage: true });
  expect(errors).toEqual([]);
});

test("at maturity the issuer funds the redemption and the asset shows Matured", async ({ page }) => {
  const errors = watchConsole(page);
  const t = await terms();
  await page.goto(`/issuer/assets/${token}/corporate-actions`);
  await signInDevAccount(page, DEV.issuer.label);
  await expect(page.getByRole("status", { name: "Maturity status" })).toContainText("Before maturity.");
  await warpTo(platformRef, t.maturityDate + 60n);
  await expect(page.getByRole("status", { name: "Maturity status" })).toContainText("Matured: redemption not funded yet.");
  await page.getByRole("button", { name: "Fund redemption (15,000 TUSD)" }).click();
  await expect(page.getByRole("status", { name: "Funding progress" })).toContainText("Funded 15,000 TUSD: redemptions at face value are open.");
  await expect(page.getByRole("status", { name: "Funding progress" })).toContainText("indexed");
  await expect(page.getByRole("status", { name: "Maturity status" })).toContainText("Matured: redemptions open.");
  await expect(page.getByLabel("Asset summary")).toContainText("Matured");
  expect(errors).toEqual([]);
});

test("the investor redeems at face value in the browser and is paid 10,000 TUSD", async ({ page }) => {
  const errors = watchConsole(page);
  expect(await tusdOf(investor.address)).toBe(0n);
  await useBrowserWallet(page, investor.account);
  await page.goto("/investor");
  await signInWithBrowserWallet(page, investor.address);
  const r = row(page, "My bonds", BOND.name);
  await expect(r).toContainText("10 BJN");
  await expect(r).toContainText("Matured: redeem at face value");
  await r.getByRole("button", { name: "Redeem BJN at face value" }).click();
  await expect(page.getByRole("status", { name: "Bond redemption progress" })).toContainText("Redeemed 10 BJN at face value: 10,000 TUSD paid to your wallet.");
  await expect(page.getByRole("status", { name: "Bond redemption progress" })).toContainText("indexed");
  expect(await tusdOf(investor.address)).toBe(10_000n * TUSD);
  await expect(row(page, "Holdings", BOND.name)).toHaveCount(0);
  await page.screenshot({ path: artifact("investor-bond-redeemed.png"), fullPage: true });
  expect(errors).toEqual([]);
});

test("the issuer redeems the remaining holder in a batch; the asset list shows the bond Matured", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto(`/issuer/assets/${token}/corporate-actions`);
  await signInDevAccount(page, DEV.issuer.label);
  await expect(page.getByRole("status", { name: "Maturity status" })).toContainText("The supply of 5 BJN needs 5,000 TUSD");
  await page.getByRole("button", { name: "Redeem holders" }).click();
  await expect(page.getByRole("status", { name: "Holder redemption progress" })).toContainText("Redeemed 1 holder: 5,000 TUSD paid.");
  await expect(page.getByRole("status", { name: "Maturity status" })).toContainText("Matured: supply redeemed. Matured on");
  expect(await tusdOf(second.address)).toBe(5_000n * TUSD);
  await page.goto("/issuer");
  await expect(row(page, "Assets", BOND.name)).toContainText("Matured");
  expect(errors).toEqual([]);
});
