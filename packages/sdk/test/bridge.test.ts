// The SDK's cross-chain transfer actions over two real anvils (two-chains.ts): every refusal of
// checkCrosschainTransfer in words with no transaction written, a delivered transfer, a refused one sent back, the
// status at each step, a paused destination holding a delivery until it is unpaused, and the gas and fee figures.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Address, getAddress, type Hex, parseEventLogs } from "viem";
import {
  assetBridgeAbi,
  countryAllowModuleAbi,
  maxBalanceModuleAbi,
  maxHoldersModuleAbi,
  RestrictionCode,
  supplyCapModuleAbi,
  tokenAbi,
  tokenFactoryAbi,
} from "@tessera/contracts";
import {
  checkCrosschainTransfer,
  crosschainTransfer,
  crosschainTransferStatus,
  deployAsset,
  deployAssetBridge,
  formatEvmInteropAddress,
  freezePartialTokens,
  type EnableChain,
  type EnableStepId,
  linkAssetBridge,
  mint,
  planEnableAssetOnChain,
  runEnableStep,
  pause,
  registerInvestor,
  setAddressFrozen,
  unfreezePartialTokens,
  unpause,
} from "@tessera/sdk";
import { enableAssetOnChain, rpc } from "@tessera/sdk/node";
import { deployAssetWithModules, moduleSetups } from "@tessera/sdk/suite";
import { expectRefusedWithoutWrites } from "./helpers";
import { gasTree, pendingMessages, relayAll, relayMessage, type Side, startTwoChains, type TwoChains } from "./two-chains";

let c: TwoChains;
// Dev accounts: 2 the investor (registered on both chains), 3 the same identity on L1 only, 4 another investor on both
// chains, 5 the investor's identity on both (frozen on L2 when a test says so), 6 the investor's identity on L2 with
// a country L2's asset does not allow, 8 nobody's.
const A = 2;
const A_L1_ONLY = 3;
const OTHER = 4;
const A_FREEZABLE = 5;
const A_OTHER_COUNTRY = 6;
const NOBODY = 8;
const LOCK_UP = 30n * 86_400n;

const wallet = (i: number) => c.l1.clients.wallets[i];
const addr = (i: number): Address => c.l1.clients.wallets[i].account.address;
const bal1 = (a: Address) => c.l1.publicClient.readContract({ address: c.token, abi: tokenAbi, functionName: "balanceOf", args: [a] });
const bal2 = (a: Address) => c.l2.publicClient.readContract({ address: c.remoteToken, abi: tokenAbi, functionName: "balanceOf", args: [a] });

beforeAll(async () => {
  c = await startTwoChains({
    homeModules: (l1) => [moduleSetups.lockUp(l1.deployments.modules, LOCK_UP)],
    remoteRules: { allowedCountries: [840] },
  });
  const { l1, l2 } = c;
  const exp = (await l1.publicClient.getBlock()).timestamp + 365n * 86_400n;
  const reg1 = (i: number, identity?: Address, country = 840) =>
    registerInvestor(l1.clients.wallets[1], l1.publicClient, l1.deployments, { wallet: addr(i), country, kycExpiresAt: exp, identity });
  const reg2 = (i: number, identity: Address, country = 840) =>
    registerInvestor(l2.clients.wallets[1], l2.publicClient, l2.deployments, { wallet: addr(i), country, kycExpiresAt: exp, identity });
  const { identity } = await reg1(A);
  await reg2(A, identity);
  await reg1(A_L1_ONLY, identity);
  const { identity: other } = await reg1(OTHER);
  await reg2(OTHER, other);
  await reg1(A_FREEZABLE, identity);
  await reg2(A_FREEZABLE, identity);
  await reg1(A_OTHER_COUNTRY, identity);
  await reg2(A_OTHER_COUNTRY, identity, 826);
  for (const [i, amount] of [[A, 1000n], [A_L1_ONLY, 100n], [A_FREEZABLE, 100n]] as const) {
    await mint(l1.walletClient, l1.publicClient, { token: c.token, to: addr(i), amount });
  }
}, 180_000);

