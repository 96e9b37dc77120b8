// The demo asset's ERC-7540 vault that `npm start` seeds: its wiring (share, asset, roles, lockers), then a whole
// subscription and redemption at NAV on a real anvil of this file's own, with the chain's clock moved to the
// dealing date (anvil's evm_increaseTime: a chain-time move, not a wait).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Abi, Address } from "viem";
import { accessManagerAbi, Role, tesseraVaultAbi, testUsdAbi, tokenAbi } from "@tessera/contracts";
import { DEMO_VAULT, rpc, seedDemo, type DemoSeed } from "@tessera/sdk/node";
import { startTestChain, type TestChain } from "./helpers";

let chain: TestChain;
let demo: DemoSeed;
let vault: Address;

beforeAll(async () => {
  chain = await startTestChain("DEMO_VAULT_TEST_ANVIL_PORT");
  demo = await seedDemo({ rpcUrl: chain.anvil.rpcUrl, deployments: chain.deployments });
  vault = demo.vault!;
});

afterAll(async () => {
  await chain?.anvil.stop();
});

const read = <T>(address: Address, abi: Abi | readonly unknown[], functionName: string, args: readonly unknown[] = []) =>
  chain.clients.publicClient.readContract({ address, abi, functionName, args } as never) as Promise<T>;

async function write(walletIndex: number, address: Address, abi: readonly unknown[], functionName: string, args: readonly unknown[]) {
  const { publicClient, wallets } = chain.clients;
  const hash = await wallets[walletIndex].writeContract({ address, abi, functionName, args } as never);
  const receipt = await publicClient.waitForTransactionReceipt({ hash });
  expect(receipt.status).toBe("success");
  return receipt;
}

/** Moves the chain's clock to `timestamp` (or past it) and mines a block. */
async function warpTo(timestamp: bigint) {
  const now = (await chain.clients.publicClient.getBlock()).timestamp;
  if (timestamp > now) await rpc(chain.anvil.rpcUrl, "evm_increaseTime", [Number(timestamp - now)]);
  await rpc(chain.anvil.rpcUrl, "evm_mine", []);
}

describe("the demo vault seeded by seedDemo", () => {
  it("is the demo asset's ERC-7540 vault in TestUSD, with its roles and locks in place", async () => {
    expect(vault).toMatch(/^0x[0-9a-fA-F]{40}$/);
    expect((await read<Address>(vault, tesseraVaultAbi, "share")).toLowerCase()).toBe(demo.token.toLowerCase());
    expect((await read<Address>(vault, tesseraVaultAbi, "asset")).toLowerCase()).toBe(demo.paymentToken.toLowerCase());
    const [nav] = await read<[bigint, bigint]>(vault, tesseraVaultAbi, "navPerShare");
    expect(nav).toBe(DEMO_VAULT.initialNav);
    expect(await read<boolean>(demo.token, tokenAbi, "isLocker", [vault])).toBe(true);
    expect(await read<boolean>(demo.token, tokenAbi, "isLocker", [chain.deployments.dvp!])).toBe(true);
    const manager = await read<Address>(demo.token, tokenAbi, "authority");
    const has = async (role: bigint, account: Address) => (await read<[boolean, number]>(manager, accessManagerAbi, "hasRole", [role, account]))[0];
    expect(await has(Role.SUPPLY, vault)).toBe(true);
    expect(await has(Role.FUND_ADMIN, demo.issuer)).toBe(true);
    expect(await has(Role.NAV_AGENT, demo.issuer)).toBe(true);
    expect(await has(Role.NAV_APPROVER, demo.complianceOfficer)).toBe(true);
  });

  it("takes a subscription and a redemption at the dealing date's NAV: cash to the treasury, shares minted, then burned and paid", async () => {
    const investor = demo.investors[2]!.wallet; // account 4, holds no TDF yet
    const usd = demo.paymentToken;
    const assets = 1_000n * 10n ** 6n; // 1,000 TUSD
    await write(4, usd, testUsdAbi, "approve", [vault, assets]);
    await write(4, vault, tesseraVaultAbi, "requestDeposit", [assets, investor, investor]);
    expect(await read<bigint>(vault, tesseraVaultAbi, "pendingDepositRequest", [0n, investor])).toBe(assets);
    const dealing = await read<bigint>(vault, tesseraVaultAbi, "pendingDepositDealingDate", [investor]);

    // The dealing date arrives; the NAV agent values the fund at 1.25 TUSD per TDF for it: a 25% move, beyond the
    // 10% limit, so it waits for the NAV approver (the compliance officer, account 1).
    await warpTo(dealing);
    const nav = 1_250_000n;
    await write(0, vault, tesseraVaultAbi, "updateNav", [nav, dealing]);
    expect((await read<[bigint, bigint]>(vault, tesseraVaultAbi, "navPerShare"))[0]).toBe(DEMO_VAULT.initialNav);
    await write(1, vault, tesseraVaultAbi, "approveNav", [nav, dealing]);
    expect((await read<[bigint, bigint]>(vault, tesseraVaultAbi, "navPerShare"))[0]).toBe(nav);

    const treasuryBefore = await read<bigint>(usd, testUsdAbi, "balanceOf", [demo.issuer]);
    await write(0, vault, tesseraVaultAbi, "fulfillDeposits", [dealing, [investor], [assets]]);
    expect(await read<bigint>(usd, testUsdAbi, "balanceOf", [demo.issuer])).toBe(treasuryBefore + assets);
    const shares = (assets * 10n ** 18n) / nav; // 800 TDF
    expect(await read<bigint>(vault, tesseraVaultAbi, "claimableDepositRequest", [0n, investor])).toBe(assets);
    await write(4, vault, tesseraVaultAbi, "deposit", [assets, investor, investor]);
    expect(await read<bigint>(demo.token, tokenAbi, "balanceOf", [investor])).toBe(shares);

    // Redemption of half: locked at request, burned and paid at the next dealing date's NAV.
    const half = shares / 2n;
    await write(4, vault, tesseraVaultAbi, "requestRedeem", [half, investor, investor]);
    expect(await read<bigint>(demo.token, tokenAbi, "getLockedTokens", [investor])).toBe(half);
    const next = await read<bigint>(vault, tesseraVaultAbi, "pendingRedeemDealingDate", [investor]);
    await warpTo(next);
    await write(0, vault, tesseraVaultAbi, "updateNav", [nav, next]);
    const payout = (half * nav) / 10n ** 18n; // 500 TUSD
    await write(0, usd, testUsdAbi, "approve", [vault, payout]);
    await write(0, vault, tesseraVaultAbi, "fulfillRedeems", [next, [investor], [half]]);
    expect(await read<bigint>(demo.token, tokenAbi, "balanceOf", [investor])).toBe(shares - half);
    expect(await read<bigint>(demo.token, tokenAbi, "getLockedTokens", [investor])).toBe(0n);
    const cashBefore = await read<bigint>(usd, testUsdAbi, "balanceOf", [investor]);
    await write(4, vault, tesseraVaultAbi, "redeem", [half, investor, investor]);
    expect(await read<bigint>(usd, testUsdAbi, "balanceOf", [investor])).toBe(cashBefore + payout);
  });
});
