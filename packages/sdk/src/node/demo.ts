/**
 * The demo asset and investors that `npm start` seeds.
 */
import type { Address } from "viem";
import { accessManagerAbi, type Deployments, Role, testUsdAbi, testUsdBytecode, tokenAbi } from "@tessera/contracts";
import { deployAsset } from "../actions/asset";
import { registerInvestor } from "../actions/registry";
import { mint } from "../actions/token";
import { setBondTerms, setUpBond } from "../actions/bond";
import { deployVault, setUpVault } from "../actions/vault";
import { deployContract, simulateAndWrite } from "../send";
import { parseAmount } from "../format";
import { devClients } from "./dev-clients";

/** The demo asset's parameters. */
export const DEMO_ASSET = {
  name: "Tessera Demo Fund",
  symbol: "TDF",
  decimals: 18,
  assetClass: 0,
  allowedCountries: [840, 826, 250, 276],
  maxHolders: 100n,
  maxBalance: parseAmount("1000000", 18),
} as const;

/** The dev payment token's parameters (contracts/src/payment/TestUSD.sol) and what each demo investor receives. */
export const DEMO_PAYMENT_TOKEN = {
  name: "Test USD",
  symbol: "TUSD",
  decimals: 6,
  /** 1,000,000 TUSD in base units (6 decimals), minted to each of the three demo investors. */
  perInvestor: 1_000_000n * 10n ** 6n,
} as const;

/**
 * The demo vault's dealing terms (contracts/src/vault/TesseraVault.sol): NAV 1.00 TUSD per TDF at seeding, daily dealing
 * at 00:00 UTC with a one-hour cut-off, minimum subscription 100 TUSD, minimum redemption 1 TDF, a NAV move of more than
 * 10% needs a second approval.
 */
export const DEMO_VAULT = {
  /** Payment-token base units (6 decimals) per whole TDF. */
  initialNav: 1_000_000n,
  /** Seconds between dealing dates. */
  interval: 86_400,
  /** Seconds before a dealing date after which a request waits for the next one. */
  cutoff: 3_600,
  /** Payment-token base units. */
  minDeposit: 100n * 10n ** 6n,
  /** Token base units (18 decimals). */
  minRedeem: 10n ** 18n,
  /** Basis points. */
  navMoveLimitBps: 1_000n,
} as const;

/** What {@link seedDemo} created. */
export type DemoSeed = {
  token: Address;
  compliance: Address;
  issuer: Address;
  /** Account 1: the compliance officer, a registry agent (registers investors). */
  complianceOfficer: Address;
  investors: { wallet: Address; identity: Address; country: number; minted: bigint }[];
  unregistered: Address;
  /** The dev payment token (TestUSD, 6 decimals, owned by the issuer); each investor holds
   * {@link DEMO_PAYMENT_TOKEN}.perInvestor base units of it. */
  paymentToken: Address;
  /** The demo asset's ERC-7540 vault (VaultFactory), when the platform has a VaultFactory: dealing in TestUSD at
   * {@link DEMO_VAULT}'s terms; the issuer is its fund administrator (FUND_ADMIN, NAV_AGENT), the compliance officer its
   * NAV approver. */
  vault?: Address;
};

/**
 * Seeds the demo: account 0 (issuer) deploys "Tessera Demo Fund" (TDF, fund share, 18 decimals, countries
 * 840/826/250/276, 100 holders max, 1,000,000 TDF max per wallet); account 1 (compliance officer, a registry agent)
 * registers accounts 2, 3, 4 in 840, 826, 250 with one-year KYC; the issuer mints 10,000 TDF to account 2 and
 * 5,000 TDF to account 3. Account 5 stays unregistered. The issuer also deploys the dev payment token TestUSD ("Test USD",
 * TUSD, 6 decimals, ERC-2612 permit, the issuer its owner and faucet) and mints 1,000,000 TUSD
 * (1_000_000n * 10n ** 6n base units) to each of accounts 2, 3, 4. When the platform has the money leg's contracts, the issuer
 * then deploys the demo asset's vault ({@link DEMO_VAULT}) through the VaultFactory, grants it SUPPLY and allows it
 * and the DvP as lockers, takes FUND_ADMIN, NAV_AGENT and CORPORATE_ACTIONS itself and gives NAV_APPROVER to the
 * compliance officer (a second person for large NAV moves).
 * @param opts.rpcUrl The anvil URL (dev accounts sign locally from the standard mnemonic).
 * @param opts.deployments The platform; account 1 must be a registry agent (deployPlatform's registryAgents).
 * @returns The demo asset and who is who; put `{ token, compliance }` in `deployments.demoAsset` and
 *   `paymentToken` in `deployments.paymentToken`.
 * @throws TesseraError when a deployment or transaction reverts (see `deployContract`, `simulateAndWrite`).
 */
