import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devClients, startAnvil, type AnvilHandle } from "@tessera/sdk/node";

// devClients' public client answers block numbers from the chain, never from viem's cache: tests compare block
// numbers ("the refused call mined nothing") and wait for the indexer to reach the head, and a cached head made
// those checks fail one run in many (a block mined between two reads that were meant to see the same head).
let anvil: AnvilHandle;

beforeAll(async () => {
  anvil = await startAnvil();
});
afterAll(async () => {
  await anvil?.stop();
});

describe("devClients", () => {
  it("reads the block number fresh after a block is mined behind its back", async () => {
    const { publicClient } = await devClients(anvil.rpcUrl, 1);
    for (let i = 0; i < 20; i++) {
      const before = await publicClient.getBlockNumber();
      // Mine through a raw request, as another process or client would.
      await fetch(anvil.rpcUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "evm_mine", params: [] }),
      });
      expect(await publicClient.getBlockNumber()).toBe(before + 1n);
    }
  });
});

describe("startAnvil", () => {
  it("refuses a port another node holds instead of handing back that node's chain", async () => {
    await expect(startAnvil({ port: anvil.port })).rejects.toThrow(/already in use/);
  });

  it("without a port, starts a chain of its own beside another", async () => {
    const other = await startAnvil();
    try {
      expect(other.port).not.toBe(anvil.port);
      const { publicClient } = await devClients(other.rpcUrl, 1);
      const before = await (await devClients(anvil.rpcUrl, 1)).publicClient.getBlockNumber();
      await fetch(other.rpcUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "evm_mine", params: [] }),
      });
      expect(await publicClient.getBlockNumber()).toBe(1n);
      expect(await (await devClients(anvil.rpcUrl, 1)).publicClient.getBlockNumber()).toBe(before);
    } finally {
      await other.stop();
    }
  });
});
