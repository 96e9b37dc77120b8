import { describe, expect, it } from "vitest";
import { rolesText } from "../components/session-menu";

const TDF = "0x00000000000000000000000000000000000000aa" as const;
const symbolOf = () => "TDF";

describe("rolesText (the session menu's roles in words)", () => {
  it("adds the AccessManager roles after agent and owner", () => {
    const text = rolesText(
      { complianceOfficer: false, registryOwner: true, tokens: [{ token: TDF, agent: true, owner: true, roles: ["ADMIN"] }] },
      symbolOf,
    );
    expect(text).toBe("identity registry owner; agent of TDF; owner of TDF; roles on TDF: admin");
  });

  it("names a role-only desk's roles instead of 'no role'", () => {
    const text = rolesText(
      { complianceOfficer: false, registryOwner: false, tokens: [{ token: TDF, agent: false, owner: false, roles: ["FREEZER", "TRANSFER_MANAGER"] }] },
      symbolOf,
    );
    expect(text).toBe("roles on TDF: freezer, transfer manager");
    expect(rolesText({ complianceOfficer: false, registryOwner: false, tokens: [] }, symbolOf)).toBe("no issuer or compliance role");
  });
});