export async function seedDemo(opts: { rpcUrl: string; deployments: Deployments }): Promise<DemoSeed> {
  const { publicClient, wallets } = await devClients(opts.rpcUrl, 6);
  const [issuer, officer, inv1, inv2, inv3, outsider] = wallets;
  const asset = await deployAsset(issuer, publicClient, opts.deployments, { ...DEMO_ASSET, allowedCountries: [...DEMO_ASSET.allowedCountries] });

  const block = await publicClient.getBlock();
  const kycExpiresAt = block.timestamp + 365n * 24n * 60n * 60n;
  const plan = [
    { wallet: inv1.account.address, country: 840, minted: parseAmount("10000", 18) },
    { wallet: inv2.account.address, country: 826, minted: parseAmount("5000", 18) },
    { wallet: inv3.account.address, country: 250, minted: 0n },
  ];
  const investors: DemoSeed["investors"] = [];
  for (const p of plan) {
    const r = await registerInvestor(officer, publicClient, opts.deployments, { wallet: p.wallet, country: p.country, kycExpiresAt });
    investors.push({ wallet: p.wallet, identity: r.identity, country: p.country, minted: p.minted });
  }
  for (const p of plan) {
    if (p.minted > 0n) await mint(issuer, publicClient, { token: asset.token, to: p.wallet, amount: p.minted });
  }
  const usd = await deployContract(issuer, publicClient, {
    abi: testUsdAbi,
    bytecode: testUsdBytecode,
    args: [issuer.account.address],
    label: "TestUSD",
  });
  for (const p of plan) {
    await simulateAndWrite(
      issuer,
      publicClient,
      { address: usd.address, abi: testUsdAbi, functionName: "mint", args: [p.wallet, DEMO_PAYMENT_TOKEN.perInvestor] },
      { label: "TestUSD mint" },
    );
  }
  const vault = opts.deployments.vaultFactory
    ? await seedVault(opts.deployments, issuer, officer.account.address, publicClient, asset.token, usd.address)
    : undefined;
  return {
    ...(vault ? { vault } : {}),
    token: asset.token,
    compliance: asset.compliance,
    issuer: issuer.account.address,
    complianceOfficer: officer.account.address,
    investors,
    unregistered: outsider.account.address,
    paymentToken: usd.address,
  };
}

/** The demo vault and its roles (see {@link seedDemo}): the SDK's `deployVault` and `setUpVault`, then the issuer's
 * CORPORATE_ACTIONS role and the DvP as a locker. */
async function seedVault(
  deployments: Deployments,
  issuer: Awaited<ReturnType<typeof devClients>>["wallets"][number],
  officer: Address,
  publicClient: Awaited<ReturnType<typeof devClients>>["publicClient"],
  token: Address,
  paymentToken: Address,
): Promise<Address> {
  const write = (address: Address, abi: readonly unknown[], functionName: string, args: readonly unknown[], label: string) =>
    simulateAndWrite(issuer, publicClient, { address, abi, functionName, args } as never, { label });
  // firstDealing defaults to the next multiple of the interval: the next 00:00 UTC; the initial NAV is valued now.
  const { vault } = await deployVault(issuer, publicClient, {
    vaultFactory: deployments.vaultFactory as Address,
    token,
    paymentToken,
    initialNav: DEMO_VAULT.initialNav,
    terms: { interval: DEMO_VAULT.interval, cutoff: DEMO_VAULT.cutoff, minDeposit: DEMO_VAULT.minDeposit, minRedeem: DEMO_VAULT.minRedeem },
    navMoveLimitBps: Number(DEMO_VAULT.navMoveLimitBps),
    treasury: issuer.account.address,
  });
  const me = issuer.account.address;
  await setUpVault(issuer, publicClient, { token, vault, fundAdmin: me, navAgent: me, navApprover: officer });
  const manager = (await publicClient.readContract({ address: token, abi: tokenAbi, functionName: "authority" })) as Address;
  await write(manager, accessManagerAbi, "grantRole", [Role.CORPORATE_ACTIONS, me, 0], "grant a role");
  if (deployments.dvp) await write(token, tokenAbi, "setLocker", [deployments.dvp, true], "allow the DvP to lock");
  return vault;
}