afterAll(async () => {
  await c?.stop();
});

/** A cross-chain transfer L1 -> L2 through the SDK, from dev account `from` to `to` (default the same wallet). */
const send12 = (from: number, amount: bigint, to?: number) =>
  crosschainTransfer(wallet(from), c.src1, c.src2, { amount, to: to === undefined ? undefined : addr(to) });

describe("checkCrosschainTransfer refuses in words before anything is burnt", () => {
  it("refuses a departure inside the lock-up period (TOKENS_LOCKED)", async () => {
    const err = await expectRefusedWithoutWrites(c.l1.publicClient, () => send12(A, 10n), "TransferNotCompliant");
    expect(err.code).toBe(RestrictionCode.TOKENS_LOCKED);
    expect(err.message).toBe("the amount exceeds the sender's unlocked balance (lock-up)");
    // The lock-up ends: 31 days later on L1.
    await rpc(c.l1.anvil.rpcUrl, "evm_increaseTime", [Number(LOCK_UP) + 86_400]);
    await rpc(c.l1.anvil.rpcUrl, "evm_mine");
    const ok = await checkCrosschainTransfer(c.src1, c.src2, { from: addr(A), amount: 10n });
    expect(ok).toMatchObject({ to: addr(A), amount: 10n, fee: 0n, receiver: formatEvmInteropAddress(31338, addr(A)) });
  });

  it("refuses the source's refusals: amount, route, identity, sender's balance, freezes, locks, pause", async () => {
    const l1 = c.l1.publicClient;
    expect((await expectRefusedWithoutWrites(l1, () => send12(A, 0n), "ZeroAmount")).message).toBe("the amount must be more than zero");
    const unknown = await expectRefusedWithoutWrites(l1, () => crosschainTransfer(wallet(A), c.src1, c.src1, { amount: 5n }), "UnknownDestination");
    expect(unknown.message).toBe("the asset cannot move to L1: L1's bridge has no link to it");
    const notMine = await expectRefusedWithoutWrites(l1, () => send12(A, 5n, OTHER), "ReceiverNotSameIdentity");
    expect(notMine.message).toBe("the receiver is not a wallet of your identity");
    await expectRefusedWithoutWrites(l1, () => send12(NOBODY, 5n), "SenderNotRegistered");
    expect((await expectRefusedWithoutWrites(l1, () => send12(A, 5_000n), "ERC20InsufficientBalance")).message).toBe(
      "the amount exceeds the sender's balance",
    );

    await freezePartialTokens(c.l1.walletClient, l1, { token: c.token, wallet: addr(A), amount: 990n });
    expect((await expectRefusedWithoutWrites(l1, () => send12(A, 20n), "InsufficientUnfrozenBalance")).code).toBe(4);
    await unfreezePartialTokens(c.l1.walletClient, l1, { token: c.token, wallet: addr(A), amount: 990n });
    // Tokens locked by a locker (as a pending redemption or an open DvP offer locks them): the issuer's account here.
    const issuerWrite = async (functionName: "setLocker" | "lock" | "unlock", args: readonly unknown[]) =>
      l1.waitForTransactionReceipt({ hash: await c.l1.walletClient.writeContract({ address: c.token, abi: tokenAbi, functionName, args, chain: c.l1.walletClient.chain } as never) });
    await issuerWrite("setLocker", [addr(0), true]);
    await issuerWrite("lock", [addr(A), 995n]);
    const locked = await expectRefusedWithoutWrites(l1, () => send12(A, 10n), "InsufficientUnlockedBalance");
    expect(locked.message).toBe("the amount (10 base units) exceeds the tokens you can transfer (5 base units: some are locked by a pending redemption or an open offer)");
    await issuerWrite("unlock", [addr(A), 995n]);
    await setAddressFrozen(c.l1.walletClient, l1, { token: c.token, wallet: addr(A), frozen: true });
    expect((await expectRefusedWithoutWrites(l1, () => send12(A, 20n), "WalletFrozen")).message).toBe("the wallet is frozen");
    await setAddressFrozen(c.l1.walletClient, l1, { token: c.token, wallet: addr(A), frozen: false });
    await pause(c.l1.walletClient, l1, { token: c.token });
    expect((await expectRefusedWithoutWrites(l1, () => send12(A, 20n), "TokenPaused")).message).toBe("the token is paused");
    await unpause(c.l1.walletClient, l1, { token: c.token });
    expect(await bal1(addr(A))).toBe(1000n);
  });

  it("refuses the destination's refusals, read on L2: not verified, frozen, paused, its compliance", async () => {
    const l1 = c.l1.publicClient;
    const notVerified = await expectRefusedWithoutWrites(l1, () => send12(A_L1_ONLY, 10n), "DestinationRefused");
    expect(notVerified).toMatchObject({ code: 5, message: "the receiver is not verified on L2" });

    await setAddressFrozen(c.l2.walletClient, c.l2.publicClient, { token: c.remoteToken, wallet: addr(A_FREEZABLE), frozen: true });
    const frozen = await expectRefusedWithoutWrites(l1, () => send12(A, 10n, A_FREEZABLE), "DestinationRefused");
    expect(frozen).toMatchObject({ code: 3, message: "the receiver's wallet is frozen on L2" });
    await setAddressFrozen(c.l2.walletClient, c.l2.publicClient, { token: c.remoteToken, wallet: addr(A_FREEZABLE), frozen: false });

    const country = await expectRefusedWithoutWrites(l1, () => send12(A, 10n, A_OTHER_COUNTRY), "DestinationRefused");
    expect(country).toMatchObject({ code: RestrictionCode.COUNTRY_NOT_ALLOWED, message: "L2's rules refuse the arrival: the recipient's country is not allowed" });

    await pause(c.l2.walletClient, c.l2.publicClient, { token: c.remoteToken });
    const paused = await expectRefusedWithoutWrites(l1, () => send12(A, 10n), "DestinationPaused");
    expect(paused.message).toBe("the token is paused on L2: the tokens would stay in transit until the issuer unpauses it there");
    await unpause(c.l2.walletClient, c.l2.publicClient, { token: c.remoteToken });
    expect(await bal1(addr(A))).toBe(1000n);
  });
});

