/**
 * `npm run bench`: every benchmark of the platform, one after the other, each printing its own table of figures,
 * targets and ratios (ARCHITECTURE.md, "Benchmarks"). Not part of `npm test`: benchmarks measure, tests assert.
 *
 *   gas           forge's gas benches under --isolate (contracts/test/bench/*.t.sol: ERC-3643 rows against T-REX,
 *                 modules, the vault, the Distributor, DvP, bonds): each row is what a user pays, a missed target fails
 *   distribution  entitlements from the index's cap table at a record date + Merkle root, 10,000 and 1,000,000 holders
 *   indexer       raw Transfer logs to committed cap-table rows against the machine's COPY ceiling, head latency
 *   crosschain    cross-chain transfers L1 <-> L2 on npm start's stack (two anvils, indexers, relayer): send receipt to
 *                 the destination half committed in the database, p95 against the 3 s target
 *
 * Environment: BENCH_ONLY (comma-separated subset of "gas,distribution,indexer,crosschain"; default all), and each bench's own
 * variables (see apps/indexer/bench/main.ts and the distribution bench). Exit code: the first failing bench's.
 */
import { spawnSync } from "node:child_process";

const benches: { name: string; script: string }[] = [
  { name: "gas", script: "bench:gas" },
  { name: "distribution", script: "bench:distribution" },
  { name: "indexer", script: "bench:indexer" },
  { name: "crosschain", script: "bench:crosschain" },
];
const only = new Set((process.env.BENCH_ONLY ?? benches.map((b) => b.name).join(",")).split(",").map((s) => s.trim()));
const unknown = [...only].filter((n) => !benches.some((b) => b.name === n));
if (unknown.length) {
  console.error(`BENCH_ONLY: unknown bench ${unknown.join(", ")} (known: ${benches.map((b) => b.name).join(", ")})`);
  process.exit(2);
}
let failed = 0;
for (const b of benches.filter((b) => only.has(b.name))) {
  console.log(`\n=== bench ${b.name} (npm run ${b.script}) ===`);
  const started = process.hrtime.bigint();
  const r = spawnSync("npm", ["run", "--silent", b.script], { stdio: "inherit" });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`=== bench ${b.name}: ${r.status === 0 ? "ok" : `FAILED (exit ${r.status ?? r.signal})`} in ${seconds.toFixed(0)} s ===`);
  if (r.status !== 0 && !failed) failed = r.status ?? 1;
}
process.exit(failed);
