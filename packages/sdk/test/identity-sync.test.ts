// Identity across chains over two real anvils (home chain 31337, L2 31338): the platform on both (the same
// IdentityFactory address), Hyperlane's Mailbox and Tessera's gateway on both, the IdentitySync contracts linked. An
// investor onboarded once on the home chain is verified on the L2 with the same identity address and KYC expiry
// once the record's message is delivered; renewal and revocation follow the same way. Messages are relayed by a
// tiny loop here (Dispatch logs on the home chain, `Mailbox.process` on the L2 from the relayer account): the
// platform's relayer is its own component.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keccak256, pad, parseEventLogs, type Abi, type Address, type Hash, type PublicClient, type WalletClient } from "viem";
import { hyperlaneMailboxAbi, identityFactoryAbi, identityRegistryAbi, identitySyncAbi, onchainIdentityAbi, type Deployments } from "@tessera/contracts";
import { deployIdentity, identityForWallet, registerInvestor, simulateAndWrite, syncInvestor, TesseraError } from "@tessera/sdk";
import { deployClaimIssuer, hasValidClaim, KeyPurpose, keyOf, KYC_CLAIM_TOPIC, onboardInvestor } from "@tessera/sdk/identity";
import {
  CREATE2_DEPLOYER,
  deployIdentityFactory,
  deployMessaging,
  deployPlatform,
  devClients,
  identityFactoryAddress,
  linkIdentitySync,
  peerGateways,
  predictIdentityAddress,
  rpc,
  startAnvil,
  type AnvilHandle,
} from "@tessera/sdk/node";
import { expectRefusedWithoutWrites } from "./helpers";

type Side = {
  anvil: AnvilHandle;
  chainId: number;
  publicClient: PublicClient;
  wallets: WalletClient[];
  deployments: Deployments;
};

let home: Side;
let l2: Side;
let relayedFrom = 0n;

async function side(chainId: number): Promise<Side> {
  const anvil = await startAnvil({ chainId });
  const { publicClient, wallets } = await devClients(anvil.rpcUrl);
  const deployments = await deployPlatform({ walletClient: wallets[0]!, publicClient, registryAgents: [wallets[1]!.account.address] });
  deployments.messaging = await deployMessaging({ walletClient: wallets[0]!, publicClient, relayer: wallets[9]!.account.address });
  return { anvil, chainId, publicClient, wallets, deployments };
}

/** Delivers every message the home Mailbox dispatched since the last call, as the relayer; returns their ids. */
async function relay(): Promise<Hash[]> {
  const to = await home.publicClient.getBlockNumber();
  const logs = await home.publicClient.getContractEvents({
    address: home.deployments.messaging!.mailbox,
    abi: hyperlaneMailboxAbi,
    eventName: "Dispatch",
    fromBlock: relayedFrom,
    toBlock: to,
  });
  relayedFrom = to + 1n;
  const ids: Hash[] = [];
  for (const log of logs) {
    const message = (log.args as { message: `0x${string}` }).message;
    await simulateAndWrite(l2.wallets[9]!, l2.publicClient, {
      address: l2.deployments.messaging!.mailbox,
      abi: hyperlaneMailboxAbi as Abi,
      functionName: "process",
      args: ["0x", message],
    });
    ids.push(keccak256(message));
  }
  return ids;
}

const read = <T>(s: Side, functionName: string, args: readonly unknown[]) =>
  s.publicClient.readContract({ address: s.deployments.identityRegistry, abi: identityRegistryAbi, functionName, args } as never) as Promise<T>;

async function officerCall(functionName: string, args: readonly unknown[]) {
  await simulateAndWrite(home.wallets[1]!, home.publicClient, {
    address: home.deployments.identityRegistry,
    abi: identityRegistryAbi as Abi,
    functionName,
    args,
  });
}

async function syncAndRelay(wallet: Address): Promise<void> {
  const r = await syncInvestor(home.wallets[7]!, home.publicClient, { identitySync: home.deployments.identitySync!, wallet });
  expect(r.records).toHaveLength(1);
  expect(r.records[0]!.chainId).toBe(l2.chainId);
  expect(await relay()).toEqual([r.records[0]!.sendId]);
}

