// The Distributor's leaves are OpenZeppelin StandardMerkleTree leaves: a tree built off-chain with
// @openzeppelin/merkle-tree (leaf types uint256 index, address identity, uint256 amount) is posted to a real
// Distributor (the one deployPlatform deploys) on this file's own anvil, and investors are paid with the library's
// proofs (claim and pushBatch).
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { type Abi, type Address, getAddress, type Hex, parseEventLogs } from "viem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessManagerAbi, distributorAbi, testUsdAbi, testUsdBytecode, tokenAbi } from "@tessera/contracts";
import { deployAsset, registerInvestor } from "@tessera/sdk";
import { DEMO_ASSET } from "@tessera/sdk/node";
import { startTestChain, type TestChain } from "./helpers";

const LEAF_TYPES = ["uint256", "address", "uint256"];
/** Roles.CORPORATE_ACTIONS (contracts/src/libraries/Roles.sol). */
const CORPORATE_ACTIONS = 11n;

/** Five fixed leaves and the root the library gives them: the same vectors are checked on-chain in
 * contracts/test/distribution/DistributorOzVectors.t.sol, so a change in the library's hashing fails both. */
const VECTOR_VALUES: [bigint, Address, bigint][] = [
  [0n, "0x00000000000000000000000000000000000000A1", 100_000_000n],
  [1n, "0x00000000000000000000000000000000000000b2", 250_000_000n],
  [2n, "0x00000000000000000000000000000000000000C3", 50_000_000n],
  [3n, "0x00000000000000000000000000000000000000d4", 1n],
  [4n, "0x00000000000000000000000000000000000000E5", 123456789012345678901234567890n],
];
const VECTOR_ROOT = "0xe7a31ef3e866cca301a986705461f871e5c664020c514fdb2a04045d0771a348";

let chain: TestChain;
let token: Address;
let usd: Address;
let distributor: Address;
const abi = distributorAbi;
const investors: { wallet: Address; identity: Address }[] = [];

beforeAll(async () => {
  chain = await startTestChain("DISTRIBUTION_LEAF_TEST_ANVIL_PORT");
  const { publicClient, wallets } = chain.clients;
  const [issuer, officer] = wallets;
  const send = async (address: Address, contractAbi: Abi | readonly unknown[], functionName: string, args: readonly unknown[]) => {
    const hash = await issuer.writeContract({ account: issuer.account, chain: issuer.chain, address, abi: contractAbi as Abi, functionName, args });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    expect(receipt.status).toBe("success");
    return receipt;
  };
  const deploy = async (contractAbi: Abi | readonly unknown[], bytecode: Hex, args: readonly unknown[]) => {
    const hash = await issuer.deployContract({ account: issuer.account, chain: issuer.chain, abi: contractAbi as Abi, bytecode, args });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    expect(receipt.contractAddress).toBeTruthy();
    return getAddress(receipt.contractAddress as Address);
  };

  token = (await deployAsset(issuer, publicClient, chain.deployments, { ...DEMO_ASSET, allowedCountries: [...DEMO_ASSET.allowedCountries] })).token;
  const kycExpiresAt = (await publicClient.getBlock()).timestamp + 365n * 86_400n;
  for (const [i, country] of [
    [2, 840],
    [3, 826],
    [4, 250],
  ] as const) {
    const wallet = wallets[i].account.address;
    const r = await registerInvestor(officer, publicClient, chain.deployments, { wallet, country, kycExpiresAt });
    investors.push({ wallet, identity: getAddress(r.identity) });
  }

  expect(chain.deployments.distributor).toBeDefined();
  distributor = chain.deployments.distributor as Address;
  expect(getAddress(await publicClient.readContract({ address: distributor, abi, functionName: "tokenFactory" }))).toBe(getAddress(chain.deployments.factory));
  usd = await deploy(testUsdAbi, testUsdBytecode, [issuer.account.address]);
  await send(usd, testUsdAbi, "mint", [issuer.account.address, 1_000_000_000n]);
  await send(usd, testUsdAbi, "approve", [distributor, 1_000_000_000n]);
  const manager = (await publicClient.readContract({ address: token, abi: tokenAbi, functionName: "authority" })) as Address;
  await send(manager, accessManagerAbi, "grantRole", [CORPORATE_ACTIONS, issuer.account.address, 0]);
});

afterAll(async () => {
  await chain?.anvil.stop();
});

