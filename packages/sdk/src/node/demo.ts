/**
 * The demo asset and investors that `npm start` seeds.
 */
import type { Address } from "viem";
import { type Deployments, testUsdAbi, testUsdBytecode } from "@tessera/contracts";
import { deployAsset } from "../actions/asset";
import { registerInvestor } from "../actions/registry";
import { mint } from "../actions/token";
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
};

/**
 * Seeds the demo: account 0 (issuer) deploys "Tessera Demo Fund" (TDF, fund share, 18 decimals, countries
 * 840/826/250/276, 100 holders max, 1,000,000 TDF max per wallet); account 1 (compliance officer, a registry agent)
 * registers accounts 2, 3, 4 in 840, 826, 250 with one-year KYC; the issuer mints 10,000 TDF to account 2 and
 * 5,000 TDF to account 3. Account 5 stays unregistered. The issuer also deploys the dev payment token TestUSD ("Test USD",
 * TUSD, 6 decimals, ERC-2612 permit, the issuer its owner and faucet) and mints 1,000,000 TUSD
 * (1_000_000n * 10n ** 6n base units) to each of accounts 2, 3, 4.
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
  return {
    token: asset.token,
    compliance: asset.compliance,
    issuer: issuer.account.address,
    complianceOfficer: officer.account.address,
    investors,
    unregistered: outsider.account.address,
    paymentToken: usd.address,
  };
}
