#!/usr/bin/env node
/**
 * The relayer as a process: `node --import tsx apps/relayer/src/main.ts` (or `npm run start -w @tessera/relayer`).
 * Environment: RELAYER_CHAINS, DEPLOYMENTS_DIR, RELAYER_DATA_DIR, RELAYER_PRIVATE_KEY, RELAYER_POLL_MS,
 * RELAYER_CONFIRMATIONS, … (config.ts, ARCHITECTURE.md). Waits for each chain's deployments file with a `messaging`
 * section, then relays until SIGINT/SIGTERM and exits after the delivery in flight. Development only: production runs
 * Hyperlane's relayer agent, with validators and a multisig ISM instead of the TrustedRelayerIsm.
 */
import type { Deployments } from "@tessera/contracts";
import { ANVIL_MNEMONIC, deploymentsFilePath, readDeployments } from "@tessera/sdk/node";
import { mnemonicToAccount, privateKeyToAccount } from "viem/accounts";
import { RELAYER_DEV_ACCOUNT_INDEX, relayerConfig } from "./config.ts";
import { createRelayer } from "./relayer.ts";

/** The chain's deployments once the file exists with a `messaging` section (polled once a second, logged once). */
async function messagingDeployments(dir: string, chainId: number): Promise<Deployments> {
  let warned = false;
  for (;;) {
    const d = readDeployments(dir, chainId);
    if (d?.messaging) return d;
    if (!warned) console.error(`[relayer] waiting for ${deploymentsFilePath(dir, chainId)} with a messaging section (deploy the platform and messaging first)`);
    warned = true;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

async function main(): Promise<void> {
  const config = relayerConfig();
  const deployments = await Promise.all(config.chains.map((c) => messagingDeployments(config.deploymentsDir, c.chainId)));
  const account = config.privateKey
    ? privateKeyToAccount(config.privateKey)
    : mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: RELAYER_DEV_ACCOUNT_INDEX });
  const relayer = createRelayer({
    chains: config.chains.map((c, i) => ({ ...c, deployments: deployments[i]! })),
    account,
    dataDir: config.dataDir,
    pollIntervalMs: config.pollIntervalMs,
    confirmations: config.confirmations,
    batchBlocks: config.batchBlocks,
    retryMinMs: config.retryMinMs,
    retryMaxMs: config.retryMaxMs,
    testDeliveryDelayMs: config.testDeliveryDelayMs,
  });
  const who = config.privateKey ? account.address : `${account.address} (anvil dev account ${RELAYER_DEV_ACCOUNT_INDEX})`;
  console.log(
    `[relayer] relaying between ${config.chains.map((c) => `chain ${c.chainId} (${c.rpcUrl})`).join(" and ")} as ${who}, ${config.confirmations} confirmation(s)`,
  );
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[relayer] ${signal}: stopping`);
    await relayer.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  await relayer.run();
}

main().catch((err) => {
  console.error(`[relayer] fatal: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
