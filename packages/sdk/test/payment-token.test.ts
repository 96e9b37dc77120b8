// The dev payment token that `npm start` seeds (TestUSD): the demo investors' balances and an ERC-2612 permit signed
// off-chain by an investor, on a real anvil of this file's own.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSignature, type Address } from "viem";
import { testUsdAbi } from "@tessera/contracts";
import { DEMO_PAYMENT_TOKEN, seedDemo, type DemoSeed } from "@tessera/sdk/node";
import { startTestChain, type TestChain } from "./helpers";

let chain: TestChain;
let demo: DemoSeed;

beforeAll(async () => {
  chain = await startTestChain("PAYMENT_TOKEN_TEST_ANVIL_PORT");
  demo = await seedDemo({ rpcUrl: chain.anvil.rpcUrl, deployments: chain.deployments });
});

afterAll(async () => {
  await chain?.anvil.stop();
});

const read = <T>(functionName: string, args: readonly unknown[] = []) =>
  chain.clients.publicClient.readContract({ address: demo.paymentToken, abi: testUsdAbi, functionName, args } as never) as Promise<T>;

describe("payment token (TestUSD) seeded by seedDemo", () => {
  it("is Test USD with 6 decimals, owned by the issuer, and each demo investor holds 1,000,000 TUSD", async () => {
    expect(await read<string>("name")).toBe("Test USD");
    expect(await read<string>("symbol")).toBe("TUSD");
    expect(await read<number>("decimals")).toBe(6);
    expect(await read<Address>("owner")).toBe(demo.issuer);
    expect(DEMO_PAYMENT_TOKEN.perInvestor).toBe(1_000_000_000_000n);
    const wallets = chain.clients.wallets.slice(2, 5).map((w) => w.account.address);
    expect(demo.investors.map((i) => i.wallet)).toEqual(wallets);
    for (const wallet of wallets) expect(await read<bigint>("balanceOf", [wallet])).toBe(1_000_000n * 10n ** 6n);
    expect(await read<bigint>("totalSupply")).toBe(3n * 1_000_000n * 10n ** 6n);
  });

  it("takes an investor's ERC-2612 permit signed off-chain: another account then moves the cash with transferFrom", async () => {
    const { publicClient, wallets } = chain.clients;
    const investor = wallets[2];
    const spender = wallets[6];
    const recipient = wallets[7].account.address;
    const owner = investor.account.address;
    const value = 250n * 10n ** 6n; // 250 TUSD
    const nonce = await read<bigint>("nonces", [owner]);
    const deadline = (await publicClient.getBlock()).timestamp + 3600n;
    const signature = await investor.signTypedData({
      account: investor.account,
      domain: { name: "Test USD", version: "1", chainId: chain.deployments.chainId, verifyingContract: demo.paymentToken },
      types: {
        Permit: [
          { name: "owner", type: "address" },
          { name: "spender", type: "address" },
          { name: "value", type: "uint256" },
          { name: "nonce", type: "uint256" },
          { name: "deadline", type: "uint256" },
        ],
      },
      primaryType: "Permit",
      message: { owner, spender: spender.account.address, value, nonce, deadline },
    });
    const { v, r, s } = parseSignature(signature);

    // The spender submits the permit (the investor sends no transaction and pays no gas), then pulls the cash.
    const permitHash = await spender.writeContract({
      account: spender.account,
      chain: spender.chain,
      address: demo.paymentToken,
      abi: testUsdAbi,
      functionName: "permit",
      args: [owner, spender.account.address, value, deadline, Number(v), r, s],
    });
    expect((await publicClient.waitForTransactionReceipt({ hash: permitHash })).status).toBe("success");
    expect(await read<bigint>("allowance", [owner, spender.account.address])).toBe(value);
    expect(await read<bigint>("nonces", [owner])).toBe(nonce + 1n);

    const moveHash = await spender.writeContract({
      account: spender.account,
      chain: spender.chain,
      address: demo.paymentToken,
      abi: testUsdAbi,
      functionName: "transferFrom",
      args: [owner, recipient, value],
    });
    expect((await publicClient.waitForTransactionReceipt({ hash: moveHash })).status).toBe("success");
    expect(await read<bigint>("balanceOf", [recipient])).toBe(value);
    expect(await read<bigint>("balanceOf", [owner])).toBe(DEMO_PAYMENT_TOKEN.perInvestor - value);
    expect(await read<bigint>("allowance", [owner, spender.account.address])).toBe(0n);

    // The same signature cannot be used twice: the nonce moved on, so it no longer recovers to the investor.
    await expect(
      publicClient.simulateContract({
        account: spender.account,
        address: demo.paymentToken,
        abi: testUsdAbi,
        functionName: "permit",
        args: [owner, spender.account.address, value, deadline, Number(v), r, s],
      }),
    ).rejects.toThrow(/ERC2612InvalidSigner/);
  });
});
