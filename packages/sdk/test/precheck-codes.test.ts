import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeFunctionData, type Address } from "viem";
import { manualApprovalModuleAbi, maxHoldersModuleAbi, RestrictionCode, type Deployments } from "@tessera/contracts";
import {
  deployAsset,
  freezePartialTokens,
  mint,
  pause,
  precheckTransfer,
  restrictionMessage,
  setAddressFrozen,
} from "@tessera/sdk";
import type { AnvilHandle, devClients } from "@tessera/sdk/node";
import { deployAssetWithModules, moduleSetups } from "@tessera/sdk/suite";
import { registerInvestors, startTestChain } from "./helpers";

// The pre-check path end to end: each rule's refusal on a real chain comes back from the token's
// detectTransferRestriction as its own code, and precheckTransfer turns it into the contract's text — what the

let anvil: AnvilHandle;
let clients: Awaited<ReturnType<typeof devClients>>;
let deployments: Deployments;
const seen = new Set<number>();

const w = (i: number) => clients.wallets[i]!;
const a = (i: number) => w(i).account.address;
// Who is who: 0 issuer, 1 officer; investors 2, 3 (USA), 4, 6 (GBR), 5 (JPN), 7 (DEU); 8 unregistered.
const [USA, GBR, JPN, DEU] = [840, 826, 392, 276];

/** Pre-checks a transfer (from zero: a mint), expects `code`, and checks the name and text the form shows. */
async function expectCode(token: Address, from: number | null, to: number, amount: bigint, code: number) {
  const r = await precheckTransfer(clients.publicClient, { token, from: from === null ? undefined : a(from), to: a(to), amount });
  expect({ code: r.code, ok: r.ok }).toEqual({ code, ok: code === 0 });
  expect(r.name).toBe((RestrictionCode as Record<number, string>)[code]);
  expect(r.reason).toBe(restrictionMessage(code));
  expect(r.reason).not.toMatch(/unknown/);
  seen.add(code);
}

beforeAll(async () => {
  ({ anvil, clients, deployments } = await startTestChain("PRECHECK_TEST_ANVIL_PORT"));
  await registerInvestors({ anvil, clients, deployments }, [[2, USA], [3, USA], [4, GBR], [5, JPN], [6, GBR], [7, DEU]]);
}, 120_000);

afterAll(async () => {
  await anvil?.stop();
});

