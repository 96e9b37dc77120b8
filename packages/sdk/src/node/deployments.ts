/**
 * `deployments/<chainId>.json` on disk: the one reader ({@link readDeployments}, checked by `deploymentsSchema`
 * through `parseDeployments`) and the writer. The browser-safe half is `parseDeployments` of `@tessera/sdk`.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Deployments } from "@tessera/contracts";
import { parseDeployments } from "../schemas";

/**
 * Where the deployments of `chainId` live in `dir`: `<dir>/<chainId>.json`.
 * @param dir The deployments folder (DEPLOYMENTS_DIR), absolute or relative to the working directory.
 */
export function deploymentsFilePath(dir: string, chainId: number): string {
  return path.join(dir, `${chainId}.json`);
}

/**
 * Writes `<dir>/<chainId>.json` atomically (temporary file, then rename).
 * @returns The file path.
 */
export function writeDeployments(dir: string, d: Deployments): string {
  mkdirSync(dir, { recursive: true });
  const file = deploymentsFilePath(dir, d.chainId);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(d, null, 2)}\n`);
  renameSync(tmp, file);
  return file;
}

/**
 * Reads `<dir>/<chainId>.json`, checked by `deploymentsSchema` (ARCHITECTURE.md, "Deployments file").
 * @returns The deployments, or null when the file does not exist.
 * @throws TesseraError InvalidDeployments naming the file and the problem (not JSON, the first schema issue such as
 *   "modules.maxHolders: not a valid address", or a file for another chain); the read error when the file exists but
 *   cannot be read.
 */
export function readDeployments(dir: string, chainId: number): Deployments | null {
  const file = deploymentsFilePath(dir, chainId);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
  return parseDeployments(text, { chainId, source: file });
}