describe("checkCrosschainTransfer's reading of the destination's compliance", () => {
  it("does not take L2's supply cap for a refusal: an arrival is not issuance, and it is delivered", async () => {
    const { l1, l2 } = c;
    const asset = { name: "Capped Fund", symbol: "CAP", decimals: 0, assetClass: 0 };
    const { token: t1 } = await deployAsset(l1.walletClient, l1.publicClient, l1.deployments, asset);
    const { token: t2 } = await deployAssetWithModules(l2.walletClient, l2.publicClient, l2.deployments, asset, [moduleSetups.supplyCap(l2.deployments.modules, 1n)]);
    const { bridge: b1 } = await deployAssetBridge(l1.walletClient, l1.publicClient, { token: t1 });
    const { bridge: b2 } = await deployAssetBridge(l2.walletClient, l2.publicClient, { token: t2 });
    await linkAssetBridge(l1.walletClient, l1.publicClient, { bridge: b1, gateway: l1.deployments.messaging!.gateway, counterpartChainId: 31338, counterpartBridge: b2 });
    await linkAssetBridge(l2.walletClient, l2.publicClient, { bridge: b2, gateway: l2.deployments.messaging!.gateway, counterpartChainId: 31337, counterpartBridge: b1 });
    await mint(l1.walletClient, l1.publicClient, { token: t1, to: addr(A), amount: 10n });
    const from = { publicClient: l1.publicClient, chainId: 31337, bridge: b1, name: "L1" };
    const to = { publicClient: l2.publicClient, chainId: 31338, bridge: b2, name: "L2" };
    // The compliance's mint view answers SUPPLY_CAP_EXCEEDED (12); an arrival is not checked against the cap.
    const code = await l2.publicClient.readContract({ address: t2, abi: tokenAbi, functionName: "detectTransferRestriction", args: ["0x0000000000000000000000000000000000000000", addr(A), 10n] });
    expect(code).toBe(RestrictionCode.SUPPLY_CAP_EXCEEDED);
    const { sendId } = await crosschainTransfer(wallet(A), from, to, { amount: 10n });
    await relayAll(l1, l2);
    expect((await crosschainTransferStatus(from, to, sendId)).status).toBe("delivered");
    expect(await l2.publicClient.readContract({ address: t2, abi: tokenAbi, functionName: "balanceOf", args: [addr(A)] })).toBe(10n);
  });
});