describe("pre-check codes on a real chain", () => {
  it("country, holders per country, supply cap, min holding, balance, freezes and pause", async () => {
    const pc = clients.publicClient;
    const { token } = await deployAssetWithModules(
      w(0),
      pc,
      deployments,
      { name: "Rules Fund", symbol: "RUL", decimals: 0, assetClass: 0, allowedCountries: [USA, GBR, JPN], maxHolders: 0n, maxBalance: 0n },
      [
        {
          module: deployments.modules.maxHolders,
          calls: [encodeFunctionData({ abi: maxHoldersModuleAbi, functionName: "setCountryHolderLimit", args: [GBR, 1n] })],
        },
        moduleSetups.countryBlock(deployments.modules, [JPN]),
        moduleSetups.supplyCap(deployments.modules, 1000n),
        moduleSetups.minHolding(deployments.modules, 10n),
      ],
    );
    await mint(w(0), pc, { token, to: a(2), amount: 500n });
    await mint(w(0), pc, { token, to: a(4), amount: 100n }); // the one GBR holder
    await expectCode(token, 2, 3, 100n, 0);
    await expectCode(token, 2, 8, 100n, RestrictionCode.RECIPIENT_NOT_VERIFIED);
    await expectCode(token, 2, 7, 100n, RestrictionCode.COUNTRY_NOT_ALLOWED);
    await expectCode(token, 2, 5, 100n, RestrictionCode.COUNTRY_BLOCKED);
    await expectCode(token, 2, 6, 100n, RestrictionCode.COUNTRY_HOLDERS_EXCEEDED);
    await expectCode(token, null, 2, 600n, RestrictionCode.SUPPLY_CAP_EXCEEDED);
    await expectCode(token, 2, 3, 5n, RestrictionCode.BELOW_MIN_HOLDING);
    await freezePartialTokens(w(0), pc, { token, wallet: a(2), amount: 450n });
    await expectCode(token, 2, 3, 100n, RestrictionCode.INSUFFICIENT_UNFROZEN_BALANCE);
    await setAddressFrozen(w(0), pc, { token, wallet: a(3), frozen: true });
    await expectCode(token, 2, 3, 10n, RestrictionCode.RECIPIENT_FROZEN);
    await expectCode(token, 3, 2, 10n, RestrictionCode.SENDER_FROZEN);
    await pause(w(0), pc, { token });
    await expectCode(token, 4, 2, 10n, RestrictionCode.TOKEN_PAUSED);
  });

  it("holder and balance limits", async () => {
    const pc = clients.publicClient;
    const { token } = await deployAsset(w(0), pc, deployments, {
      name: "Small Fund",
      symbol: "SML",
      decimals: 0,
      assetClass: 0,
      allowedCountries: [],
      maxHolders: 1n,
      maxBalance: 100n,
    });
    await mint(w(0), pc, { token, to: a(2), amount: 50n });
    await expectCode(token, 2, 3, 10n, RestrictionCode.MAX_HOLDERS_EXCEEDED);
    await expectCode(token, null, 2, 60n, RestrictionCode.MAX_BALANCE_EXCEEDED);
  });

  it("lock-up, transfer limit, and manual approval not requested / pending", async () => {
    const pc = clients.publicClient;
    const params = { decimals: 0, assetClass: 0, allowedCountries: [], maxHolders: 0n, maxBalance: 0n };
    const locked = await deployAssetWithModules(w(0), pc, deployments, { ...params, name: "Locked Fund", symbol: "LCK" }, [
      moduleSetups.lockUp(deployments.modules, 365n * 86_400n),
    ]);
    await mint(w(0), pc, { token: locked.token, to: a(2), amount: 100n });
    await expectCode(locked.token, 2, 3, 10n, RestrictionCode.TOKENS_LOCKED);

    const managed = await deployAssetWithModules(w(0), pc, deployments, { ...params, name: "Managed Fund", symbol: "MGD" }, [
      moduleSetups.transferLimit(deployments.modules, 86_400n, 100n),
      moduleSetups.manualApproval(deployments.modules, [a(1)]),
    ]);
    await mint(w(0), pc, { token: managed.token, to: a(2), amount: 500n });
    await expectCode(managed.token, 2, 3, 150n, RestrictionCode.TRANSFER_LIMIT_EXCEEDED);
    await expectCode(managed.token, 2, 3, 50n, RestrictionCode.TRANSFER_NOT_APPROVED);
    const approval = deployments.modules.manualApproval!;
    const send = async (i: number, functionName: "requestTransfer" | "approveTransfer", args: readonly unknown[]) => {
      const hash = await w(i).writeContract({ address: approval, abi: manualApprovalModuleAbi, functionName, args, chain: w(i).chain } as never);
      await pc.waitForTransactionReceipt({ hash });
    };
    await send(2, "requestTransfer", [managed.compliance, a(3), 50n]);
    await expectCode(managed.token, 2, 3, 50n, RestrictionCode.TRANSFER_APPROVAL_PENDING);
    await send(1, "approveTransfer", [managed.compliance, a(2), a(3), 50n]);
    await expectCode(managed.token, 2, 3, 50n, 0);
  });

  it("reached every code of the table but the reserved SENDER_NOT_VERIFIED", () => {
    const all = (Object.values(RestrictionCode) as (string | number)[]).filter((v): v is number => typeof v === "number");
    expect(all.filter((c) => !seen.has(c))).toEqual([RestrictionCode.SENDER_NOT_VERIFIED]);
  });
});
