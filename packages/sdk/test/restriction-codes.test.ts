import { RestrictionCode, RestrictionText } from "@tessera/contracts";
import { describe, expect, it } from "vitest";
import { restrictionMessage } from "../src/index";

describe("restriction codes", () => {
  it("has user text for every code the contracts define (0..15), the same as @tessera/contracts", () => {
    const codes = (Object.values(RestrictionCode) as (string | number)[]).filter((v): v is number => typeof v === "number");
    expect(codes.length).toBe(16);
    for (const code of codes) {
      expect(restrictionMessage(code)).toBe(RestrictionText[code]);
      expect(restrictionMessage(code)).not.toMatch(/unknown/);
    }
  });

  it("names the module codes", () => {
    expect(RestrictionCode.TRANSFER_LIMIT_EXCEEDED).toBe(10);
    expect(RestrictionCode[13]).toBe("TOKENS_LOCKED");
    expect(restrictionMessage(99)).toBe("unknown restriction code 99");
  });
});
