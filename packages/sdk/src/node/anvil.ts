/**
 * anvil for tests and `npm start`: start one on a free (or given) port, probe ports, read the block number.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (packages/sdk/src/node -> ../../../..). */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");

/** A running anvil. */
export type AnvilHandle = { rpcUrl: string; port: number; stop: () => Promise<void> };

/** The anvil binary: the platform package's native binary when present (so stop() reaches it), else the npm shim. */
function anvilBinary(): string {
  const arch = process.arch === "x64" ? "amd64" : process.arch;
  const native = path.join(repoRoot, "node_modules/@foundry-rs", `anvil-${process.platform}-${arch}`, "bin", "anvil");
  if (existsSync(native)) return native;
  return path.join(repoRoot, "node_modules/.bin/anvil");
}

/** A TCP port free on 127.0.0.1 right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** One JSON-RPC call over HTTP (no client: used before a chain is known). */
export async function rpc<T>(rpcUrl: string, method: string, params: unknown[] = []): Promise<T> {
  const res = await fetch(rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = (await res.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

/**
 * Starts anvil on 127.0.0.1 and waits until it answers `eth_chainId`.
 * @param opts.port TCP port; a free one when omitted.
 * @param opts.statePath Load the chain from this file at start and save it there on stop (`--state`).
 * @param opts.chainId Chain id (anvil's default 31337 when omitted).
 * @returns The RPC URL, the port and `stop()` (SIGTERM, waits for exit so the state is written).
 */
export async function startAnvil(opts: { port?: number; statePath?: string; chainId?: number } = {}): Promise<AnvilHandle> {
  // Without a port: one the OS hands out, retried if another process takes it before anvil binds it.
  for (let attempt = 0; ; attempt++) {
    try {
      return await startAnvilOn(opts.port ?? (await freePort()), opts);
    } catch (err) {
      if (opts.port !== undefined || attempt >= 5 || !(err instanceof PortInUseError)) throw err;
    }
  }
}

/** The port asked for is taken: another anvil or service answers there. */
export class PortInUseError extends Error {}

/**
 * Resolves when nothing listens on `port` of 127.0.0.1 (one probe listen, closed at once).
 * @param what What the port is for, named in the error (e.g. "the web app (npm start: WEB_PORT)").
 * @throws PortInUseError when something listens there; the listen error otherwise
 */
export async function assertPortFree(port: number, what?: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.once("error", (err: NodeJS.ErrnoException) =>
      reject(
        err.code === "EADDRINUSE"
          ? new PortInUseError(
              `port ${port}${what ? ` for ${what}` : ""} is already in use on 127.0.0.1 (another anvil or npm start?): choose another port`,
            )
          : err,
      ),
    );
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve()));
  });
}

async function startAnvilOn(port: number, opts: { statePath?: string; chainId?: number }): Promise<AnvilHandle> {
  // A taken port must fail here: anvil would exit on it, but only after the readiness check below had reached the
  // other node, handing the caller someone else's chain (tests then failed in ways that named nothing).
  await assertPortFree(port);
  // 12 dev accounts: anvil's usual 10 (the apps and journeys use 0-9) and two more, the local relayer's among them.
  const args = ["--host", "127.0.0.1", "--port", String(port), "--silent", "--accounts", "12"];
  if (opts.chainId !== undefined) args.push("--chain-id", String(opts.chainId));
  if (opts.statePath) {
    mkdirSync(path.dirname(opts.statePath), { recursive: true });
    args.push("--state", opts.statePath);
  }
  const child: ChildProcess = spawn(anvilBinary(), args, { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  let exited = false;
  const exitPromise = new Promise<void>((resolve) => {
    child.once("exit", () => {
      exited = true;
      resolve();
    });
  });

  const rpcUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) {
      const message = `anvil exited before answering on port ${port}: ${stderr.trim()}`;
      throw /address already in use|AddrInUse/i.test(stderr) ? new PortInUseError(message) : new Error(message);
    }
    try {
      await rpc<string>(rpcUrl, "eth_chainId");
      // An answer from our child only: if it exited meanwhile (lost the port to another process), go round again.
      if (exited) continue;
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new Error(`anvil did not answer on ${rpcUrl} within 30 s: ${stderr.trim()}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const stop = async () => {
    if (exited) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exitPromise;
    clearTimeout(timer);
  };
  return { rpcUrl, port, stop };
}

/**
 * The current block number of a node.
 * @param rpcUrl The node's JSON-RPC URL.
 */
export async function blockNumber(rpcUrl: string): Promise<bigint> {
  return BigInt(await rpc<string>(rpcUrl, "eth_blockNumber"));
}
