import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { modularComplianceAbi, tokenAbi, transferLimitModuleAbi, lockUpModuleAbi, type Deployments } from "@tessera/contracts";
import { mint, TesseraError, transfer } from "@tessera/sdk";
import type { AnvilHandle, devClients } from "@tessera/sdk/node";
import {
  deployAssetWithModules,
  getAccountRoles,
  grantRole,
  hasRole,
  moduleSetups,
  refreshVerification,
  revokeRole,
} from "@tessera/sdk/suite";
import { registerInvestors, startTestChain } from "./helpers";


let anvil: AnvilHandle;
let clients: Awaited<ReturnType<typeof devClients>>;
let deployments: Deployments;

beforeAll(async () => {
  ({ anvil, clients, deployments } = await startTestChain("SUITE_TEST_ANVIL_PORT"));
  await registerInvestors({ anvil, clients, deployments }, [[2, 840], [3, 840]]);
});

/** An asset without rules or further modules, deployed by the issuer (account 0) through the suite's factory call. */
const deployBareAsset = (name: string, symbol: string) =>
  deployAssetWithModules(clients.wallets[0], clients.publicClient, deployments, { name, symbol, decimals: 18, assetClass: 0 }, []);

afterAll(async () => {
  await anvil?.stop();
});

describe("suite", () => {
  it("records every module singleton in the deployments", () => {
    for (const key of ["transferLimit", "identityMaxBalance", "countryBlock", "supplyCap", "minHolding", "lockUp", "manualApproval", "investorLimits"] as const) {
      expect(deployments.modules[key]).toMatch(/^0x[0-9a-fA-F]{40}$/);
    }
    expect(deployments.implementations.accessManager).toMatch(/^0x[0-9a-fA-F]{40}$/);
  });

  it("deploys an asset with a transfer limit and a lock-up in one transaction, and enforces the limit", async () => {
    const { publicClient, wallets } = clients;
    const issuer = wallets[0];
    const r = await deployAssetWithModules(
      issuer,
      publicClient,
      deployments,
      { name: "Suite Fund", symbol: "SUF", decimals: 18, assetClass: 0, allowedCountries: [840], maxHolders: 0n, maxBalance: 0n },
      [moduleSetups.transferLimit(deployments.modules, 86_400n, 100n), moduleSetups.lockUp(deployments.modules, 0n)],
    );
    const modules = (await publicClient.readContract({ address: r.compliance, abi: modularComplianceAbi, functionName: "getModules" })) as readonly string[];
    expect(modules.map((m) => m.toLowerCase())).toEqual(
      [deployments.modules.countryAllow, deployments.modules.transferLimit!, deployments.modules.lockUp!].map((m) => m.toLowerCase()),
    );
    const [period, maxVolume] = (await publicClient.readContract({
      address: deployments.modules.transferLimit!,
      abi: transferLimitModuleAbi,
      functionName: "getTransferLimit",
      args: [r.compliance],
    })) as readonly [bigint, bigint];
    expect([period, maxVolume]).toEqual([86_400n, 100n]);
    expect(await publicClient.readContract({ address: deployments.modules.lockUp!, abi: lockUpModuleAbi, functionName: "getLockUpPeriod", args: [r.compliance] })).toBe(0n);

    await mint(issuer, publicClient, { token: r.token, to: wallets[2].account.address, amount: 1000n });
    await transfer(wallets[2], publicClient, { token: r.token, to: wallets[3].account.address, amount: 100n });
    const err = await transfer(wallets[2], publicClient, { token: r.token, to: wallets[3].account.address, amount: 1n }).catch((e) => e);
    expect(err).toBeInstanceOf(TesseraError);
    expect(err.code).toBe(10);
    expect(err.message).toBe("the transfer would exceed the sender's transfer limit for the period");
  });

  it("grants and revokes a role on the asset's AccessManager", async () => {
    const { publicClient, wallets } = clients;
    const issuer = wallets[0];
    const r = await deployBareAsset("Roles Fund", "ROF");
    const freezer = wallets[4];
    await grantRole(issuer, publicClient, { accessManager: r.accessManager, role: "FREEZER", account: freezer.account.address });
    expect(await hasRole(publicClient, { accessManager: r.accessManager, role: "FREEZER", account: freezer.account.address })).toBe(true);
    const hash = await freezer.writeContract({
      address: r.token,
      abi: tokenAbi,
      functionName: "setAddressFrozen",
      args: [wallets[2].account.address, true],
      chain: freezer.chain,
      account: freezer.account,
    });
    await publicClient.waitForTransactionReceipt({ hash });
    expect(await publicClient.readContract({ address: r.token, abi: tokenAbi, functionName: "isFrozen", args: [wallets[2].account.address] })).toBe(true);
    await revokeRole(issuer, publicClient, { accessManager: r.accessManager, role: "FREEZER", account: freezer.account.address });
    expect(await hasRole(publicClient, { accessManager: r.accessManager, role: "FREEZER", account: freezer.account.address })).toBe(false);
  });

  it("reads an account's AccessManager roles on a token, and agent/owner for a contract without a manager", async () => {
    const { publicClient, wallets } = clients;
    const issuer = wallets[0];
    const r = await deployBareAsset("Desk Fund", "DSK");
    const desk = wallets[6].account.address;
    const roles = (account: `0x${string}`) => getAccountRoles(publicClient, { token: r.token, account });
    expect(await roles(issuer.account.address)).toEqual({
      token: r.token,
      accessManager: expect.stringMatching(new RegExp(`^${r.accessManager}$`, "i")),
      agent: true,
      owner: true,
      roles: ["ADMIN"],
    });
    expect((await roles(desk)).roles).toEqual([]);
    const all = ["SUPPLY", "FREEZER", "TRANSFER_MANAGER", "RECOVERY_AGENT", "COMPLIANCE_AGENT", "ALLOWLIST_MANAGER", "ISSUER"] as const;
    for (const role of all) await grantRole(issuer, publicClient, { accessManager: r.accessManager, role, account: desk });
    expect(await roles(desk)).toMatchObject({ agent: false, owner: false, roles: [...all] });
    await revokeRole(issuer, publicClient, { accessManager: r.accessManager, role: "SUPPLY", account: desk });
    expect((await roles(desk)).roles).toEqual(all.filter((x) => x !== "SUPPLY"));
    // A contract that is not a managed token (the identity registry) and an address without code: no manager, no roles.
    for (const token of [deployments.identityRegistry, wallets[7].account.address]) {
      expect(await getAccountRoles(publicClient, { token, account: desk })).toEqual({ token, accessManager: null, agent: false, owner: false, roles: [] });
    }
    await expect(getAccountRoles(publicClient, { token: "0x1234" as `0x${string}`, account: desk })).rejects.toMatchObject({ errorName: "InvalidInput" });
  });

  it("explains refreshVerification without claim topics", async () => {
    const err = await refreshVerification(clients.wallets[5], clients.publicClient, {
      identityRegistry: deployments.identityRegistry,
      wallet: clients.wallets[2].account.address,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(TesseraError);
    expect(err.errorName).toBe("NoClaimTopics");
  });
});
