/**
 * `npm test`: every test of the platform, in order of cost.
 *  1. prisma generate unless the client matches the schema (the client is generated, not committed)
 *  2. static checks: `tsc --noEmit` over every workspace (tsconfig.check.json, then apps/web), Biome's linter, and
 *     dependency-cruiser (no import cycle anywhere); they run beside steps 3-4 (single-threaded solc-js leaves the
 *     second core idle), their output printed as each ends, and are awaited before vitest
 *  3. forge build + a check that packages/contracts' generated ABIs match the build, with solhint beside it
 *  4. forge test (unit, fuzz, invariant; the heavier `ci` profile under CI)
 *  5. vitest: db, sdk and indexer against a real anvil and PGlite, and PostgreSQL too when DATABASE_URL is set
 *  6. next build (unless the last build is newer than its sources) + Playwright journeys in Chromium against the platform started as `npm start` starts it
 * Run a subset with `npm test -- forge vitest` (step names: generate, static, contracts, forge, vitest, e2e).
 * Prints each step's time and how busy the machine was meanwhile ("CPU 93%": well under 100% means waiting, time
 * another step could share), one closing line "Tests: N passed, M failed" over all runners, and exits non-zero on any failure.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "./lib/platform.ts";

interface Step {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** A failure counts, but later steps still run (checks nothing after them depends on). */
  independent?: boolean;
  /** Extracts [passed, failed] from the step's output, when it is a test runner. */
  count?: (output: string) => [number, number];
  /**
   * Runs beside the steps after it (background steps one after another, each one's output printed when it ends),
   * all awaited before the first step that is not `beside` them. Only for `independent` steps.
   */
  background?: boolean;
}

const bin = (name: string) => path.join(repoRoot, "node_modules/.bin", name);
const ci = process.env.CI === "true" || process.env.CI === "1";

function lastMatch(output: string, re: RegExp): RegExpMatchArray | undefined {
  return [...output.matchAll(new RegExp(re.source, re.flags.includes("g") ? re.flags : re.flags + "g"))].at(-1);
}

