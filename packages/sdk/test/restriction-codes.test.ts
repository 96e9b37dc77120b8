import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { encodeErrorResult, BaseError, ContractFunctionRevertedError, type Abi, type Hex } from "viem";
import { RestrictionCode, RestrictionText, tesseraErrorsAbi } from "@tessera/contracts";
import { describe, expect, it } from "vitest";
import { explainError, restrictionMessage, toTesseraError } from "../src/index";

/** contracts/src/libraries/RestrictionCodes.sol, the one table the token and every module return codes from. */
const SOL = readFileSync(fileURLToPath(new URL("../../../contracts/src/libraries/RestrictionCodes.sol", import.meta.url)), "utf8");

/** Every `uint8 internal constant NAME = N;` of the Solidity library. */
function solidityCodes(): Map<string, number> {
  const codes = new Map<string, number>();
  for (const m of SOL.matchAll(/uint8\s+internal\s+constant\s+([A-Z0-9_]+)\s*=\s*(\d+)\s*;/g)) codes.set(m[1]!, Number(m[2]));
  return codes;
}

/** The text `RestrictionCodes.message(code)` returns per constant name (`if (code == NAME) return "…";`). */
function solidityTexts(): Map<string, string> {
  const texts = new Map<string, string>();
  for (const m of SOL.matchAll(/if\s*\(code\s*==\s*([A-Z0-9_]+)\)\s*\{?\s*return\s+"((?:[^"\\]|\\.)*)"/g)) texts.set(m[1]!, m[2]!);
  return texts;
}

describe("restriction codes", () => {
  const codes = solidityCodes();

  it("parses the Solidity table (guards the parser itself)", () => {
    expect(codes.size).toBeGreaterThanOrEqual(16);
    expect(codes.get("SUCCESS")).toBe(0);
    expect(new Set(codes.values()).size).toBe(codes.size); // no two names share a code
  });

  it("has the contract's user text in the SDK for every code in RestrictionCodes.sol", () => {
    const texts = solidityTexts();
    const missing: string[] = [];
    for (const [name, code] of codes) {
      const text = restrictionMessage(code);
      if (/unknown restriction code/.test(text)) missing.push(`${name} (${code})`);
      else expect(text, name).toBe(texts.get(name));
    }
    expect(missing, "codes in RestrictionCodes.sol without SDK text").toEqual([]);
  });

  it("names every Solidity code both ways in @tessera/contracts, and nothing more", () => {
    for (const [name, code] of codes) {
      expect((RestrictionCode as Record<string, unknown>)[name], name).toBe(code);
      expect((RestrictionCode as Record<number, unknown>)[code], String(code)).toBe(name);
      expect(RestrictionText[code], name).toBeDefined();
    }
    const tsCodes = (Object.values(RestrictionCode) as (string | number)[]).filter((v): v is number => typeof v === "number");
    expect(tsCodes.sort((a, b) => a - b)).toEqual([...codes.values()].sort((a, b) => a - b));
  });

  it("answers an unknown code with its number", () => {
    expect(RestrictionCode.TRANSFER_LIMIT_EXCEEDED).toBe(10);
    expect(RestrictionCode[13]).toBe("TOKENS_LOCKED");
    expect(restrictionMessage(99)).toBe("unknown restriction code 99");
  });
});

/** Every `error Name(` declared in contracts/src (Tessera's own custom errors). */
function solidityErrors(): string[] {
  const root = fileURLToPath(new URL("../../../contracts/src", import.meta.url));
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const f of readdirSync(dir)) {
      const p = path.join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (f.endsWith(".sol")) for (const m of readFileSync(p, "utf8").matchAll(/\berror\s+([A-Za-z0-9_]+)\s*\(/g)) names.add(m[1]!);
    }
  };
  walk(root);
  return [...names].sort();
}

/** A revert of `errorName` with zero-ish arguments, as viem raises it, through the SDK's error path. */
function explainRevert(errorName: string): string {
  const item = (tesseraErrorsAbi as Abi).find((e) => e.type === "error" && e.name === errorName) as unknown as { inputs: { type: string }[] };
  const args = item.inputs.map((i) => (i.type === "address" ? "0x0000000000000000000000000000000000000001" : i.type === "bool" ? false : i.type.startsWith("bytes") ? `0x${"00".repeat(Number(i.type.slice(5)) || 0)}` : 1n));
  const data = encodeErrorResult({ abi: tesseraErrorsAbi as Abi, errorName, args } as never) as Hex;
  const err = new BaseError("call reverted", { cause: new ContractFunctionRevertedError({ abi: [] as Abi, data, functionName: "f" }) });
  expect(toTesseraError(err).errorName).toBe(errorName);
  return explainError(err);
}

describe("custom errors", () => {
  it("has user text in words for every custom error declared in contracts/src", () => {
    const names = solidityErrors();
    expect(names.length).toBeGreaterThan(40);
    const generic = names.filter((n) => /the contract refused the call/.test(explainRevert(n)));
    expect(generic, "errors in contracts/src without SDK text").toEqual([]);
  });
});
