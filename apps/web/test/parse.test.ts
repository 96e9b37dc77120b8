import { describe, expect, it } from "vitest";
import { formatAmount, parseAddressInput, parseTokenAmount } from "../lib/client/format";
import { parseCountryList } from "../lib/shared/parse";
import { percentString } from "../lib/shared/serialize";

describe("percentString", () => {
  it("rounds the share of supply to 4 decimals", () => {
    expect(percentString(1n, 3n)).toBe("33.3333");
    expect(percentString(2n, 3n)).toBe("66.6667");
    expect(percentString(5n, 5n)).toBe("100.0000");
  });
  it("is 0 for an empty supply instead of dividing by zero", () => {
    expect(percentString(0n, 0n)).toBe("0.0000");
  });
  it("stays exact beyond JS number precision", () => {
    const supply = 10n ** 30n;
    expect(percentString(supply / 8n, supply)).toBe("12.5000");
  });
});

describe("parseTokenAmount", () => {
  it("turns whole tokens into base units", () => {
    expect(parseTokenAmount("1,000", 18)).toEqual({ ok: true, value: 1000n * 10n ** 18n });
    expect(parseTokenAmount("12.5", 6)).toEqual({ ok: true, value: 12_500_000n });
  });
  it("refuses zero, negatives, text and excess precision", () => {
    expect(parseTokenAmount("0", 18).ok).toBe(false);
    expect(parseTokenAmount("-1", 18).ok).toBe(false);
    expect(parseTokenAmount("abc", 18).ok).toBe(false);
    expect(parseTokenAmount("1.5", 0).ok).toBe(false);
  });
});

describe("formatAmount", () => {
  it("groups thousands and keeps decimals from base units", () => {
    expect(formatAmount("1234567500000", 6)).toBe("1,234,567.5");
    expect(formatAmount(10n ** 18n, 18)).toBe("1");
  });
});

describe("parseAddressInput", () => {
  it("accepts lower case and valid checksums, returning lower case", () => {
    expect(parseAddressInput(" 0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC ")).toEqual({
      ok: true,
      value: "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc",
    });
    expect(parseAddressInput("0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc").ok).toBe(true);
  });
  it("refuses a wrong checksum and malformed input", () => {
    expect(parseAddressInput("0x3C44CdDdB6a900fa2b585dd299e03d12FA4293Bc")).toEqual({
      ok: false,
      error: "The address checksum is wrong: check it for typos.",
    });
    expect(parseAddressInput("0x1234").ok).toBe(false);
  });
});

describe("parseCountryList", () => {
  it("parses comma- or space-separated ISO-3166 numeric codes without duplicates", () => {
    expect(parseCountryList("840, 826 840")).toEqual({ ok: true, value: [840, 826] });
    expect(parseCountryList("  ")).toEqual({ ok: true, value: [] });
  });
  it("refuses codes outside 1-999 and names", () => {
    expect(parseCountryList("840, USA").ok).toBe(false);
    expect(parseCountryList("1000").ok).toBe(false);
    expect(parseCountryList("0").ok).toBe(false);
  });
});
