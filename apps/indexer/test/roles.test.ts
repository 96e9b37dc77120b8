// Role changes (the asset's OpenZeppelin AccessManager) and compliance configuration (the ModularCompliance's module
// list and every module's configuration events), indexed from a real anvil chain: current role members equal the
// manager's own `hasRole`, the history keeps every event with decoded arguments, and a reorg takes the orphaned
// branch's grants, revocations and module changes back out, row for row equal to a clean replay.
import type { Deployments } from "@tessera/contracts";
import { accessManagerAbi, countryBlockModuleAbi, modularComplianceAbi, Role, tokenAbi } from "@tessera/contracts";
import { createPool, createPrisma, type PrismaClient } from "@tessera/db";
import { backends, type TestDatabase } from "@tessera/db/testing";
import { deployAssetWithModules, grantRole, moduleSetups, revokeRole } from "@tessera/sdk/suite";
import { deployDevPlatform, devClients, startAnvil, type AnvilHandle } from "@tessera/sdk/node";
import type pg from "pg";
import { encodeFunctionData, type Abi, type Address, type PublicClient } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startIndexer, type Indexer } from "../src/index.ts";


/** Role members, role history and compliance history of a chain, normalized for comparison. */
async function dumpRoles(prisma: PrismaClient, chainId: number) {
  const [members, roles, compliance, assets] = await Promise.all([
    prisma.roleMember.findMany({ where: { chainId }, orderBy: [{ accessManager: "asc" }, { roleId: "asc" }, { account: "asc" }] }),
    prisma.roleChange.findMany({ where: { chainId }, orderBy: [{ blockNumber: "asc" }, { logIndex: "asc" }] }),
    prisma.complianceEvent.findMany({ where: { chainId }, orderBy: [{ blockNumber: "asc" }, { logIndex: "asc" }] }),
    prisma.asset.findMany({ where: { chainId }, orderBy: { token: "asc" }, select: { token: true, accessManager: true } }),
  ]);
  const fix = (row: object) =>
    Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v && typeof v === "object" && "toFixed" in v ? (v as { toFixed(): string }).toFixed() : v]));
  return { members: members.map(fix), roles: roles.map(fix), compliance: compliance.map(fix), assets };
}

