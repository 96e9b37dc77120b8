// The SDK's cross-chain transfer actions over two real anvils (two-chains.ts): every refusal of
// checkCrosschainTransfer in words with no transaction written, a delivered transfer, a refused one sent back, the
// status at each step, a paused destination holding a delivery until it is unpaused, and the gas and fee figures.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Address, type Hex, parseEventLogs } from "viem";
import { assetBridgeAbi, RestrictionCode, tokenAbi } from "@tessera/contracts";
import {
  checkCrosschainTransfer,
  crosschainTransfer,
  crosschainTransferStatus,
  formatEvmInteropAddress,
  freezePartialTokens,
  mint,
  pause,
  registerInvestor,
  setAddressFrozen,
  unfreezePartialTokens,
  unpause,
} from "@tessera/sdk";
import { rpc } from "@tessera/sdk/node";
import { moduleSetups } from "@tessera/sdk/suite";
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

  it("refuses the source's refusals: amount, route, identity, sender's balance, freezes, pause", async () => {
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

describe("gas and fee figures (targets: source <= 120,000, delivery <= 110,000; printed for the contracts lead)", () => {
  it("prints the source gas of a returning sender's transfer, the delivery's process gas and the quoted fee", async () => {
    const { fee } = await checkCrosschainTransfer(c.src1, c.src2, { from: addr(A), amount: 25n });
    const first = await send12(A, 25n);
    const firstDelivery = await relayMessage(c.l2, (await pendingMessages(c.l1, c.l2))[0]!);
    const second = await send12(A, 25n);
    const [sent] = parseEventLogs({ abi: assetBridgeAbi, eventName: "CrosschainTransferSent", logs: second.receipt.logs });
    expect(sent?.args.sendId).toBe(second.sendId);
    const delivery = await relayMessage(c.l2, (await pendingMessages(c.l1, c.l2))[0]!);
    expect(firstDelivery.ok && delivery.ok).toBe(true);
    const gas = {
      sourceCrosschainTransfer: second.receipt.gasUsed,
      destinationProcess: delivery.ok ? delivery.gasUsed : 0n,
      quotedFeeWei: fee,
      earlierTransferSameSender: first.receipt.gasUsed,
      earlierDelivery: firstDelivery.ok ? firstDelivery.gasUsed : 0n,
    };
    console.log("cross-chain gas and fee:", JSON.stringify(gas, (_, v) => (typeof v === "bigint" ? Number(v) : v)));
    // Where the gas goes (call trees, gas used per call with its sub-calls; selectors name the functions).
    const names = (s: Side, extra: Record<string, Address>) =>
      Object.fromEntries(Object.entries({ ...s.deployments.messaging, identityRegistry: s.deployments.identityRegistry, ...extra }).filter(([, v]) => typeof v === "string").map(([k, v]) => [String(v).toLowerCase(), k]));
    console.log(`source crosschainTransfer (L1):\n${(await gasTree(c.l1, second.hash, names(c.l1, { token: c.token, bridge: c.homeBridge }))).join("\n")}`);
    if (delivery.ok) console.log(`delivery process (L2):\n${(await gasTree(c.l2, delivery.hash, names(c.l2, { token: c.remoteToken, bridge: c.remoteBridge }))).join("\n")}`);
    expect(gas.sourceCrosschainTransfer).toBeGreaterThan(0n);
  });
});
