// Entitlements of a record-date distribution from the index (entitlementsAt, resolveRecordDate), on PGlite and
// PostgreSQL: a small indexed history written directly (Asset, Investor, Transfer, Holding, IndexerCursor rows) with
// known answers: an identity's two wallets summed, a wallet that transferred after the record date counted at it, the
// treasury excluded, pro rata by largest remainder, rate per unit, withholding by country, frozen tokens, refusals.
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPool, EntitlementError, entitlementsAt, resolveRecordDate, type EntitlementRow, type EntitlementsInput } from "../src/index.ts";
import { backends, type TestDatabase } from "../src/testing.ts";

const CHAIN = 31337;
const ZERO = "0x0000000000000000000000000000000000000000";
const addr = (n: number) => `0x${n.toString(16).padStart(40, "0")}`;
const TOKEN = addr(0x70);
const OTHER_TOKEN = addr(0x71);
const REGISTRY = addr(0x7e);
// Holder keys in identity order: A < B < C < U (U is a wallet without a record: its own key).
const ID_A = addr(0x0a);
const ID_B = addr(0x0b);
const ID_C = addr(0x0c);
const A1 = addr(0xa1);
const A2 = addr(0xa2);
const B1 = addr(0xb1);
const C1 = addr(0xc1);
const U = addr(0xd1);
const TREASURY = addr(0xee);
const UNIT = 10n ** 18n;
const T0 = Date.parse("2026-03-02T00:00:00Z");
/** Block times: 12 s per block from T0 at block 0. */
const timeOf = (block: number) => new Date(T0 + block * 12_000);
const RECORD_BLOCK = 12;
const HEAD = 14;

/** Reads a stream to the end. */
async function all(gen: AsyncIterable<EntitlementRow>): Promise<EntitlementRow[]> {
  const out: EntitlementRow[] = [];
  for await (const r of gen) out.push(r);
  return out;
}

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(EntitlementError);
    return { code: (err as EntitlementError).code, message: (err as Error).message };
  }
  throw new Error("expected a refusal");
}

