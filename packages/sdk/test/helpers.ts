// What the SDK's chain tests share: a chain of their own with the platform deployed, investors registered by the
// registry agent, and "refused before any transaction" checks. Each test file starts its own anvil (no shared chain).
import type { Address, PublicClient } from "viem";
import { expect } from "vitest";
import type { Deployments } from "@tessera/contracts";
import { registerInvestor, TesseraError } from "@tessera/sdk";
import { deployDevPlatform, devClients, startAnvil, type AnvilHandle } from "@tessera/sdk/node";

/** A test file's chain: anvil, clients of its dev accounts, and the platform (account 0 owner, account 1 registry agent). */
export type TestChain = { anvil: AnvilHandle; clients: Awaited<ReturnType<typeof devClients>>; deployments: Deployments };

/**
 * Starts anvil on the port in environment variable `portVariable` (a free port when unset: ports 8600-8699 are the
 * contracts/SDK engineer's) and deploys the platform with account 1 as registry agent. Stop it with `anvil.stop()`.
 */
export async function startTestChain(portVariable: string): Promise<TestChain> {
  const port = process.env[portVariable] ? Number(process.env[portVariable]) : undefined;
  const anvil = await startAnvil({ port });
  const clients = await devClients(anvil.rpcUrl);
  // Deployed once per test process, loaded into the next files' chains (buildOrLoadChainState).
  const { deployments } = await deployDevPlatform(anvil.rpcUrl);
  return { anvil, clients, deployments };
}

/**
 * Registers dev accounts as investors (account 1, the registry agent, deploys each one's identity), KYC valid for a
 * year from the chain's time.
 * @param investors Pairs of (account index, ISO-3166 numeric country).
 */
export async function registerInvestors(chain: TestChain, investors: ReadonlyArray<readonly [number, number]>): Promise<void> {
  const { clients, deployments } = chain;
  const kycExpiresAt = (await clients.publicClient.getBlock()).timestamp + 365n * 86_400n;
  for (const [i, country] of investors) {
    const wallet: Address = clients.wallets[i].account.address;
    await registerInvestor(clients.wallets[1], clients.publicClient, deployments, { wallet, country, kycExpiresAt });
  }
}

/**
 * Runs `fn`, expects a TesseraError named `errorName` in words (no "revert"), and checks that no block was mined
 * meanwhile (the refusal was read before any transaction).
 */
export async function expectRefusedWithoutWrites(publicClient: PublicClient, fn: () => Promise<unknown>, errorName: string): Promise<TesseraError> {
  const before = await publicClient.getBlockNumber();
  const err = await fn().then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TesseraError);
  expect((err as TesseraError).errorName).toBe(errorName);
  expect((err as TesseraError).message).not.toMatch(/revert/i);
  expect(await publicClient.getBlockNumber()).toBe(before);
  return err as TesseraError;
}