describe("checkCrosschainTransfer refuses bad input", () => {
  it("names a client on another chain, a bridge not linked, a wallet on the wrong chain, a bad address", async () => {
    const l1 = c.l1.publicClient;
    const wrongChain = await expectRefusedWithoutWrites(l1, () => crosschainTransfer(wallet(A), c.src1, { ...c.src2, chainId: 31339 }, { amount: 5n }), "InvalidInput");
    expect(wrongChain.message).toBe("invalid input: destination: the public client is on chain 31338, not 31339");
    const notLinked = { ...c.src2, bridge: addr(OTHER), token: c.remoteToken, identityRegistry: c.l2.deployments.identityRegistry };
    const wrongBridge = await expectRefusedWithoutWrites(l1, () => crosschainTransfer(wallet(A), c.src1, notLinked, { amount: 5n }), "InvalidInput");
    expect(wrongBridge.message).toBe(`invalid input: destination: L1's bridge is linked to ${getAddress(c.remoteBridge)} on L2, not ${addr(OTHER)}`);
    await expectRefusedWithoutWrites(l1, () => crosschainTransfer(c.l2.clients.wallets[A], c.src1, c.src2, { amount: 5n }), "WrongChain");
    await expectRefusedWithoutWrites(l1, () => checkCrosschainTransfer(c.src1, c.src2, { from: "0x12", amount: 5n }), "InvalidInput");
  });
});

