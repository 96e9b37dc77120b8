import { afterAll, beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { waitForIndexer } from "@tessera/db";
import { createPgliteDatabase, type TestDatabase } from "@tessera/db/testing";

// `npm start` and the e2e setup wait for the indexer to reach the head: on a halted chain (a reorg deeper than the
// indexer's journal) the wait must fail at once with the indexer's reason, not sit out its whole timeout.
let db: TestDatabase;

beforeAll(async () => {
  db = await createPgliteDatabase({ migrated: true });
});
afterAll(async () => {
  await db?.dispose();
});

async function setCursor(lastBlock: number, haltedReason: string | null) {
  const c = new pg.Client({ connectionString: db.url });
  await c.connect();
  try {
    await c.query(
      `INSERT INTO "IndexerCursor" ("chainId", "lastBlock", "lastBlockHash", "haltedReason", "updatedAt")
       VALUES (1, $1, '0x00', $2, now())
       ON CONFLICT ("chainId") DO UPDATE SET "lastBlock" = EXCLUDED."lastBlock", "haltedReason" = EXCLUDED."haltedReason"`,
      [lastBlock, haltedReason],
    );
  } finally {
    await c.end();
  }
}

describe("waitForIndexer", () => {
  it("resolves once the cursor has reached the block", async () => {
    await setCursor(12, null);
    await expect(waitForIndexer(db.url, 1, 12n, 60_000)).resolves.toBeUndefined();
  });

  it("fails at once with the reason when the indexer halted below the block", async () => {
    await setCursor(12, "reorg deeper than the journal at block 10");
    // A timeout far beyond the test's own: only the halt can end this wait in time.
    await expect(waitForIndexer(db.url, 1, 20n, 3_600_000)).rejects.toThrow(/halted: reorg deeper than the journal at block 10/);
  });
});
