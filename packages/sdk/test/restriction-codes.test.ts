import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { RestrictionCode, RestrictionText } from "@tessera/contracts";
import { describe, expect, it } from "vitest";
import { restrictionMessage } from "../src/index";

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
