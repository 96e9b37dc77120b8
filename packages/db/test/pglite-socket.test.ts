// The embedded PGlite served over the wire (startPgliteServer) under concurrent clients: each connection's
// extended-protocol sequence (Parse/Bind/Describe/Execute ... Sync) must reach PGlite's single backend unbroken, and a
// connection's open transaction must keep the others out until it ends.
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPgliteServer, type PgliteServer } from "../src/index.ts";

let server: PgliteServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "tessera-pglite-socket-"));
  for (let port = 55500 + Math.floor(Math.random() * 20); ; port++) {
    try {
      server = await startPgliteServer({ dataDir, port });
      break;
    } catch (err) {
      if (port >= 55549 || !String(err).includes("EADDRINUSE")) throw err;
    }
  }
  const c = new pg.Client({ connectionString: server.url });
  await c.connect();
  await c.query(`CREATE TABLE kv (id int PRIMARY KEY, a int NOT NULL, b text NOT NULL, c int NOT NULL)`);
  await c.query(`CREATE TABLE counter (id int PRIMARY KEY, n int NOT NULL)`);
  await c.query(`INSERT INTO counter VALUES (1, 0)`);
  await c.end();
});

afterAll(async () => {
  await server?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("PGlite socket server under concurrent connections", () => {
  it("keeps each connection's parameterized queries intact (a pool of 5, queries with 1, 2 and 3 parameters)", async () => {
    const pool = new pg.Pool({ connectionString: server.url, max: 5 });
    try {
      const jobs: Promise<void>[] = [];
      for (let i = 0; i < 300; i++) {
        const kind = i % 3;
        jobs.push(
          (async () => {
            if (kind === 0) {
              const r = await pool.query<{ x: number }>(`SELECT $1::int AS x`, [i]);
              expect(r.rows[0]!.x).toBe(i);
            } else if (i % 10 === 1) {
              // A Bind message larger than a TCP read: the connection's sequence reaches the server in several chunks.
              const big = "x".repeat(200_000 + i);
              const r = await pool.query<{ n: number; x: number }>(`SELECT length($1::text) AS n, $2::int AS x`, [big, i]);
              expect(r.rows[0]).toEqual({ n: big.length, x: i });
            } else if (kind === 1) {
              const r = await pool.query<{ x: number; y: string }>(`SELECT $1::int AS x, $2::text AS y`, [i, `v${i}`]);
              expect(r.rows[0]).toEqual({ x: i, y: `v${i}` });
            } else {
              await pool.query(`INSERT INTO kv (id, a, b, c) VALUES ($1, $2, $3, $2 + 1)`, [i, i * 2, `row ${i}`]);
            }
          })(),
        );
      }
      const results = await Promise.allSettled(jobs);
      const failures = results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason).slice(0, 160));
      expect(failures).toEqual([]);
      const { rows } = await pool.query<{ n: string; s: string }>(`SELECT count(*)::text AS n, sum(a)::text AS s FROM kv`);
      const ids = Array.from({ length: 300 }, (_, i) => i).filter((i) => i % 3 === 2 && i % 10 !== 1);
      expect(rows[0]).toEqual({ n: String(ids.length), s: String(ids.reduce((s, i) => s + 2 * i, 0)) });
    } finally {
      await pool.end();
    }
  });

  it("keeps an open transaction exclusive: read-modify-write increments from 5 connections lose no update", async () => {
    const pool = new pg.Pool({ connectionString: server.url, max: 5 });
    try {
      const increments = 100;
      const failures: string[] = [];
      await Promise.all(
        Array.from({ length: increments }, async (_, i) => {
          const client = await pool.connect();
          try {
            await client.query("BEGIN");
            const { rows } = await client.query<{ n: number }>(`SELECT n FROM counter WHERE id = $1`, [1]);
            // Yield between the read and the write, so another connection would get in if the transaction were not exclusive.
            await new Promise((r) => setTimeout(r, i % 4));
            await client.query(`UPDATE counter SET n = $1 WHERE id = $2`, [rows[0]!.n + 1, 1]);
            await client.query("COMMIT");
          } catch (err) {
            failures.push(String(err));
            await client.query("ROLLBACK").catch(() => {});
          } finally {
            client.release();
          }
        }),
      );
      expect(failures).toEqual([]);
      const { rows } = await pool.query<{ n: number }>(`SELECT n FROM counter WHERE id = 1`);
      expect(rows[0]!.n).toBe(increments);
    } finally {
      await pool.end();
    }
  });

  it("an error in one connection's sequence does not leak into another's (failed statements, then clean ones)", async () => {
    const pool = new pg.Pool({ connectionString: server.url, max: 5 });
    try {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 120 }, (_, i) =>
          i % 2 === 0
            ? // division by zero in the Execute step, some with a Bind larger than a TCP read
              pool.query(`SELECT 1 / ($1::int - $1::int) AS boom, length($2::text) AS n`, [i, "y".repeat(i % 4 === 0 ? 150_000 : 1)])
            : pool.query<{ x: string }>(`SELECT $1::text || $2::text AS x`, [`a${i}`, `b${i}`]).then((r) => r.rows[0]!.x),
        ),
      );
      outcomes.forEach((o, i) => {
        if (i % 2 === 0) {
          expect(o.status).toBe("rejected");
          expect(String((o as PromiseRejectedResult).reason)).toMatch(/division by zero/);
        } else {
          expect(o).toEqual({ status: "fulfilled", value: `a${i}b${i}` });
        }
      });
    } finally {
      await pool.end();
    }
  });

  it("a client that disconnects inside a transaction leaves nothing behind and does not block the others", async () => {
    const quitter = new pg.Client({ connectionString: server.url });
    quitter.on("error", () => {});
    await quitter.connect();
    await quitter.query("BEGIN");
    await quitter.query(`INSERT INTO kv (id, a, b, c) VALUES ($1, 0, 'uncommitted', 0)`, [100_000]);
    // Another client connects and queries meanwhile: it waits for the transaction (its startup included).
    const other = new pg.Client({ connectionString: server.url });
    const waiting = other
      .connect()
      .then(() => other.query<{ n: string }>(`SELECT count(*)::text AS n FROM kv WHERE id = $1`, [100_000]));
    await new Promise((r) => setTimeout(r, 100));
    // Drop the socket without COMMIT or ROLLBACK (as a crashed process would).
    (quitter as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
    const { rows } = await waiting;
    expect(rows[0]!.n).toBe("0");
    await other.end();
  });
});

