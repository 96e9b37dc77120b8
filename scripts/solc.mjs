#!/usr/bin/env node
// solc command line for forge, backed by solc-js (WebAssembly): see /ARCHITECTURE.md and TOOLCHAIN notes.
// Implements `--version` and `--standard-json` (input on stdin, output on stdout). A compilation with many files is
// split over two solc-js instances on worker threads (compileSplit below): forge build 82 s -> ~50 s on CI's 2 cores.
// The standard-JSON input is copied onto the wasm heap (not through Emscripten's stack, which overflows
// past ~1.2 MB), and `solidity_compile` is called through cwrap with pointer arguments.
import { readFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const soljson = require("solc/soljson.js");

const args = process.argv.slice(2);

function cwrapOrNull(name, ret, params) {
  return typeof soljson["_" + name] === "function" || soljson.asm?.[name] ? soljson.cwrap(name, ret, params) : null;
}

const version = () => soljson.cwrap("solidity_version", "string", [])();

if (args.includes("--version")) {
  process.stdout.write(`solc, the solidity compiler commandline interface\nVersion: ${version()}\n`);
  process.exit(0);
}

if (!args.includes("--standard-json")) {
  process.stderr.write("scripts/solc.mjs supports only --version and --standard-json\n");
  process.exit(2);
}

/** Values of a repeatable option, accepting both `--opt value` and `--opt=value`. */
function optionValues(name) {
  const out = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === name && i + 1 < args.length) out.push(args[++i]);
    else if (a.startsWith(name + "=")) out.push(a.slice(name.length + 1));
  }
  return out;
}

const basePath = optionValues("--base-path")[0] ?? process.cwd();
const includePaths = optionValues("--include-path");
const roots = [basePath, ...includePaths, process.cwd()];

function readImport(p) {
  const candidates = path.isAbsolute(p) ? [p] : roots.map((r) => path.resolve(r, p));
  for (const c of candidates) {
    if (existsSync(c)) {
      try {
        return { contents: readFileSync(c, "utf8") };
      } catch (e) {
        return { error: `cannot read ${c}: ${e.message}` };
      }
    }
  }
  return { error: `File not found: ${p} (searched ${roots.join(", ")})` };
}

/** Compiles one standard-JSON input string on this thread's solc-js instance; returns the output string. */
function compileOnce(input) {
  const alloc = cwrapOrNull("solidity_alloc", "number", ["number"]) ?? soljson._malloc;
  const reset = cwrapOrNull("solidity_reset", null, []);
  const compile = soljson.cwrap("solidity_compile", "number", ["number", "number", "number"]);

  function toHeap(str) {
    const len = soljson.lengthBytesUTF8(str) + 1;
    const ptr = alloc(len);
    soljson.stringToUTF8(str, ptr, len);
    return ptr;
  }

  // Import callback: void (void* context, char const* kind, char const* data, char** contents, char** error)
  const callback = soljson.addFunction((_ctx, kindPtr, dataPtr, contentsPtr, errorPtr) => {
    const kind = soljson.UTF8ToString(kindPtr);
    const data = soljson.UTF8ToString(dataPtr);
    if (kind !== "source") {
      soljson.setValue(errorPtr, toHeap(`callback kind ${kind} not supported`), "*");
      return;
    }
    const r = readImport(data);
    if (r.contents !== undefined) soljson.setValue(contentsPtr, toHeap(r.contents), "*");
    else soljson.setValue(errorPtr, toHeap(r.error), "*");
  }, "viiiii");

  const inputPtr = toHeap(input);
  const outPtr = compile(inputPtr, callback, 0);
  const output = soljson.UTF8ToString(outPtr);
  soljson.removeFunction(callback);
  if (reset) reset();
  return output;
}

/**
 * Splits one compilation over `jobs` solc-js instances on worker threads (solc-js is single-threaded WebAssembly, so
 * one instance leaves every other core idle; native solc is not an option here, see TOOLCHAIN). Each part is the
 * same input (every source, so every part analyses the whole program and assigns the same source ids) with the output
 * selection narrowed to its share of the files: code generation and the optimizer, most of the time, run only for the
 * contracts a part was given. Shares are balanced by source length. The outputs merge exactly: `contracts` are
 * disjoint by file, `sources` come from the first part, and diagnostics are deduplicated. Returns null when the input
 * does not have the per-file selection forge sends (then one instance compiles it all).
 */
async function compileSplit(input, jobs) {
  const parsed = JSON.parse(input);
  const selection = parsed.settings?.outputSelection;
  const files = selection ? Object.keys(selection) : [];
  if (files.length < 2 * jobs || "*" in selection) return null;
  const size = (f) => parsed.sources?.[f]?.content?.length ?? 0;
  const parts = Array.from({ length: jobs }, () => ({ files: [], weight: 0 }));
  for (const f of [...files].sort((a, b) => size(b) - size(a) || (a < b ? -1 : 1))) {
    const lightest = parts.reduce((m, p) => (p.weight < m.weight ? p : m));
    lightest.files.push(f);
    lightest.weight += size(f);
  }
  const { Worker } = await import("node:worker_threads");
  const outputs = await Promise.all(
    parts.map((part) => {
      const own = { ...parsed, settings: { ...parsed.settings, outputSelection: Object.fromEntries(part.files.map((f) => [f, selection[f]])) } };
      return new Promise((resolve, reject) => {
        const worker = new Worker(new URL(import.meta.url), { workerData: { input: JSON.stringify(own) }, argv: args });
        worker.once("message", (out) => resolve(JSON.parse(out)));
        worker.once("error", reject);
        worker.once("exit", (code) => code !== 0 && reject(new Error(`solc worker exited with ${code}`)));
      });
    }),
  );
  const merged = { ...outputs[0], contracts: {}, errors: [] };
  const seen = new Set();
  for (const out of outputs) {
    Object.assign(merged.contracts, out.contracts ?? {});
    for (const e of out.errors ?? []) {
      const key = e.formattedMessage ?? e.message;
      if (!seen.has(key)) {
        seen.add(key);
        merged.errors.push(e);
      }
    }
  }
  if (merged.errors.length === 0) delete merged.errors;
  return JSON.stringify(merged);
}

const { isMainThread, parentPort, workerData } = await import("node:worker_threads");
if (!isMainThread) {
  parentPort.postMessage(compileOnce(workerData.input));
} else {
  const input = readFileSync(0, "utf8");
  // TESSERA_SOLC_JOBS: solc-js instances for one compilation (default: one per core, at most 2; 1 = no split).
  const jobs = Math.max(1, Number(process.env.TESSERA_SOLC_JOBS ?? Math.min(2, (await import("node:os")).availableParallelism())));
  const output = (jobs > 1 ? await compileSplit(input, jobs) : null) ?? compileOnce(input);
  process.stdout.write(output);
}
