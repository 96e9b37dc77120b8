import { describe, expect, it } from "vitest";
import { kycStatusText } from "../components/investor/my-kyc";
import { KYC_EXPIRING_SECONDS, kycStatus } from "../lib/me/my-kyc";

const NOW = 1_800_000_000n;

describe("an investor's own KYC status (investor app)", () => {
  it("is verified while the expiry is after the chain's time, expiring within 30 days, expired at or before it", () => {
    expect(kycStatus(false, 0n, NOW)).toBe("unregistered");
    expect(kycStatus(true, NOW + KYC_EXPIRING_SECONDS + 1n, NOW)).toBe("verified");
    expect(kycStatus(true, NOW + KYC_EXPIRING_SECONDS, NOW)).toBe("expiring");
    expect(kycStatus(true, NOW + 1n, NOW)).toBe("expiring");
    expect(kycStatus(true, NOW, NOW)).toBe("expired"); // IdentityRegistry.isVerified: kycExpiresAt > block.timestamp
    expect(kycStatus(true, 0n, NOW)).toBe("expired");
  });

  it("says until when, how soon, or since when, in words", () => {
    const asOf = NOW.toString();
    expect(kycStatusText({ status: "verified", kycExpiresAt: "1830000000", asOf })).toBe("Verified until 2027-12-28.");
    expect(kycStatusText({ status: "expiring", kycExpiresAt: String(NOW + 86_400n * 3n), asOf })).toMatch(/^Verified until 2027-01-18: expiring soon \(in 3 days\)/);
    expect(kycStatusText({ status: "expired", kycExpiresAt: String(NOW - 86_400n), asOf })).toBe(
      "KYC expired on 2027-01-14: you cannot receive tokens until a compliance officer renews it.",
    );
    expect(kycStatusText({ status: "expired", kycExpiresAt: "0", asOf })).toMatch(/^Not verified: no KYC on record/);
    expect(kycStatusText({ status: "unregistered", kycExpiresAt: "0", asOf })).toMatch(/^Not registered yet/);
  });
});
