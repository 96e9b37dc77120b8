#!/usr/bin/env node
// solc command line for forge, backed by solc-js (WebAssembly): see /ARCHITECTURE.md and TOOLCHAIN notes.
// Implements `--version` and `--standard-json` (input on stdin, output on stdout).
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

const input = readFileSync(0, "utf8");

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
process.stdout.write(output);
