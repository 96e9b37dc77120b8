/**
 * The relayer's cursor file, `<dataDir>/relayer-cursor.json`: per source chain, the last block whose every message is
 * settled (delivered, or known not to need delivery), with that block's hash and the Mailbox it was read from. Written
 * atomically (temporary file, then rename): a crash leaves the previous or the new file, never a torn one.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

/** One source chain's cursor. */
export interface ChainCursor {
  /** Last settled block number. */
  block: bigint;
  /** That block's hash when it was settled (a restart checks it is still canonical). */
  hash: `0x${string}`;
  /** The source Mailbox (a redeployed chain starts again from its deployments' startBlock). */
  mailbox: `0x${string}`;
}

const fileSchema = z.object({
  version: z.literal(1),
  chains: z.record(
    z.string().regex(/^\d+$/),
    z.object({
      block: z.string().regex(/^\d+$/),
      hash: z.string().regex(/^0x[0-9a-fA-F]{64}$/),
      mailbox: z.string().regex(/^0x[0-9a-fA-F]{40}$/),
    }),
  ),
});

/** The cursor file's path in `dataDir`. */
export function cursorFilePath(dataDir: string): string {
  return path.join(dataDir, "relayer-cursor.json");
}

/**
 * Reads the cursors.
 * @returns Chain id -> cursor; empty when the file does not exist.
 * @throws Error naming the file when it is not a valid cursor file (the relayer refuses to guess where to resume).
 */
export function readCursors(dataDir: string): Map<number, ChainCursor> {
  const file = cursorFilePath(dataDir);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return new Map();
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${file} is not JSON: delete it to rescan every chain from its deployments' startBlock`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) throw new Error(`${file} is not a relayer cursor file (${parsed.error.issues[0]?.message}): delete it to rescan`);
  return new Map(
    Object.entries(parsed.data.chains).map(([id, c]) => [
      Number(id),
      { block: BigInt(c.block), hash: c.hash as `0x${string}`, mailbox: c.mailbox as `0x${string}` },
    ]),
  );
}

/** Writes every cursor atomically (temporary file in the same folder, then rename). */
export function writeCursors(dataDir: string, cursors: Map<number, ChainCursor>): void {
  mkdirSync(dataDir, { recursive: true });
  const file = cursorFilePath(dataDir);
  const body = {
    version: 1,
    chains: Object.fromEntries([...cursors].map(([id, c]) => [String(id), { block: c.block.toString(), hash: c.hash, mailbox: c.mailbox }])),
  };
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(body, null, 2)}\n`);
  renameSync(tmp, file);
}
