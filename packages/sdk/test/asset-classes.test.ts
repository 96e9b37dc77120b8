import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { AssetClass, AssetClassText } from "@tessera/contracts";
import { assetClassName, assetClassSchema } from "@tessera/sdk";
import { describe, expect, it } from "vitest";

/** Token.sol's initializer: `if (assetClass_ > N) revert InvalidAssetClass(assetClass_);` */
const TOKEN_SOL = readFileSync(fileURLToPath(new URL("../../../contracts/src/token/Token.sol", import.meta.url)), "utf8");

describe("asset classes", () => {
  it("names every code the token accepts, and no other", () => {
    const m = /if\s*\(assetClass_\s*>\s*(\d+)\)\s*revert\s+InvalidAssetClass/.exec(TOKEN_SOL);
    expect(m, "Token.sol's asset class check").not.toBeNull();
    const highest = Number(m![1]);
    const codes = Array.from({ length: highest + 1 }, (_, i) => i);
    expect(Object.keys(AssetClassText).map(Number)).toEqual(codes);
    expect(Object.values(AssetClass).sort()).toEqual(codes);
    expect(assetClassSchema.safeParse(highest).success).toBe(true);
    expect(assetClassSchema.safeParse(highest + 1).success).toBe(false);
  });

  it("reads the one table for display names", () => {
    expect(assetClassName(AssetClass.FUND_SHARE)).toBe("Fund share");
    expect(assetClassName(AssetClass.REAL_ESTATE)).toBe("Real estate");
    expect(assetClassName(9)).toBe("Unknown class 9");
  });
});
