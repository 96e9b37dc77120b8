import { describe, expect, it } from "vitest";
import { formatMoney, formatNav } from "../lib/investor/money";
import { formatBytes, idFileProblem } from "../lib/investor/upload";

describe("investor app formatting (what the portfolio and the upload form show)", () => {
  it("formatMoney groups thousands, shows two decimals (half-up) and the currency code", () => {
    expect(formatMoney("12345.5", "USD")).toBe("12,345.50 USD");
    expect(formatMoney("2625.00", "EUR")).toBe("2,625.00 EUR");
    expect(formatMoney("0.005", "CHF")).toBe("0.01 CHF");
    expect(formatMoney("999.994", "GBP")).toBe("999.99 GBP");
    expect(formatMoney("30000000000000000000", "USD")).toBe("30,000,000,000,000,000,000.00 USD");
    expect(formatMoney("-1234.5", "USD")).toBe("-1,234.50 USD");
  });

  it("formatNav keeps the stated decimals (at least two)", () => {
    expect(formatNav("10.5")).toBe("10.50");
    expect(formatNav("1234.123456")).toBe("1,234.123456");
    expect(formatNav("1")).toBe("1.00");
  });

  it("idFileProblem refuses other types, empty and oversized files before upload", () => {
    expect(idFileProblem(new File(["%PDF-1.7"], "a.pdf", { type: "application/pdf" }))).toBeNull();
    expect(idFileProblem(new File(["x"], "notes.txt", { type: "text/plain" }))).toBe("notes.txt: choose a PDF, PNG or JPEG file.");
    expect(idFileProblem(new File([], "empty.png", { type: "image/png" }))).toBe("empty.png is empty.");
    expect(idFileProblem(new File([new Uint8Array(2 * 1024 * 1024 + 1)], "big.jpg", { type: "image/jpeg" }))).toBe("big.jpg is larger than 2 MB.");
    expect([formatBytes(512), formatBytes(2048), formatBytes(3 * 1024 * 1024)]).toEqual(["512 B", "2 KB", "3.0 MB"]);
  });
});