beforeAll(async () => {
  home = await side(31337);
  l2 = await side(31338);
  const chain = (s: Side) => ({ walletClient: s.wallets[0]!, publicClient: s.publicClient, chainId: s.chainId, messaging: s.deployments.messaging! });
  await peerGateways(chain(home), chain(l2));
  const linked = await linkIdentitySync(
    { walletClient: home.wallets[0]!, publicClient: home.publicClient, chainId: home.chainId, deployments: home.deployments },
    { walletClient: l2.wallets[0]!, publicClient: l2.publicClient, chainId: l2.chainId, deployments: l2.deployments },
  );
  home.deployments.identitySync = linked.home;
  l2.deployments.identitySync = linked.other;
  relayedFrom = (await home.publicClient.getBlockNumber()) + 1n;
}, 240_000);

afterAll(async () => {
  await home?.anvil.stop();
  await l2?.anvil.stop();
});

describe("one investor identity on an L1 and its L2", () => {
  const investor = () => home.wallets[5]!.account!.address;

  it("deploys the IdentityFactory at the same address on both chains", () => {
    expect(home.deployments.identityFactory).toBeDefined();
    expect(l2.deployments.identityFactory).toBe(home.deployments.identityFactory);
    expect(home.deployments.identityFactory).toBe(identityFactoryAddress(home.wallets[0]!.account!.address));
  });

  it("onboards once on the home chain: verified on both, same identity address and KYC expiry", async () => {
    const kycExpiresAt = (await home.publicClient.getBlock()).timestamp + 365n * 86_400n;
    const { identity } = await registerInvestor(home.wallets[1]!, home.publicClient, home.deployments, { wallet: investor(), country: 250, kycExpiresAt });
    expect(await read<boolean>(l2, "isVerified", [investor()])).toBe(false);

    await syncAndRelay(investor());

    expect(await read<boolean>(home, "isVerified", [investor()])).toBe(true);
    expect(await read<boolean>(l2, "isVerified", [investor()])).toBe(true);
    expect(await read<Address>(l2, "identity", [investor()])).toBe(identity);
    expect(await read<bigint>(l2, "kycExpiry", [investor()])).toBe(kycExpiresAt);
    expect(await read<number>(l2, "investorCountry", [investor()])).toBe(250);

    // The identity contract itself, created on the L2 through the factory by a registry agent: the same address,
    // managed by the investor's wallet (the agent holds a claim key).
    const onL2 = await deployIdentity(l2.wallets[1]!, l2.publicClient, investor(), { identityFactory: l2.deployments.identityFactory });
    expect(onL2.identity).toBe(identity);
    expect(identity).toBe(predictIdentityAddress(home.wallets[0]!.account!.address, investor()));
    const managed = await l2.publicClient.readContract({
      address: identity,
      abi: onchainIdentityAbi,
      functionName: "keyHasPurpose",
      args: [keccak256(pad(investor())), 1n], // ERC-734 key: keccak256(abi.encode(wallet))
    });
    expect(managed).toBe(true);
  });

  it("identityForWallet (the CSV import's identities): through the factory, the same address on both chains, reused once created", async () => {
    const wallet = home.wallets[8]!.account!.address;
    const created = await identityForWallet(home.wallets[1]!, home.publicClient, home.deployments, wallet);
    expect(created.hash).toBeDefined();
    expect(created.identity).toBe(predictIdentityAddress(home.wallets[0]!.account!.address, wallet));
    expect(await identityForWallet(home.wallets[1]!, home.publicClient, home.deployments, wallet)).toEqual({ identity: created.identity });
    expect((await identityForWallet(l2.wallets[1]!, l2.publicClient, l2.deployments, wallet)).identity).toBe(created.identity);
    // Without a factory (a chain deployed without one): an identity of its own, another address.
    const plain = await identityForWallet(home.wallets[1]!, home.publicClient, {}, wallet);
    expect(plain.identity).not.toBe(created.identity);
  });

  it("claims-mode onboarding through the factory: the same identity on both chains, the officer's KYC claim on it, verified on L1", async () => {
    const officer = home.wallets[1]!;
    const keyHas = (s: Side, identity: Address, who: Address, purpose: bigint) =>
      s.publicClient.readContract({ address: identity, abi: onchainIdentityAbi, functionName: "keyHasPurpose", args: [keyOf(who), purpose] });
    const { claimIssuer } = await deployClaimIssuer(officer, home.publicClient);
    const expiresAt = (await home.publicClient.getBlock()).timestamp + 365n * 86_400n;
    const onboard = async (wallet: Address) => {
      const steps: string[] = [];
      const r = await onboardInvestor(
        officer,
        home.publicClient,
        { identityRegistry: home.deployments.identityRegistry, identityFactory: home.deployments.identityFactory, claimIssuer, wallet, country: 276, expiresAt },
        { onStep: (s) => steps.push(s.step) },
      );
      return { ...r, steps };
    };

    // Created by the factory in one transaction: the wallet manages it, the officer holds a claim key only.
    const wallet = home.wallets[3]!.account!.address;
    const r = await onboard(wallet);
    expect(r.steps).toEqual(["create identity", "add claim", "register wallet"]);
    expect(r.identityCreated).toBe(true);
    expect(r.identity).toBe(predictIdentityAddress(home.wallets[0]!.account!.address, wallet));
    expect(await hasValidClaim(home.publicClient, r.identity, claimIssuer, KYC_CLAIM_TOPIC)).toBe(true);
    expect(await read<boolean>(home, "isVerified", [wallet])).toBe(true);
    expect(await keyHas(home, r.identity, wallet, KeyPurpose.MANAGEMENT)).toBe(true);
    expect(await keyHas(home, r.identity, officer.account!.address, KeyPurpose.MANAGEMENT)).toBe(false);
    expect(await keyHas(home, r.identity, officer.account!.address, KeyPurpose.CLAIM)).toBe(true);

    // On the L2: the synced record names it, and the L2's registry agent creates it there at the same address, with
    // a claim key to add that chain's claim.
    await syncAndRelay(wallet);
    expect(await read<Address>(l2, "identity", [wallet])).toBe(r.identity);
    expect((await identityForWallet(l2.wallets[1]!, l2.publicClient, l2.deployments, wallet)).identity).toBe(r.identity);
    expect(await keyHas(l2, r.identity, wallet, KeyPurpose.MANAGEMENT)).toBe(true);
    expect(await keyHas(l2, r.identity, l2.wallets[1]!.account!.address, KeyPurpose.CLAIM)).toBe(true);

    // A wallet whose factory identity exists already (e.g. from the CSV import): reused, the claim added to it.
    const other = home.wallets[4]!.account!.address;
    const existing = await identityForWallet(officer, home.publicClient, home.deployments, other);
    const reused = await onboard(other);
    expect(reused.steps).toEqual(["add claim", "register wallet"]);
    expect(reused.identityCreated).toBe(false);
    expect(reused.identity).toBe(existing.identity);
    expect(await hasValidClaim(home.publicClient, reused.identity, claimIssuer, KYC_CLAIM_TOPIC)).toBe(true);

    // A registry agent the factory does not trust (its registry untrusted): refused in words before any transaction.
    const setRegistry = (trusted: boolean) =>
      simulateAndWrite(home.wallets[0]!, home.publicClient, {
        address: home.deployments.identityFactory!,
        abi: identityFactoryAbi as Abi,
        functionName: "setRegistry",
        args: [home.deployments.identityRegistry, trusted],
      });
    await setRegistry(false);
    await expectRefusedWithoutWrites(home.publicClient, () => onboard(home.wallets[2]!.account!.address), "CallerNotIdentityCreator");
    await setRegistry(true);
  });

  it("renews on the home chain: the L2 follows once the message is delivered", async () => {
    const renewed = (await home.publicClient.getBlock()).timestamp + 730n * 86_400n;
    await officerCall("setKycExpiry", [investor(), renewed]);
    expect(await read<bigint>(l2, "kycExpiry", [investor()])).not.toBe(renewed);
    await syncAndRelay(investor());
    expect(await read<bigint>(l2, "kycExpiry", [investor()])).toBe(renewed);
  });

  it("revokes on the home chain (removal): the L2 removes the wallet", async () => {
    await officerCall("deleteIdentity", [investor()]);
    expect(await read<boolean>(l2, "isVerified", [investor()])).toBe(true); // not delivered yet: the previous record holds
    await syncAndRelay(investor());
    expect(await read<boolean>(l2, "contains", [investor()])).toBe(false);
    expect(await read<boolean>(l2, "isVerified", [investor()])).toBe(false);
  });

  it("ignores a stale record delivered after a newer one", async () => {
    const wallet = home.wallets[6]!.account!.address;
    const kycExpiresAt = (await home.publicClient.getBlock()).timestamp + 365n * 86_400n;
    await registerInvestor(home.wallets[1]!, home.publicClient, home.deployments, { wallet, country: 840, kycExpiresAt });
    const sync = () => syncInvestor(home.wallets[7]!, home.publicClient, { identitySync: home.deployments.identitySync!, wallet });
    const first = await sync();
    await officerCall("setKycExpiry", [wallet, 1n]); // revoked: an expiry in the past
    const second = await sync();
    const logs = await home.publicClient.getContractEvents({
      address: home.deployments.messaging!.mailbox,
      abi: hyperlaneMailboxAbi,
      eventName: "Dispatch",
      fromBlock: relayedFrom,
    });
    relayedFrom = (await home.publicClient.getBlockNumber()) + 1n;
    const [m1, m2] = logs.map((l) => (l.args as { message: `0x${string}` }).message);
    expect([keccak256(m1!), keccak256(m2!)]).toEqual([first.records[0]!.sendId, second.records[0]!.sendId]);
    const deliver = (message: `0x${string}`) =>
      simulateAndWrite(l2.wallets[9]!, l2.publicClient, {
        address: l2.deployments.messaging!.mailbox,
        abi: hyperlaneMailboxAbi as Abi,
        functionName: "process",
        args: ["0x", message],
      });
    await deliver(m2!); // the revocation first
    const late = await deliver(m1!);
    const events = parseEventLogs({ abi: identitySyncAbi, logs: late.receipt.logs, eventName: "StaleRecordIgnored" });
    expect(events.map((e) => [e.args.wallet, e.args.sequence, e.args.appliedSequence])).toEqual([[wallet, 1n, 2n]]);
    expect(await read<boolean>(l2, "isVerified", [wallet])).toBe(false);
    expect(await read<bigint>(l2, "kycExpiry", [wallet])).toBe(1n);

    // A replay is refused by the Mailbox.
    const replay = await deliver(m1!).catch((e: unknown) => e);
    expect(replay).toBeInstanceOf(TesseraError);
    expect((replay as TesseraError).message).toMatch(/already delivered/);
  });

  it("refuses a sync sent from the L2 (not the home chain), in words", async () => {
    const err = await syncInvestor(l2.wallets[7]!, l2.publicClient, { identitySync: l2.deployments.identitySync!, wallet: investor() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TesseraError);
    expect((err as TesseraError).errorName).toBe("NotHomeChain");
    expect((err as TesseraError).message).toMatch(/home chain \(chain 31337\)/);
  });

  it("says in words when a chain has no CREATE2 deployer (last: it removes the L2's)", async () => {
    await rpc(l2.anvil.rpcUrl, "anvil_setCode", [CREATE2_DEPLOYER, "0x"]);
    const err = await deployIdentityFactory({ walletClient: l2.wallets[2]!, publicClient: l2.publicClient }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TesseraError);
    expect((err as TesseraError).errorName).toBe("Create2DeployerMissing");
    expect((err as TesseraError).message).toMatch(/deterministic CREATE2 deployer is not on this chain/);
  });
});
