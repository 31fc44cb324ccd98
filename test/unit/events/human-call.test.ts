import { describe, expect, it } from "vitest";
import { isHumanCall } from "@/lib/events/human-call";

const workload = {
  humanName: null,
  principalType: "AssumedRole",
  roleArn: "arn:aws:iam::111122223333:role/deployer",
  userAgent: "aws-cli/2.15",
};

describe("a call a person made (the rollup's principal kind)", () => {
  it("a role session from a tool is a workload's call", () => {
    expect(isHumanCall(workload)).toBe(false);
    expect(isHumanCall({ humanName: null, principalType: null, roleArn: null, userAgent: null })).toBe(false);
  });

  it("a person: a resolved name, a person's principal type, an SSO role, a browser or the console", () => {
    expect(isHumanCall({ ...workload, humanName: "alice@example.com" })).toBe(true);
    for (const t of ["Root", "IAMUser", "SAMLUser", "FederatedUser", "IdentityCenterUser", "WebIdentityUser"])
      expect(isHumanCall({ ...workload, principalType: t }), t).toBe(true);
    expect(isHumanCall({ ...workload, roleArn: "arn:aws:iam::1:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123abcd" })).toBe(
      true,
    );
    expect(isHumanCall({ ...workload, userAgent: "Mozilla/5.0 (X11; Linux x86_64)" })).toBe(true);
    expect(isHumanCall({ ...workload, userAgent: "AWS Internal" })).toBe(true);
  });

  it("matches like SQL LIKE: case-sensitive, the underscore literal", () => {
    expect(isHumanCall({ ...workload, userAgent: "mozilla/5.0" })).toBe(false);
    expect(isHumanCall({ ...workload, roleArn: "arn:aws:iam::1:role/AWSReservedSSOXAdmin" })).toBe(false);
    expect(isHumanCall({ ...workload, userAgent: "AWS Internal " })).toBe(false);
  });
});