describe("crosschainTransfer and crosschainTransferStatus", () => {
  it("delivers a transfer: sent (in transit), then delivered on L2, and back to L1", async () => {
    const { sendId, receipt, fee } = await send12(A, 400n);
    expect(receipt.status).toBe("success");
    expect(fee).toBe(0n);
    expect(await bal1(addr(A))).toBe(600n);
    const sent = await crosschainTransferStatus(c.src1, c.src2, sendId);
    expect(sent).toMatchObject({ status: "sent", text: "in transit", from: addr(A), to: addr(A), amount: 400n });
    expect(sent.sent.blockNumber).toBe(receipt.blockNumber);
    expect(sent.sent.transactionHash).toBe(receipt.transactionHash);

    expect(await relayAll(c.l1, c.l2)).toBe(1);
    const delivered = await crosschainTransferStatus(c.src1, c.src2, sendId);
    expect(delivered).toMatchObject({ status: "delivered", text: "delivered on L2" });
    expect(delivered.delivered?.chainId).toBe(31338);
    expect(await bal2(addr(A))).toBe(400n);

    // Back: L2 -> L1 through the same actions, the chains' roles swapped.
    const back = await crosschainTransfer(c.l2.clients.wallets[A], c.src2, c.src1, { amount: 100n });
    expect((await crosschainTransferStatus(c.src2, c.src1, back.sendId)).status).toBe("sent");
    expect(await relayAll(c.l2, c.l1)).toBe(1);
    expect((await crosschainTransferStatus(c.src2, c.src1, back.sendId)).status).toBe("delivered");
    expect(await bal1(addr(A))).toBe(700n);
    expect(await bal2(addr(A))).toBe(300n);
  });

  it("returns a delivery L2 refuses (the receiver frozen there meanwhile): sent, refused with the reason, returned", async () => {
    const { sendId } = await send12(A_FREEZABLE, 60n);
    expect(await bal1(addr(A_FREEZABLE))).toBe(40n);
    await setAddressFrozen(c.l2.walletClient, c.l2.publicClient, { token: c.remoteToken, wallet: addr(A_FREEZABLE), frozen: true });
    expect(await relayAll(c.l1, c.l2)).toBe(1);
    const refused = await crosschainTransferStatus(c.src1, c.src2, sendId);
    expect(refused.status).toBe("refused");
    expect(refused.refused).toMatchObject({ code: 3, reason: "the receiver's wallet is frozen on L2" });
    expect(refused.text).toBe("refused on L2 (the receiver's wallet is frozen on L2): the tokens are on their way back to the sender");
    expect(await bal2(addr(A_FREEZABLE))).toBe(0n);

    expect(await relayAll(c.l2, c.l1)).toBe(1);
    const returned = await crosschainTransferStatus(c.src1, c.src2, sendId);
    expect(returned.status).toBe("returned");
    expect(returned.text).toBe("returned to the sender on L1: the receiver's wallet is frozen on L2");
    expect(returned.returned?.chainId).toBe(31337);
    expect(await bal1(addr(A_FREEZABLE))).toBe(100n);
    await setAddressFrozen(c.l2.walletClient, c.l2.publicClient, { token: c.remoteToken, wallet: addr(A_FREEZABLE), frozen: false });
  });

  it("keeps a delivery to a paused L2 in transit until it is unpaused, then delivers it once", async () => {
    const { sendId } = await send12(A, 50n);
    await pause(c.l2.walletClient, c.l2.publicClient, { token: c.remoteToken });
    const [pending] = await pendingMessages(c.l1, c.l2);
    expect(pending?.id).toBe(sendId);
    const attempt = await relayMessage(c.l2, pending!);
    expect(attempt.ok).toBe(false);
    if (!attempt.ok) expect(attempt.error.errorName).toBe("TokenPaused");
    expect((await pendingMessages(c.l1, c.l2)).map((m) => m.id)).toEqual([sendId]);
    const waiting = await crosschainTransferStatus(c.src1, c.src2, sendId);
    expect(waiting).toMatchObject({ status: "sent", text: "in transit: the token is paused on L2, so the delivery waits until it is unpaused" });

    await unpause(c.l2.walletClient, c.l2.publicClient, { token: c.remoteToken });
    expect((await relayMessage(c.l2, pending!)).ok).toBe(true);
    expect((await relayMessage(c.l2, pending!)).ok).toBe(false); // delivered at most once
    expect((await crosschainTransferStatus(c.src1, c.src2, sendId)).status).toBe("delivered");
    expect(await bal2(addr(A))).toBe(350n);
  });

  it("refuses a status for an id that was never sent", async () => {
    await expect(crosschainTransferStatus(c.src1, c.src2, `0x${"ab".repeat(32)}` as Hex)).rejects.toMatchObject({ errorName: "UnknownTransfer" });
  });
});

