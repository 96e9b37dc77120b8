/**
 * `npm test`: every test of the platform, in order of cost.
 *  1. prisma generate (the client is generated, not committed)
 *  2. static checks: `tsc --noEmit` over every workspace (tsconfig.check.json, then apps/web), Biome's linter, and
 *     dependency-cruiser (no import cycle anywhere)
 *  3. solhint, forge build + a check that packages/contracts' generated ABIs match the build
 *  4. forge test (unit, fuzz, invariant; the heavier `ci` profile under CI)
 *  5. vitest: db, sdk and indexer against a real anvil and PGlite, and PostgreSQL too when DATABASE_URL is set
 *  6. next build (unless the last build is newer than its sources) + Playwright journeys in Chromium against the platform started as `npm start` starts it
 * Run a subset with `npm test -- forge vitest` (step names: generate, static, contracts, forge, vitest, e2e).
 * Prints one closing line "Tests: N passed, M failed" over all runners and exits non-zero on any failure.
 */
import { spawn } from "node:child_process";
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
}

const bin = (name: string) => path.join(repoRoot, "node_modules/.bin", name);
const ci = process.env.CI === "true" || process.env.CI === "1";

function lastMatch(output: string, re: RegExp): RegExpMatchArray | undefined {
  return [...output.matchAll(new RegExp(re.source, re.flags.includes("g") ? re.flags : re.flags + "g"))].at(-1);
}

const steps: Step[] = [
  { name: "generate", command: "npm", args: ["run", "--silent", "generate"] },
  { name: "static", command: bin("tsc"), args: ["--noEmit", "-p", "tsconfig.check.json"], independent: true },
  { name: "static", command: bin("tsc"), args: ["--noEmit", "-p", "apps/web"], independent: true },
  { name: "static", command: bin("biome"), args: ["lint", "--colors=off", "."], independent: true },
  { name: "static", command: bin("depcruise"), args: ["--output-type", "err", "packages", "apps", "e2e", "scripts"], independent: true },
  { name: "contracts", command: bin("solhint"), args: ["--disc", "contracts/src/**/*.sol"] },
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

function run(step: Step): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(step.command, step.args, {
      cwd: path.join(repoRoot, step.cwd ?? "."),
      env: { ...process.env, ...step.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c: Buffer) => {
      output += c.toString();
      process.stdout.write(c);
    });
    child.stderr.on("data", (c: Buffer) => {
      output += c.toString();
      process.stderr.write(c);
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

for (const step of steps) {
  if (only.length > 0 && !only.includes(step.name)) continue;
  if (broken) {
    summary.push(`${step.name}: skipped (an earlier step failed)`);
    continue;
  }
  const t0 = Date.now();
  console.log(`\n=== ${step.name}: ${path.basename(step.command)} ${step.args.join(" ")}`);
  const { code, output } = await run(step);
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (step.count) {
    const [p, f] = step.count(output);
    const failedHere = code !== 0 && f === 0 ? 1 : f;
    passed += p;
    failed += failedHere;
    summary.push(`${step.name}: ${p} passed, ${failedHere} failed (${secs}s)`);
  } else {
    summary.push(`${step.name}: ${path.basename(step.command)} ${step.args[0]} ${code === 0 ? "ok" : `FAILED (exit ${code})`} (${secs}s)`);
    if (code !== 0) {
      failed += 1;
      if (!step.independent) broken = true;
    }
  }
}

console.log(`\n=== summary (${((Date.now() - started) / 1000).toFixed(0)}s)`);
for (const line of summary) console.log(line);
console.log(`Tests: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