describe("Distributor leaves = @openzeppelin/merkle-tree StandardMerkleTree", () => {
  it("gives the fixed vectors' root (the one DistributorOzVectors.t.sol pays against)", () => {
    expect(StandardMerkleTree.of(VECTOR_VALUES, LEAF_TYPES).root).toBe(VECTOR_ROOT);
  });

  it("pays claims and pushes with the library's proofs, and refuses a proof used by another investor", async () => {
    const { publicClient, wallets } = chain.clients;
    const issuer = wallets[0];
    // Net entitlements per identity, in TestUSD base units (6 decimals): 100, 250 and 50 TUSD.
    const values: [bigint, Address, bigint][] = investors.map((inv, i) => [BigInt(i), inv.identity, [100n, 250n, 50n][i] * 10n ** 6n]);
    const tree = StandardMerkleTree.of(values, LEAF_TYPES);
    const total = 400n * 10n ** 6n;
    const recordDate = await publicClient.getBlockNumber(); // mined already: the next block is the creation's
    const claimDeadline = (await publicClient.getBlock()).timestamp + 86_400n;

    const createHash = await issuer.writeContract({
      account: issuer.account,
      chain: issuer.chain,
      address: distributor,
      abi,
      functionName: "createDistribution",
      args: [token, usd, tree.root as Hex, total, recordDate, claimDeadline, "https://example.test/entitlements.json"],
    });
    const createReceipt = await publicClient.waitForTransactionReceipt({ hash: createHash });
    expect(createReceipt.status).toBe("success");
    const [created] = parseEventLogs({ abi, logs: createReceipt.logs, eventName: "DistributionCreated" }) as unknown as {
      args: Record<string, unknown>;
    }[];
    expect(created.args).toMatchObject({ id: 1n, token, paymentToken: usd, root: tree.root, total, recordDate, claimDeadline, creator: issuer.account.address });

    // Bob (account 3) is owed leaf 1; the library gives its proof.
    const bob = wallets[3];
    const proof = tree.getProof(1) as Hex[];
    // Bob's valid proof in another investor's hands is refused (entitlements are per identity).
    const alice = wallets[2];
    await expect(
      publicClient.simulateContract({
        account: alice.account,
        address: distributor,
        abi,
        functionName: "claim",
        args: [1n, 1n, investors[1].identity, values[1][2], proof],
      }),
    ).rejects.toThrow(/WalletNotOfIdentity/);

    // Bob claims it himself.
    const claimHash = await bob.writeContract({
      account: bob.account,
      chain: bob.chain,
      address: distributor,
      abi,
      functionName: "claim",
      args: [1n, 1n, investors[1].identity, values[1][2], proof],
    });
    const claimReceipt = await publicClient.waitForTransactionReceipt({ hash: claimHash });
    expect(claimReceipt.status).toBe("success");
    const [claimed] = parseEventLogs({ abi, logs: claimReceipt.logs, eventName: "Claimed" }) as unknown as { args: Record<string, unknown> }[];
    expect(claimed.args).toEqual({ id: 1n, index: 1n, identity: investors[1].identity, wallet: bob.account.address, amount: 250n * 10n ** 6n });
    const balance = (a: Address) => publicClient.readContract({ address: usd, abi: testUsdAbi, functionName: "balanceOf", args: [a] });
    expect(await balance(bob.account.address)).toBe(250n * 10n ** 6n);

    // The issuer pushes the other two leaves; bob's, already claimed, is skipped.
    const idx = [0, 1, 2];
    const pushHash = await issuer.writeContract({
      account: issuer.account,
      chain: issuer.chain,
      address: distributor,
      abi,
      functionName: "pushBatch",
      args: [
        1n,
        idx.map((i) => values[i][0]),
        idx.map((i) => values[i][1]),
        idx.map((i) => values[i][2]),
        idx.map((i) => investors[i].wallet),
        idx.map((i) => tree.getProof(i) as Hex[]),
      ],
    });
    const pushReceipt = await publicClient.waitForTransactionReceipt({ hash: pushHash });
    expect(pushReceipt.status).toBe("success");
    expect(parseEventLogs({ abi, logs: pushReceipt.logs, eventName: "Claimed" })).toHaveLength(2);
    expect(await balance(investors[0].wallet)).toBe(100n * 10n ** 6n);
    expect(await balance(investors[2].wallet)).toBe(50n * 10n ** 6n);
    expect(await publicClient.readContract({ address: distributor, abi, functionName: "remaining", args: [1n] })).toBe(0n);
    for (const i of idx) {
      expect(await publicClient.readContract({ address: distributor, abi, functionName: "isClaimed", args: [1n, BigInt(i)] })).toBe(true);
    }
  });
});