describe("enabling a chain step by step (planEnableAssetOnChain, runEnableStep): resumed, never redone", () => {
  const home = (): EnableChain => ({ publicClient: c.l1.publicClient, chainId: c.l1.chainId, deployments: c.l1.deployments, name: "L1" });
  const remote = (): EnableChain => ({ publicClient: c.l2.publicClient, chainId: c.l2.chainId, deployments: c.l2.deployments, name: "L2" });
  const WHOLE = 10n ** 18n;
  /** An L1 asset with every limit the quotas split (countries, holders, balance cap, supply cap), held by A. */
  async function limitedAsset(symbol: string, maxHolders: bigint) {
    const { l1 } = c;
    const { token, compliance } = await deployAssetWithModules(
      l1.walletClient,
      l1.publicClient,
      l1.deployments,
      { name: `Enable ${symbol}`, symbol, decimals: 18, assetClass: 0, allowedCountries: [840, 826], maxHolders, maxBalance: 1000n * WHOLE },
      [moduleSetups.supplyCap(l1.deployments.modules, 10_000n * WHOLE)],
    );
    await mint(l1.walletClient, l1.publicClient, { token, to: addr(A), amount: 100n * WHOLE });
    return { token, compliance };
  }
  const deployedOnL2 = async (symbol: string) =>
    (await c.l2.publicClient.getContractEvents({ address: c.l2.deployments.factory, abi: tokenFactoryAbi, eventName: "AssetDeployed", fromBlock: 0n })).filter(
      (l) => l.args.symbol === symbol,
    ).length;

  it("runs each step once: after every step the plan read again shows it done, a repeat sends nothing, never a second L2 token", async () => {
    const { token, compliance } = await limitedAsset("ENB", 50n);
    const rules = { maxHolders: 5n, maxBalance: 200n * WHOLE };
    const params = { token, rules };
    const first = await planEnableAssetOnChain(home(), remote(), params);
    const order: EnableStepId[] = first.steps.map((s) => s.id);
    expect(order).toEqual([
      "deploy-home-bridge",
      "set-home-bridge",
      "deploy-remote-asset",
      "deploy-remote-bridge",
      "set-remote-bridge",
      "link-remote-bridge",
      "lower-home-max-holders",
      "lower-home-max-balance",
      "lower-home-supply-cap",
      "link-home-bridge",
    ]);
    expect(first.steps.every((s) => !s.done)).toBe(true);
    expect(first.allowedCountries).toEqual([826, 840]);
    expect(first.quotas.maxHolders).toMatchObject({ homeLimit: 50n, quota: 5n, homeAfter: 45n, homeUsed: 1n });
    expect(first.quotas.supplyCap).toMatchObject({ homeLimit: 10_000n * WHOLE, quota: 1n, homeUsed: 100n * WHOLE });
    // Out of order: refused in words, nothing sent.
    await expectRefusedWithoutWrites(c.l1.publicClient, () => runEnableStep(c.l1.walletClient, home(), remote(), params, "link-home-bridge"), "StepOutOfOrder");
    // The wrong chain for the step: the wallet is asked to switch.
    await expectRefusedWithoutWrites(c.l2.publicClient, () => runEnableStep(c.l2.walletClient, home(), remote(), params, "deploy-home-bridge"), "WrongChain");

    for (const [i, id] of order.entries()) {
      const side = first.steps[i]!.chainId === c.l1.chainId ? c.l1 : c.l2;
      const r = await runEnableStep(side.walletClient, home(), remote(), params, id);
      expect(r.sent).toBe(true);
      // Resumed as a reopened browser would: a fresh plan shows exactly the steps so far done.
      const again = await planEnableAssetOnChain(home(), remote(), params);
      expect(again.steps.map((s) => s.done)).toEqual(order.map((_, j) => j <= i));
      // The same step again sends nothing.
      const before = await side.publicClient.getBlockNumber();
      expect((await runEnableStep(side.walletClient, home(), remote(), params, id)).sent).toBe(false);
      expect(await side.publicClient.getBlockNumber()).toBe(before);
    }
    const done = await planEnableAssetOnChain(home(), remote(), params);
    expect(done.complete).toBe(true);
    expect(await deployedOnL2("ENB")).toBe(1);
    // The quotas moved: L2 has them, L1 gave them up.
    const m1 = c.l1.deployments.modules;
    const m2 = c.l2.deployments.modules;
    const remoteCompliance = await c.l2.publicClient.readContract({ address: done.remoteToken!, abi: tokenAbi, functionName: "compliance" });
    const read = (pc: typeof c.l1.publicClient, address: Address, abi: readonly unknown[], functionName: string, args: readonly unknown[]) =>
      pc.readContract({ address, abi: abi as never, functionName, args } as never) as Promise<unknown>;
    expect(await read(c.l2.publicClient, m2.maxHolders, maxHoldersModuleAbi, "getHolderLimit", [remoteCompliance])).toBe(5n);
    expect(await read(c.l1.publicClient, m1.maxHolders, maxHoldersModuleAbi, "getHolderLimit", [compliance])).toBe(45n);
    expect(await read(c.l2.publicClient, m2.maxBalance, maxBalanceModuleAbi, "getMaxBalance", [remoteCompliance])).toBe(200n * WHOLE);
    expect(await read(c.l1.publicClient, m1.maxBalance, maxBalanceModuleAbi, "getMaxBalance", [compliance])).toBe(800n * WHOLE);
    expect(await read(c.l2.publicClient, m2.supplyCap!, supplyCapModuleAbi, "getSupplyCap", [remoteCompliance])).toBe(1n);
    expect(await read(c.l1.publicClient, m1.supplyCap!, supplyCapModuleAbi, "getSupplyCap", [compliance])).toBe(10_000n * WHOLE - 1n);
    for (const country of [840, 826]) {
      expect(await read(c.l2.publicClient, m2.countryAllow, countryAllowModuleAbi, "isCountryAllowed", [remoteCompliance, country])).toBe(true);
    }
    // The asset moves: A (registered on both chains) sends 10 to L2.
    const l2Side = { publicClient: c.l2.publicClient, chainId: c.l2.chainId, bridge: done.remoteBridge!, name: "L2" };
    const l1Side = { publicClient: c.l1.publicClient, chainId: c.l1.chainId, bridge: done.homeBridge, name: "L1" };
    await crosschainTransfer(wallet(A), l1Side, l2Side, { amount: 10n * WHOLE });
    await relayAll(c.l1, c.l2);
    expect(await c.l2.publicClient.readContract({ address: done.remoteToken!, abi: tokenAbi, functionName: "balanceOf", args: [addr(A)] })).toBe(10n * WHOLE);
    // The scripts' wrapper on a finished enabling sends nothing.
    const [b1, b2] = await Promise.all([c.l1.publicClient.getBlockNumber(), c.l2.publicClient.getBlockNumber()]);
    await enableAssetOnChain({ home: c.l1, remote: c.l2, token, quotas: rules });
    expect([await c.l1.publicClient.getBlockNumber(), await c.l2.publicClient.getBlockNumber()]).toEqual([b1, b2]);
  });

  it("finds the L2 asset deployed before an interruption (the home bridge not linked yet) and finishes without a second one", async () => {
    const { token } = await limitedAsset("ENR", 20n);
    const params = { token, rules: { maxHolders: 2n, maxBalance: 100n * WHOLE } };
    for (const id of ["deploy-home-bridge", "set-home-bridge", "deploy-remote-asset", "deploy-remote-bridge"] as const) {
      const side = id.includes("home") ? c.l1 : c.l2;
      await runEnableStep(side.walletClient, home(), remote(), params, id);
    }
    // Reopened with other quotas typed in: the L2's own (on-chain) quotas win for what follows.
    const r = await enableAssetOnChain({ home: c.l1, remote: c.l2, token, quotas: { maxHolders: 7n, maxBalance: 300n * WHOLE } });
    expect(r.plan.quotas.maxHolders).toMatchObject({ quota: 2n, homeLimit: 20n, homeAfter: 18n });
    expect(await deployedOnL2("ENR")).toBe(1);
  });

  it("refuses a quota in words before any transaction: missing, not below the home limit, or under what L1 already uses", async () => {
    const { token } = await limitedAsset("ENQ", 3n);
    await mint(c.l1.walletClient, c.l1.publicClient, { token, to: addr(OTHER), amount: WHOLE });
    const run = (rules: Record<string, bigint>) => () => enableAssetOnChain({ home: c.l1, remote: c.l2, token, quotas: rules });
    // Where it stands, before any quota is typed: every step to do, nothing refused.
    const standing = await planEnableAssetOnChain(home(), remote(), { token, checkQuotas: false });
    expect(standing.steps.filter((s) => s.done)).toEqual([]);
    expect(standing.steps.map((s) => s.id)).toContain("lower-home-max-holders");
    const missing = await expectRefusedWithoutWrites(c.l1.publicClient, run({ maxBalance: WHOLE }), "QuotaRequired");
    expect(missing.message).toBe("enter chain 31338's quota of the holder limit: ENQ has a holder limit of 3 on chain 31337, which the chains share");
    await expectRefusedWithoutWrites(c.l1.publicClient, run({ maxHolders: 3n, maxBalance: WHOLE }), "QuotaTooLarge");
    const used = await expectRefusedWithoutWrites(c.l2.publicClient, run({ maxHolders: 2n, maxBalance: WHOLE }), "QuotaTooLarge");
    expect(used.message).toContain("chain 31337 already has 2 holders, more than its holder limit would be after giving chain 31338 its quota (3 - 2 = 1)");
    await expectRefusedWithoutWrites(c.l1.publicClient, run({ maxHolders: 1n, maxBalance: WHOLE, supplyCap: 10_000n * WHOLE - 50n * WHOLE }), "QuotaTooLarge");
  });
});

