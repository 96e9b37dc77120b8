/**
 * Child-process supervision for `npm start` and the e2e setup: start services with prefixed logs,
 * wait until they answer, and stop them all in reverse order on Ctrl-C.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

/** A started child service. */
export interface Service {
  name: string;
  child: ChildProcess;
  /** Sends SIGTERM (then SIGKILL after `graceMs`) to the service's process group and waits for it to exit. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Spawns `command args` in its own process group. Output goes to `logFile` when given, else to our
 * stdout prefixed with the service name.
 * @throws never directly; an early exit is reported through `waitForHttp`'s timeout or the child's exit.
 */
export function startService(opts: {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  logFile?: string;
}): Service {
  const child = spawn(opts.command, opts.args, {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  if (opts.logFile) {
    mkdirSync(path.dirname(opts.logFile), { recursive: true });
    const out = createWriteStream(opts.logFile, { flags: "a" });
    child.stdout!.pipe(out);
    child.stderr!.pipe(out);
  } else {
    const prefix = (chunk: Buffer) =>
      chunk
        .toString()
        .split("\n")
        .filter((l) => l.length > 0)
        .map((l) => `[${opts.name}] ${l}`)
        .join("\n") + "\n";
    child.stdout!.on("data", (c: Buffer) => process.stdout.write(prefix(c)));
    child.stderr!.on("data", (c: Buffer) => process.stderr.write(prefix(c)));
  }
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    name: opts.name,
    child,
    async stop(graceMs = 5000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, "SIGKILL");
        } catch {
          /* already gone */
        }
      }, graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * Polls `url` until it answers with any HTTP status (or `ok(status)`), or throws after `timeoutMs`.
 * @throws Error naming the service when it does not answer in time or its process exits first; the signal's reason
 *   when `signal` is aborted.
 */
export async function waitForHttp(
  url: string,
  opts: { timeoutMs?: number; service?: Service; ok?: (status: number) => boolean; signal?: AbortSignal } = {},
): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    opts.signal?.throwIfAborted();
    if (opts.service && opts.service.child.exitCode !== null) {
      throw new Error(`${opts.service.name} exited with code ${opts.service.child.exitCode} before answering at ${url}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (!opts.ok || opts.ok(res.status)) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`${opts.service?.name ?? url} did not answer at ${url} in time`);
    await sleep(250);
  }
}