describe("PGlite socket server: a client that vanishes mid-sequence", () => {
  it("its executed but unsynced INSERT is rolled back, and the next connections are served", async () => {
    const quitter = new pg.Client({ connectionString: server.url });
    quitter.on("error", () => {});
    await quitter.connect();
    // Parse/Bind/Execute of an INSERT with Flush instead of Sync (what pg-cursor does), then the socket drops.
    type RawConnection = {
      parse(m: { text: string; types: number[] }): void;
      bind(m: { values: unknown[] }): void;
      execute(m: { rows: number }): void;
      flush(): void;
      once(event: string, cb: () => void): void;
      stream: { destroy(): void };
    };
    const conn = (quitter as unknown as { connection: RawConnection }).connection;
    const executed = new Promise<void>((resolve) => conn.once("commandComplete", resolve));
    conn.parse({ text: `INSERT INTO kv (id, a, b, c) VALUES ($1, 1, 'unsynced', 1)`, types: [] });
    conn.bind({ values: ["200000"] });
    conn.execute({ rows: 0 });
    conn.flush();
    await executed;
    conn.stream.destroy();
    const other = new pg.Client({ connectionString: server.url });
    await other.connect();
    const { rows } = await other.query<{ n: string }>(`SELECT count(*)::text AS n FROM kv WHERE id = $1`, [200_000]);
    expect(rows[0]!.n).toBe("0");
    await other.query(`INSERT INTO kv (id, a, b, c) VALUES ($1, 1, 'after', 1)`, [200_001]);
    const after = await other.query<{ b: string }>(`SELECT b FROM kv WHERE id = $1`, [200_001]);
    expect(after.rows).toEqual([{ b: "after" }]);
    await other.end();
  });
});