/**
 * The demo bond's parameters: "Tessera Green Bond 2029" (TGB, 18 decimals), face value 1,000 TUSD per TGB, 5% a year
 * paid semi-annually, ACT/365; issued {@link DEMO_BOND}.issuedMonthsAgo months before the chain's time (00:00 UTC),
 * maturing {@link DEMO_BOND}.years years after issue, so the first coupon's record date has passed when `npm start`
 * seeds it. The demo investors hold 100 and 50 TGB.
 */
export const DEMO_BOND = {
  name: "Tessera Green Bond 2029",
  symbol: "TGB",
  decimals: 18,
  assetClass: 1,
  allowedCountries: [840, 826, 250, 276],
  /** Payment-token base units (6 decimals) per whole TGB. */
  faceValue: 1_000n * 10n ** 6n,
  /** 5% a year in 1e-8 units (COUPON_RATE_SCALE = 100%). */
  couponRate: 5_000_000,
  couponFrequency: 2,
  /** ACT/365. */
  dayCount: 1,
  issuedMonthsAgo: 7,
  years: 3,
  /** Whole TGB minted to the first two demo investors. */
  holdings: [100n, 50n],
} as const;

/** What {@link seedDemoBond} created. */
export type DemoBondSeed = { token: Address; compliance: Address; issueDate: bigint; maturityDate: bigint };

/**
 * Seeds the demo bond (see {@link DEMO_BOND}) after {@link seedDemo}: the issuer (account 0) deploys it, wires the
 * platform's Bond contract (SUPPLY to it, CORPORATE_ACTIONS to itself: `setUpBond`), sets its terms in the payment
 * token and mints to the first two demo investors (registered by seedDemo). Only `npm start` seeds it (scripts/up.ts):
 * the tests' chains keep the demo investors' holdings as seedDemo leaves them.
 * @param opts.paymentToken The dev payment token (seedDemo's `paymentToken`).
 * @param opts.investors The demo investors' wallets (seedDemo's `investors`, in order).
 * @throws Error when the platform has no Bond contract; TesseraError when a transaction is refused.
 */
export async function seedDemoBond(opts: { rpcUrl: string; deployments: Deployments; paymentToken: Address; investors: Address[] }): Promise<DemoBondSeed> {
  const bond = opts.deployments.bond as Address | undefined;
  if (!bond) throw new Error("seedDemoBond: the platform has no Bond contract (deployments.bond)");
  const { publicClient, wallets } = await devClients(opts.rpcUrl, 1);
  const [issuer] = wallets;
  const asset = await deployAsset(issuer, publicClient, opts.deployments, {
    name: DEMO_BOND.name,
    symbol: DEMO_BOND.symbol,
    decimals: DEMO_BOND.decimals,
    assetClass: DEMO_BOND.assetClass,
    allowedCountries: [...DEMO_BOND.allowedCountries],
    maxHolders: 0n,
    maxBalance: 0n,
  });
  const now = new Date(Number((await publicClient.getBlock()).timestamp) * 1000);
  // The 1st of the month DEMO_BOND.issuedMonthsAgo months back, 00:00 UTC; maturity DEMO_BOND.years later, on the grid.
  const issue = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - DEMO_BOND.issuedMonthsAgo, 1) / 1000;
  const maturity = Date.UTC(now.getUTCFullYear() + DEMO_BOND.years, now.getUTCMonth() - DEMO_BOND.issuedMonthsAgo, 1) / 1000;
  await setUpBond(issuer, publicClient, { bond, token: asset.token, corporateActions: issuer.account.address });
  await setBondTerms(issuer, publicClient, {
    bond,
    token: asset.token,
    terms: {
      paymentToken: opts.paymentToken,
      faceValue: DEMO_BOND.faceValue,
      couponRate: DEMO_BOND.couponRate,
      couponFrequency: DEMO_BOND.couponFrequency,
      dayCount: DEMO_BOND.dayCount,
      issueDate: BigInt(issue),
      maturityDate: BigInt(maturity),
    },
  });
  for (const [i, whole] of DEMO_BOND.holdings.entries()) {
    const to = opts.investors[i];
    if (to) await mint(issuer, publicClient, { token: asset.token, to, amount: whole * 10n ** BigInt(DEMO_BOND.decimals) });
  }
  return { token: asset.token, compliance: asset.compliance, issueDate: BigInt(issue), maturityDate: BigInt(maturity) };
}
