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