describe("PGlite socket server: COPY", () => {
  it("takes COPY FROM STDIN (text) while other connections query, and rejects a bad row with PostgreSQL's error", async () => {
    const c = new pg.Client({ connectionString: server.url });
    await c.connect();
    const pool = new pg.Pool({ connectionString: server.url, max: 4 });
    try {
      await c.query(`CREATE TABLE copied (a int PRIMARY KEY, b text NOT NULL)`);
      const chunks = Array.from({ length: 20 }, (_, k) =>
        Buffer.from(Array.from({ length: 1000 }, (_, i) => `${k * 1000 + i}\trow ${k * 1000 + i}\n`).join("")),
      );
      // Other connections' parameterized queries run meanwhile and must neither break the COPY nor be broken by it.
      const others = Promise.all(
        Array.from({ length: 60 }, (_, i) => pool.query<{ x: number }>(`SELECT $1::int + $2::int AS x`, [i, 1]).then((r) => r.rows[0]!.x)),
      );
      await pipeline(Readable.from(chunks), c.query(copyFrom(`COPY copied (a, b) FROM STDIN`)));
      expect(await others).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      const { rows } = await c.query<{ n: number; s: string }>(`SELECT count(*)::int AS n, sum(a)::text AS s FROM copied`);
      expect(rows[0]).toEqual({ n: 20_000, s: String((19_999 * 20_000) / 2) });

      await expect(
        pipeline(Readable.from([Buffer.from("20000\tok\nnot-a-number\tbad\n")]), c.query(copyFrom(`COPY copied (a, b) FROM STDIN`))),
      ).rejects.toThrow(/invalid input syntax for type integer/);
      const after = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM copied`);
      expect(after.rows[0]!.n).toBe(20_000); // nothing of the failed COPY landed

      // Inside a transaction: rolled back with it.
      await c.query("BEGIN");
      await pipeline(Readable.from([Buffer.from("-1\tin a transaction\n")]), c.query(copyFrom(`COPY copied (a, b) FROM STDIN`)));
      await c.query("ROLLBACK");
      expect((await c.query(`SELECT count(*)::int AS n FROM copied WHERE a = -1`)).rows[0].n).toBe(0);

      // A client that vanishes mid-COPY: nothing of it lands, and the next connections are served.
      const quitter = new pg.Client({ connectionString: server.url });
      quitter.on("error", () => {});
      await quitter.connect();
      const stream = quitter.query(copyFrom(`COPY copied (a, b) FROM STDIN`));
      stream.on("error", () => {});
      stream.write(Buffer.from("-2\tcut short\n"));
      await new Promise((r) => setTimeout(r, 100));
      (quitter as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
      expect((await pool.query(`SELECT count(*)::int AS n FROM copied WHERE a = $1`, [-2])).rows[0].n).toBe(0);

      let out = "";
      for await (const chunk of c.query(copyTo(`COPY (SELECT a, b FROM copied WHERE a < 3 ORDER BY a) TO STDOUT`))) out += String(chunk);
      expect(out).toBe("0\trow 0\n1\trow 1\n2\trow 2\n");
    } finally {
      await pool.end();
      await c.end();
    }
  });
});

describe("PGlite socket server: a malformed message", () => {
  it("answers an unknown message type with FATAL 08P01 and keeps serving every connection (PGlite alone would hang)", async () => {
    const other = new pg.Client({ connectionString: server.url });
    await other.connect();
    const sock = connect(Number(new URL(server.url).port), "127.0.0.1");
    let received = Buffer.alloc(0);
    sock.on("data", (d: Buffer) => (received = Buffer.concat([received, d])));
    sock.on("error", () => {});
    await new Promise((r) => sock.once("connect", r));
    const params = Buffer.from("user\0postgres\0database\0postgres\0\0");
    const startup = Buffer.alloc(8);
    startup.writeInt32BE(8 + params.length, 0);
    startup.writeInt32BE(196608, 4); // protocol 3.0
    sock.write(Buffer.concat([startup, params]));
    const until = async (text: string) => {
      for (let i = 0; i < 100 && !received.toString("latin1").includes(text); i++) await new Promise((r) => setTimeout(r, 50));
      return received.toString("latin1");
    };
    expect(await until("standard_conforming_strings")).toContain("standard_conforming_strings");
    sock.write(Buffer.from([0x7a, 0, 0, 0, 4])); // type 'z': no such frontend message
    expect(await until("08P01")).toContain("invalid frontend message type 122");
    sock.destroy();
    const { rows } = await other.query<{ x: number }>(`SELECT $1::int AS x`, [7]);
    expect(rows).toEqual([{ x: 7 }]);
    await other.end();
  });
});

describe("PGlite socket server: the database closed under its clients", () => {
  it("answers FATAL 57P01 instead of leaving queries unanswered (or crashing the process), and stop() still resolves", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tessera-pglite-closed-"));
    let other: PgliteServer | undefined;
    for (let port = 55540 + Math.floor(Math.random() * 5); !other; port++) {
      try {
        other = await startPgliteServer({ dataDir: dir, port });
      } catch (err) {
        if (port >= 55549 || !String(err).includes("EADDRINUSE")) throw err;
      }
    }
    try {
      const client = new pg.Client({ connectionString: other.url });
      client.on("error", () => {});
      await client.connect();
      await other.db.close(); // as when the owning process shuts PGlite down while a client is still connected
      await expect(client.query(`SELECT $1::int AS x`, [1])).rejects.toMatchObject({ code: "57P01" });
      const late = new pg.Client({ connectionString: other.url });
      late.on("error", () => {});
      await expect(late.connect()).rejects.toThrow(/embedded database is closed/);
      await other.stop();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