const steps: Step[] = [
  // --if-stale: the client is regenerated when the schema or Prisma changed; regenerating it anyway made the web build
  // of `.ci/run`'s smoke test look stale, and `next build` ran a second time.
  { name: "generate", command: "node", args: ["packages/db/scripts/generate.mjs", "--if-stale"] },
  { name: "static", command: bin("tsc"), args: ["--noEmit", "-p", "tsconfig.check.json"], independent: true, background: true },
  { name: "static", command: bin("tsc"), args: ["--noEmit", "-p", "apps/web"], independent: true, background: true },
  { name: "static", command: bin("biome"), args: ["lint", "--colors=off", "."], independent: true, background: true },
  { name: "static", command: bin("depcruise"), args: ["--output-type", "err", "packages", "apps", "e2e", "scripts"], independent: true, background: true },
  { name: "contracts", command: bin("solhint"), args: ["--disc", "contracts/src/**/*.sol"], independent: true, background: true },
  { name: "contracts", command: bin("forge"), args: ["build"] },
  { name: "contracts", command: bin("tsx"), args: ["scripts/gen-contracts.ts", "--check"] },
  {
    name: "forge",
    command: bin("forge"),
    args: ["test"],
    env: ci ? { FOUNDRY_PROFILE: "ci" } : {},
    // "Ran 9 test suites in 1.2s (3.4s CPU time): 57 tests passed, 0 failed, 0 skipped (57 total tests)"
    count: (out) => {
      const m = lastMatch(out, /(\d+) tests passed, (\d+) failed/);
      return m ? [Number(m[1]), Number(m[2])] : [0, 1];
    },
  },
  {
    name: "vitest",
    command: bin("vitest"),
    args: ["run"],
    // "Tests  2 failed | 10 passed (12)"
    count: (out) => {
      const clean = out.replace(/\x1b\[[0-9;]*m/g, "");
      const line = lastMatch(clean, /^\s*Tests\s+(.*)$/m)?.[1] ?? "";
      const passed = Number(/(\d+) passed/.exec(line)?.[1] ?? 0);
      const failed = Number(/(\d+) failed/.exec(line)?.[1] ?? (line ? 0 : 1));
      return [passed, failed];
    },
  },
  { name: "e2e", command: bin("tsx"), args: ["scripts/build-web.ts"], env: { NEXT_TELEMETRY_DISABLED: "1" } },
  {
    name: "e2e",
    command: bin("playwright"),
    args: ["test", "--config", "e2e/playwright.config.ts"],
    // "  7 passed (41.2s)" and "  1 failed"
    count: (out) => {
      const clean = out.replace(/\x1b\[[0-9;]*m/g, "");
      const passed = Number(lastMatch(clean, /^\s+(\d+) passed/m)?.[1] ?? 0);
      const failed = Number(lastMatch(clean, /^\s+(\d+) failed/m)?.[1] ?? 0) + Number(lastMatch(clean, /^\s+(\d+) flaky/m)?.[1] ?? 0);
      return [passed, passed + failed === 0 ? 1 : failed];
    },
  },
];

/** Steps that background steps run beside (the Solidity build and tests); any other step waits for them first. */
const BESIDE_BACKGROUND = new Set(["contracts", "forge"]);

function run(step: Step, quiet = false): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(step.command, step.args, {
      cwd: path.join(repoRoot, step.cwd ?? "."),
      env: { ...process.env, ...step.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c: Buffer) => {
      output += c.toString();
      if (!quiet) process.stdout.write(c);
    });
    child.stderr.on("data", (c: Buffer) => {
      output += c.toString();
      if (!quiet) process.stderr.write(c);
    });
    child.on("error", (err) => resolve({ code: 127, output: String(err) }));
    child.on("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

const only = process.argv.slice(2);
const started = Date.now();
let passed = 0;
let failed = 0;
const summary: string[] = [];
let broken = false;

/** The machine's CPU counters (Linux /proc/stat, all cores): busy and total jiffies; undefined elsewhere. */
function cpuTimes(): { busy: number; total: number } | undefined {
  try {
    const f = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = (f[3] ?? 0) + (f[4] ?? 0); // idle + iowait
    const total = f.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

/**
 * How busy the whole machine was during a step (every core, every process: the step's and anything beside it), as
 * "CPU 93%": a step well under 100% waits on something (polls, back-offs, I/O) and could share its time.
 */
function cpuSince(t0: ReturnType<typeof cpuTimes>): string {
  const t1 = cpuTimes();
  if (!t0 || !t1 || t1.total === t0.total) return "";
  return `, CPU ${Math.round((100 * (t1.busy - t0.busy)) / (t1.total - t0.total))}%`;
}

/** Records a finished step's outcome. */
function record(step: Step, code: number, output: string, secs: string): void {
  if (step.count) {
    const [p, f] = step.count(output);
    const failedHere = code !== 0 && f === 0 ? 1 : f;
    passed += p;
    failed += failedHere;
    summary.push(`${step.name}: ${p} passed, ${failedHere} failed (${secs})`);
  } else {
    summary.push(`${step.name}: ${path.basename(step.command)} ${step.args[0]} ${code === 0 ? "ok" : `FAILED (exit ${code})`} (${secs})`);
    if (code !== 0) {
      failed += 1;
      if (!step.independent) broken = true;
    }
  }
}

/** The background steps started so far, one after another. */
let background: Promise<void> = Promise.resolve();
let backgroundRunning = false;

for (const step of steps) {
  if (only.length > 0 && !only.includes(step.name)) continue;
  if (backgroundRunning && !step.background && !BESIDE_BACKGROUND.has(step.name)) {
    await background;
    backgroundRunning = false;
  }
  if (broken) {
    summary.push(`${step.name}: skipped (an earlier step failed)`);
    continue;
  }
  const title = `\n=== ${step.name}: ${path.basename(step.command)} ${step.args.join(" ")}`;
  if (step.background) {
    backgroundRunning = true;
    background = background.then(async () => {
      const t0 = Date.now();
      const { code, output } = await run(step, true);
      const secs = ((Date.now() - t0) / 1000).toFixed(1);
      console.log(`${title} (ran beside the next steps, ${secs}s)\n${output.trimEnd()}`);
      record(step, code, output, `${secs}s`);
    });
    continue;
  }
  const t0 = Date.now();
  const cpu0 = cpuTimes();
  console.log(title);
  const { code, output } = await run(step);
  record(step, code, output, `${((Date.now() - t0) / 1000).toFixed(1)}s${cpuSince(cpu0)}`);
}
await background;

console.log(`\n=== summary (${((Date.now() - started) / 1000).toFixed(0)}s)`);
for (const line of summary) console.log(line);
console.log(`Tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