describe.each(backends())("roles and compliance configuration against anvil and $name", (backend) => {
  let anvil: AnvilHandle;
  let db: TestDatabase;
  let prisma: PrismaClient;
  let pool: pg.Pool;
  let publicClient: PublicClient;
  let wallets: Awaited<ReturnType<typeof devClients>>["wallets"];
  let deployments: Deployments;
  let chainId: number;
  let asset: { token: Address; compliance: Address; accessManager: Address };
  const indexers: Indexer[] = [];
  const run = (p = pool) => {
    const indexer = startIndexer({ pool: p, rpcUrl: anvil.rpcUrl, chainId, deployments, log: () => {} });
    indexers.push(indexer);
    return indexer;
  };
  const issuerWrite = async (address: Address, abi: unknown, functionName: string, args: unknown[]) => {
    const hash = await wallets[0].writeContract({ address, abi: abi as Abi, functionName, args } as never);
    return publicClient.waitForTransactionReceipt({ hash });
  };
  const head = () => publicClient.getBlockNumber({ cacheTime: 0 });

  beforeAll(async () => {
    anvil = await startAnvil();
    ({ publicClient, wallets } = await devClients(anvil.rpcUrl, 6));
    chainId = await publicClient.getChainId();
    const [issuer, officer, inv1] = wallets;
    ({ deployments } = await deployDevPlatform(anvil.rpcUrl));
    asset = await deployAssetWithModules(issuer, publicClient, deployments, {
      name: "Roles Fund", symbol: "ROL", decimals: 18, assetClass: 0, allowedCountries: [840, 826], maxHolders: 50n, maxBalance: 0n,
    }, [
      moduleSetups.supplyCap(deployments.modules, 1_000_000n * 10n ** 18n),
      moduleSetups.lockUp(deployments.modules, 86_400n),
      moduleSetups.manualApproval(deployments.modules, [officer.account.address]),
    ]);
    await grantRole(issuer, publicClient, { accessManager: asset.accessManager, role: "SUPPLY", account: officer.account.address });
    await grantRole(issuer, publicClient, { accessManager: asset.accessManager, role: "FREEZER", account: inv1.account.address });
    await revokeRole(issuer, publicClient, { accessManager: asset.accessManager, role: "FREEZER", account: inv1.account.address });
    await issuerWrite(asset.compliance, modularComplianceAbi, "addModule", [deployments.modules.countryBlock]);
    await issuerWrite(asset.compliance, modularComplianceAbi, "callModuleFunction", [
      encodeFunctionData({ abi: countryBlockModuleAbi, functionName: "batchBlockCountries", args: [[408, 364]] }),
      deployments.modules.countryBlock,
    ]);
    await issuerWrite(asset.compliance, modularComplianceAbi, "removeModule", [deployments.modules.supplyCap]);

    db = await backend.createMigrated();
    prisma = createPrisma(db.url, { poolSize: 2 });
    pool = createPool(db.url, { poolSize: 3 });
    await run().waitForBlock(await head());
  });
  afterAll(async () => {
    for (const i of indexers) await i.stop().catch(() => {});
    await prisma?.$disconnect();
    await pool?.end();
    await db?.dispose();
    await anvil?.stop();
  });

  it("keeps the role members the AccessManager reports, and every role event with its arguments", async () => {
    const [issuer, officer, inv1] = wallets.map((w) => w.account.address.toLowerCase());
    const token = asset.token.toLowerCase();
    const manager = asset.accessManager.toLowerCase();
    expect((await prisma.asset.findUniqueOrThrow({ where: { chainId_token: { chainId, token } } })).accessManager).toBe(manager);

    const members = await prisma.roleMember.findMany({ where: { chainId, token } });
    // Every indexed membership, active or not, equals the manager's own answer.
    for (const m of members) {
      const [isMember, delay] = (await publicClient.readContract({
        address: asset.accessManager, abi: accessManagerAbi as Abi, functionName: "hasRole", args: [BigInt(m.roleId.toFixed()), m.account],
      } as never)) as [boolean, number];
      expect({ role: m.roleId.toFixed(), account: m.account, active: m.active }).toEqual({ role: m.roleId.toFixed(), account: m.account, active: isMember });
      if (isMember) expect(m.executionDelay).toBe(BigInt(delay));
    }
    const active = members.filter((m) => m.active).map((m) => [Number(m.roleId.toFixed()), m.account]);
    expect(active).toEqual(expect.arrayContaining([[Number(Role.ADMIN), issuer], [Number(Role.SUPPLY), officer]]));
    expect(active).toHaveLength(2);
    // The factory renounced its temporary admin role; inv1's FREEZER role was revoked.
    expect(members.find((m) => m.account === deployments.factory.toLowerCase())).toMatchObject({ active: false });
    expect(members.find((m) => m.account === inv1)).toMatchObject({ active: false, roleId: expect.anything() });

    const history = await prisma.roleChange.findMany({ where: { chainId, token }, orderBy: [{ blockNumber: "asc" }, { logIndex: "asc" }] });
    const labels = history.filter((h) => h.event === "RoleLabel").map((h) => [Number(h.roleId!.toFixed()), (h.args as { label: string }).label]);
    expect(labels).toEqual([[1, "SUPPLY"], [2, "FREEZER"], [3, "TRANSFER_MANAGER"], [4, "RECOVERY_AGENT"], [5, "COMPLIANCE_AGENT"], [6, "ALLOWLIST_MANAGER"], [7, "ISSUER"],
      [8, "FUND_ADMIN"], [9, "NAV_AGENT"], [10, "NAV_APPROVER"], [11, "CORPORATE_ACTIONS"]]);
    // setTargetFunctionRole emits one event per selector; on the token: SUPPLY 4, FREEZER 7, ISSUER 7 (with
    // setLocker), TRANSFER_MANAGER 2 (forcedTransfer and its batch), RECOVERY_AGENT 1; on the compliance 1 + 2. Every
    // one of the manager's events is indexed, no more, no fewer.
    const targets = history.filter((h) => h.event === "TargetFunctionRoleUpdated");
    expect(targets).toHaveLength(24);
    const onChain = await publicClient.getContractEvents({
      address: asset.accessManager, abi: accessManagerAbi as Abi, eventName: "TargetFunctionRoleUpdated", fromBlock: 0n,
    } as never);
    expect(targets).toHaveLength(onChain.length);
    // mint(address,uint256) is the SUPPLY role's.
    expect(targets.find((t) => (t.args as { selector: string }).selector === "0x40c10f19")!.args).toEqual({
      target: token, selector: "0x40c10f19", roleId: String(Number(Role.SUPPLY)),
    });
    const grants = history.filter((h) => h.event === "RoleGranted" || h.event === "RoleRevoked").map((h) => [h.event, Number(h.roleId!.toFixed()), h.account]);
    expect(grants).toEqual([
      ["RoleGranted", Number(Role.ADMIN), deployments.factory.toLowerCase()], // initialize(factory), for the setup
      ["RoleGranted", Number(Role.ADMIN), issuer],
      ["RoleRevoked", Number(Role.ADMIN), deployments.factory.toLowerCase()],
      ["RoleGranted", Number(Role.SUPPLY), officer],
      ["RoleGranted", Number(Role.FREEZER), inv1],
      ["RoleRevoked", Number(Role.FREEZER), inv1],
    ]);
    const granted = history.find((h) => h.event === "RoleGranted" && h.account === officer)!;
    expect(granted.args).toMatchObject({ roleId: "1", account: officer, delay: 0, newMember: true }); // uint32: a JSON number
    const block = await publicClient.getBlock({ blockNumber: granted.blockNumber });
    expect(granted.blockTime.getTime()).toBe(Number(block.timestamp) * 1000);
    expect(granted.txHash).toBe(block.transactions[0]);
  });

  it("records the module list and each module's configuration events in chain order, arguments decoded", async () => {
    const token = asset.token.toLowerCase();
    const m = deployments.modules;
    const lower = (a?: string) => a!.toLowerCase();
    const rows = await prisma.complianceEvent.findMany({ where: { chainId, token }, orderBy: [{ blockNumber: "asc" }, { logIndex: "asc" }] });
    const seq = rows.map((r) => [r.event, r.module]);
    expect(seq).toEqual(expect.arrayContaining([
      ["ModuleAdded", lower(m.supplyCap)],
      ["SupplyCapSet", lower(m.supplyCap)],
      ["LockUpPeriodSet", lower(m.lockUp)],
      ["TransferApproverSet", lower(m.manualApproval)],
      ["CountryAllowed", lower(m.countryAllow)],
      ["HolderLimitSet", lower(m.maxHolders)],
    ]));
    // The last four transactions, in order: add the country-block module, block two countries, remove the cap.
    expect(seq.slice(-4)).toEqual([
      ["ModuleAdded", lower(m.countryBlock)],
      ["CountryBlocked", lower(m.countryBlock)],
      ["CountryBlocked", lower(m.countryBlock)],
      ["ModuleRemoved", lower(m.supplyCap)],
    ]);
    expect(rows.filter((r) => r.event === "CountryBlocked").map((r) => r.args)).toEqual([
      { compliance: asset.compliance.toLowerCase(), country: 408 },
      { compliance: asset.compliance.toLowerCase(), country: 364 },
    ]);
    expect(rows.find((r) => r.event === "SupplyCapSet")!.args).toEqual({ compliance: asset.compliance.toLowerCase(), cap: (1_000_000n * 10n ** 18n).toString() });
    expect(rows.find((r) => r.event === "TransferApproverSet")!.args).toEqual({
      compliance: asset.compliance.toLowerCase(), approver: wallets[1].account.address.toLowerCase(), enabled: true,
    });
    expect(rows.every((r) => r.compliance === asset.compliance.toLowerCase())).toBe(true);
    // The compliance's module list as the chain states it = ModuleAdded minus ModuleRemoved, in the indexed history.
    const onChain = ((await publicClient.readContract({ address: asset.compliance, abi: modularComplianceAbi as Abi, functionName: "getModules" } as never)) as string[]).map(lower);
    const added = new Set<string>();
    for (const r of rows) {
      if (r.event === "ModuleAdded") added.add(r.module!);
      if (r.event === "ModuleRemoved") added.delete(r.module!);
    }
    expect([...added].sort()).toEqual([...onChain].sort());
  });

  it("rolls an orphaned branch's role grants and module changes back, equal to a clean replay", async () => {
    const [issuer, , , inv2] = wallets;
    const indexer = indexers[0]!;
    const ancestor = await head();
    const before = await dumpRoles(prisma, chainId);
    const snapshot = (await publicClient.request({ method: "evm_snapshot" } as never)) as string;
    await grantRole(issuer, publicClient, { accessManager: asset.accessManager, role: "ISSUER", account: inv2.account.address });
    await revokeRole(issuer, publicClient, { accessManager: asset.accessManager, role: "SUPPLY", account: wallets[1].account.address });
    await issuerWrite(asset.compliance, modularComplianceAbi, "removeModule", [deployments.modules.lockUp]);
    const orphanHead = await head();
    await indexer.waitForBlock(orphanHead);
    const onBranch = await dumpRoles(prisma, chainId);
    expect(onBranch.members.find((r) => r.account === inv2.account.address.toLowerCase())).toMatchObject({ active: true });
    expect(onBranch.compliance.at(-1)).toMatchObject({ event: "ModuleRemoved", module: deployments.modules.lockUp!.toLowerCase() });

    await publicClient.request({ method: "evm_revert", params: [snapshot] } as never);
    // Another branch, longer: an unrelated token call and empty blocks.
    const other = await issuerWrite(asset.token, tokenAbi, "pause", []);
    await publicClient.request({ method: "anvil_mine", params: ["0x5"] } as never);
    const newHead = await head();
    expect(newHead).toBeGreaterThan(orphanHead);
    for (let i = 0; i < 100; i++) {
      const cursor = await prisma.indexerCursor.findUnique({ where: { chainId } });
      if (cursor && cursor.lastBlock >= newHead && cursor.lastBlockHash === (await publicClient.getBlock({ blockNumber: cursor.lastBlock })).hash) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await indexer.waitForBlock(newHead);
    expect(other.blockNumber).toBe(ancestor + 1n);
    const after = await dumpRoles(prisma, chainId);
    // Nothing of the orphaned branch is left: members, histories and the module list are as before it.
    expect(after).toEqual(before);

    const clean = await backend.createMigrated();
    const cleanPool = createPool(clean.url, { poolSize: 2 });
    const cleanPrisma = createPrisma(clean.url, { poolSize: 2 });
    try {
      const replay = run(cleanPool);
      await replay.waitForBlock(newHead);
      await replay.stop();
      expect(await dumpRoles(cleanPrisma, chainId)).toEqual(after);
    } finally {
      await cleanPrisma.$disconnect();
      await cleanPool.end();
      await clean.dispose();
    }
  });
});