describe.each(backends())("entitlements from the index on $name", (backend) => {
  let db: TestDatabase;
  let pool: pg.Pool;
  const base = { chainId: CHAIN, token: TOKEN, block: RECORD_BLOCK, excluded: [TREASURY] } satisfies Partial<EntitlementsInput>;

  beforeAll(async () => {
    db = await backend.createMigrated();
    pool = createPool(db.url, { poolSize: 2 });
    const asset = (token: string) =>
      pool.query(
        `INSERT INTO "Asset" ("chainId", "token", "issuer", "compliance", "identityRegistry", "name", "symbol", "decimals",
           "assetClass", "totalSupply", "allowedCountries", "maxHolders", "maxBalance", "deployedBlock", "deployedTxHash", "deployedAt")
         VALUES ($1, $2, $3, $3, $4, 'Fund', 'FND', 18, 0, 0, '{}', 0, 0, 1, $5, $6)`,
        [CHAIN, token, TREASURY, REGISTRY, `0x${"00".repeat(32)}`, timeOf(1).toISOString().slice(0, -1)],
      );
    await asset(TOKEN);
    await asset(OTHER_TOKEN);
    for (const [wallet, identity, country] of [
      [A1, ID_A, 250],
      [A2, ID_A, 250],
      [B1, ID_B, 840],
      [C1, ID_C, 276],
    ] as const) {
      await pool.query(
        `INSERT INTO "Investor" ("chainId", "identityRegistry", "wallet", "identity", "country", "registered", "registeredBlock", "updatedBlock")
         VALUES ($1, $2, $3, $4, $5, true, 1, 1)`,
        [CHAIN, REGISTRY, wallet, identity, country],
      );
    }
    let log = 0;
    const move = (block: number, from: string, to: string, tokens: bigint, token = TOKEN) =>
      pool.query(
        `INSERT INTO "Transfer" ("chainId", "blockNumber", "logIndex", "txHash", "token", "from", "to", "amount", "kind", "blockTime")
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::"TransferKind", $10)`,
        [CHAIN, block, log++, `0x${log.toString(16).padStart(64, "0")}`, token, from, to, (tokens * UNIT).toString(), from === ZERO ? "mint" : "transfer", timeOf(block).toISOString().slice(0, -1)],
      );
    await move(10, ZERO, TREASURY, 1000n);
    await move(10, ZERO, A1, 30n);
    await move(10, ZERO, B1, 20n);
    await move(10, ZERO, B1, 99n, OTHER_TOKEN); // another asset: never counted
    await move(11, A1, A2, 10n); // A: 20 + 10 over two wallets
    await move(11, ZERO, C1, 40n);
    await move(11, ZERO, U, 10n);
    await move(RECORD_BLOCK, TREASURY, U, 5n); // at the record date: A 30, B 20, C 40, U 15, treasury 995
    await move(13, B1, C1, 20n); // after it: B sold everything, A2 sent to the treasury
    await move(13, A2, TREASURY, 10n);
    // Freezes as indexed now (Holding): 5 of A1's tokens, C1's whole wallet.
    for (const [wallet, balance, frozen, frozenAmount] of [
      [A1, 20n, false, 5n],
      [C1, 60n, true, 0n],
    ] as const) {
      await pool.query(
        `INSERT INTO "Holding" ("chainId", "token", "wallet", "balance", "frozen", "frozenAmount", "updatedBlock") VALUES ($1, $2, $3, $4, $5, $6, 13)`,
        [CHAIN, TOKEN, wallet, (balance * UNIT).toString(), frozen, (frozenAmount * UNIT).toString()],
      );
    }
    await pool.query(
      `INSERT INTO "IndexerCursor" ("chainId", "lastBlock", "lastBlockHash", "updatedAt") VALUES ($1, $2, $3, now() AT TIME ZONE 'UTC')`,
      [CHAIN, HEAD, `0x${"11".repeat(32)}`],
    );
  });
  afterAll(async () => {
    await pool?.end();
    await db?.dispose();
  });

  it("pro rata: units at the record date per identity (two wallets summed, a later seller counted), largest remainder adds up to the total", async () => {
    // Units 30, 20, 40, 15 of 105: floors of 1000 × u / 105 are 285, 190, 380, 142 (997); the 3 left go to the
    // largest remainders 100 (C), 90 (U), 75 (A).
    const rows = await all(entitlementsAt(pool, { ...base, totalAmount: 1000n }));
    expect(rows.map((r) => [r.index, r.identity, r.wallet, r.country, r.units, r.gross])).toEqual([
      [0, ID_A, A1, 250, 30n * UNIT, 286n],
      [1, ID_B, B1, 840, 20n * UNIT, 190n],
      [2, ID_C, C1, 276, 40n * UNIT, 381n],
      [3, U, U, 0, 15n * UNIT, 143n],
    ]);
    expect(rows.reduce((s, r) => s + r.gross, 0n)).toBe(1000n);
    expect(rows.every((r) => r.withholding === 0n && r.net === r.gross)).toBe(true);
  });

  it("withholding by the identity's country (bps, rounded down); net = gross − withholding", async () => {
    const rows = await all(entitlementsAt(pool, { ...base, totalAmount: 1000n, withholdingBps: { 250: 3000, 276: 1000 } }));
    expect(rows.map((r) => [r.country, r.gross, r.withholding, r.net])).toEqual([
      [250, 286n, 85n, 201n], // 85.8
      [840, 190n, 0n, 190n],
      [276, 381n, 38n, 343n], // 38.1
      [0, 143n, 0n, 143n],
    ]);
  });

  it("rate per unit (payment base units per whole token); the treasury counts when not excluded", async () => {
    const rows = await all(entitlementsAt(pool, { chainId: CHAIN, token: TOKEN, block: RECORD_BLOCK, ratePerUnit: 2_500_000n }));
    expect(rows.map((r) => [r.identity, r.gross])).toEqual([
      [ID_A, 75_000_000n],
      [ID_B, 50_000_000n],
      [ID_C, 100_000_000n],
      [U, 37_500_000n],
      [TREASURY, 2_487_500_000n],
    ]);
  });

  it("after the record date the seller is gone and the buyer holds more (block 13)", async () => {
    const rows = await all(entitlementsAt(pool, { ...base, block: 13, ratePerUnit: UNIT }));
    expect(rows.map((r) => [r.identity, r.wallet, r.units])).toEqual([
      [ID_A, A1, 20n * UNIT],
      [ID_C, C1, 60n * UNIT],
      [U, U, 15n * UNIT],
    ]);
  });

  it("excluding an identity removes all its wallets; excluding one wallet keeps the identity's others", async () => {
    const noA = await all(entitlementsAt(pool, { ...base, excluded: [TREASURY, ID_A], ratePerUnit: UNIT }));
    expect(noA.map((r) => r.identity)).toEqual([ID_B, ID_C, U]);
    const noA1 = await all(entitlementsAt(pool, { ...base, excluded: [TREASURY.toUpperCase().replace("0X", "0x"), A1], ratePerUnit: UNIT }));
    expect(noA1[0]).toMatchObject({ index: 0, identity: ID_A, wallet: A2, units: 10n * UNIT });
  });

  it("without frozen tokens: the tokens frozen at the indexed head come off (A1: 5 of 20), a frozen wallet counts 0", async () => {
    const rows = await all(entitlementsAt(pool, { ...base, ratePerUnit: UNIT, includeFrozen: false }));
    expect(rows.map((r) => [r.index, r.identity, r.units])).toEqual([
      [0, ID_A, 25n * UNIT],
      [1, ID_B, 20n * UNIT],
      [2, U, 15n * UNIT],
    ]);
  });

  it("streams in batches: the same rows with a batch of 1 and 3; breaking out releases the connection", async () => {
    const expected = await all(entitlementsAt(pool, { ...base, totalAmount: 1000n }));
    expect(await all(entitlementsAt(pool, { ...base, totalAmount: 1000n, batchSize: 1 }))).toEqual(expected);
    expect(await all(entitlementsAt(pool, { ...base, totalAmount: 1000n, batchSize: 3 }))).toEqual(expected);
    for (let i = 0; i < 3; i++) {
      for await (const r of entitlementsAt(pool, { ...base, totalAmount: 1000n, batchSize: 1 })) {
        expect(r.index).toBe(0);
        break;
      }
    }
    // Both pooled connections are free again: two concurrent streams finish.
    const [x, y] = await Promise.all([all(entitlementsAt(pool, { ...base, totalAmount: 1000n })), all(entitlementsAt(pool, { ...base, totalAmount: 1000n }))]);
    expect(x).toEqual(expected);
    expect(y).toEqual(expected);
  });

  it("a record date as a time resolves to the last indexed transfer at or before it", async () => {
    expect(await resolveRecordDate(pool, { chainId: CHAIN, token: TOKEN, time: new Date(timeOf(RECORD_BLOCK).getTime() + 5_000) })).toEqual({
      block: BigInt(RECORD_BLOCK),
      head: BigInt(HEAD),
      decimals: 18,
    });
    const byTime = await all(entitlementsAt(pool, { ...base, block: undefined, time: timeOf(RECORD_BLOCK), totalAmount: 1000n }));
    expect(byTime).toEqual(await all(entitlementsAt(pool, { ...base, totalAmount: 1000n })));
    // Before the asset's first transfer nobody holds anything.
    expect((await resolveRecordDate(pool, { chainId: CHAIN, token: TOKEN, time: timeOf(5) })).block).toBe(0n);
    expect(await refusal(all(entitlementsAt(pool, { ...base, block: undefined, time: timeOf(5), totalAmount: 1n })))).toMatchObject({
      code: "NO_HOLDERS",
    });
  });

  it("refuses a record date in the future: a block after the indexed head, a time after the clock and the chain", async () => {
    expect(await refusal(all(entitlementsAt(pool, { ...base, block: HEAD + 1, totalAmount: 1n })))).toEqual({
      code: "RECORD_DATE_IN_FUTURE",
      message: `the record date (block ${HEAD + 1}) is after the indexed head (block ${HEAD})`,
    });
    expect((await all(entitlementsAt(pool, { ...base, block: HEAD, totalAmount: 1n }))).length).toBe(1);
    const future = new Date(Date.now() + 3_600_000);
    expect(await refusal(resolveRecordDate(pool, { chainId: CHAIN, token: TOKEN, time: future }))).toMatchObject({
      code: "RECORD_DATE_IN_FUTURE",
      message: expect.stringContaining("is in the future"),
    });
  });

  it("refuses invalid input synchronously, before any query, with the field named", () => {
    const bad: [EntitlementsInput, RegExp][] = [
      [{ ...base, totalAmount: 1n, ratePerUnit: 1n }, /exactly one of totalAmount/],
      [{ ...base }, /exactly one of totalAmount/],
      [{ ...base, time: new Date(), totalAmount: 1n }, /exactly one of block or time/],
      [{ ...base, totalAmount: 0n }, /totalAmount/],
      [{ ...base, totalAmount: 1n, withholdingBps: { 250: 10_001 } }, /withholdingBps/],
      [{ ...base, totalAmount: 1n, excluded: ["0xnope"] }, /excluded.0: not a valid address/],
      [{ ...base, token: "token", totalAmount: 1n }, /token: not a valid address/],
      [{ ...base, block: -1, totalAmount: 1n }, /block/],
    ];
    for (const [input, message] of bad) {
      let thrown: unknown;
      try {
        entitlementsAt(pool, input);
      } catch (err) {
        thrown = err;
      }
      expect(thrown, String(message)).toBeInstanceOf(EntitlementError);
      expect((thrown as EntitlementError).code).toBe("INVALID_INPUT");
      expect((thrown as Error).message).toMatch(message);
    }
  });

  it("refuses an unknown asset, an unindexed chain, and a halted indexer", async () => {
    expect(await refusal(all(entitlementsAt(pool, { ...base, token: addr(0x99), totalAmount: 1n })))).toMatchObject({ code: "UNKNOWN_ASSET" });
    expect(await refusal(all(entitlementsAt(pool, { ...base, chainId: 5, totalAmount: 1n })))).toMatchObject({ code: "NOT_INDEXED" });
    await pool.query(`UPDATE "IndexerCursor" SET "haltedReason" = 'reorg deeper than the journal' WHERE "chainId" = $1`, [CHAIN]);
    try {
      expect(await refusal(all(entitlementsAt(pool, { ...base, totalAmount: 1n })))).toMatchObject({
        code: "INDEXER_HALTED",
        message: expect.stringContaining("reorg deeper than the journal"),
      });
    } finally {
      await pool.query(`UPDATE "IndexerCursor" SET "haltedReason" = NULL WHERE "chainId" = $1`, [CHAIN]);
    }
  });
});