describe("gas and fee figures (targets: source <= 120,000, delivery <= 110,000; printed for the contracts lead)", () => {
  it("prints the source gas of a returning sender's transfer, the delivery's process gas and the quoted fee", async () => {
    const { fee } = await checkCrosschainTransfer(c.src1, c.src2, { from: addr(A), amount: 25n });
    // Eight transfers of a sender who has sent before, to a receiver who holds there: the Mailbox's Merkle tree
    // insertion (MerkleTreeHook) costs more when its count reaches a new power of two, so the figures vary by message.
    const sends: bigint[] = [];
    const deliveries: bigint[] = [];
    let second: Awaited<ReturnType<typeof send12>> | undefined;
    let delivery: Awaited<ReturnType<typeof relayMessage>> | undefined;
    for (let i = 0; i < 8; i++) {
      const sent = await send12(A, 5n);
      const [event] = parseEventLogs({ abi: assetBridgeAbi, eventName: "CrosschainTransferSent", logs: sent.receipt.logs });
      expect(event?.args.sendId).toBe(sent.sendId);
      const relayed = await relayMessage(c.l2, (await pendingMessages(c.l1, c.l2))[0]!);
      if (!relayed.ok) throw relayed.error;
      sends.push(sent.receipt.gasUsed);
      deliveries.push(relayed.gasUsed);
      if (i === 1) [second, delivery] = [sent, relayed];
    }
    const median = (xs: bigint[]) => [...xs].sort((a, b) => (a < b ? -1 : 1))[xs.length >> 1]!;
    const gas = {
      sourceCrosschainTransferMedian: median(sends),
      destinationProcessMedian: median(deliveries),
      quotedFeeWei: fee,
      sourceEach: sends,
      deliveryEach: deliveries,
    };
    console.log("cross-chain gas and fee:", JSON.stringify(gas, (_, v) => (typeof v === "bigint" ? Number(v) : v)));
    if (!second || !delivery?.ok) throw new Error("no second transfer");
    // Where the gas goes (call trees, gas used per call with its sub-calls; selectors name the functions).
    const names = (s: Side, extra: Record<string, Address>) =>
      Object.fromEntries(Object.entries({ ...s.deployments.messaging, identityRegistry: s.deployments.identityRegistry, ...extra }).filter(([, v]) => typeof v === "string").map(([k, v]) => [String(v).toLowerCase(), k]));
    console.log(`source crosschainTransfer (L1):\n${(await gasTree(c.l1, second.hash, names(c.l1, { token: c.token, bridge: c.homeBridge }))).join("\n")}`);
    console.log(`delivery process (L2):\n${(await gasTree(c.l2, delivery.hash, names(c.l2, { token: c.remoteToken, bridge: c.remoteBridge }))).join("\n")}`);
    expect(gas.sourceCrosschainTransferMedian).toBeGreaterThan(0n);
  });
});
