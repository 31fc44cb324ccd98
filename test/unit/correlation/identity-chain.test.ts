import { describe, expect, it } from "vitest";
import { matchPrincipal, resolveIdentityChain } from "@/lib/correlation";
import { ACCT, AGENT_ARN, AGENT_ROLE_ARN, ev, identity, OTHER_ARN } from "./fixtures";

describe("resolveIdentityChain", () => {
  it("agent → SSO admin session → the person behind it", () => {
    const chain = resolveIdentityChain({ id: "s1", awsIdentity: identity() }, [ev({ eventName: "DeleteStack" })]);
    expect(chain).toMatchObject({
      sessionId: "s1",
      principalArn: AGENT_ARN,
      roleArn: AGENT_ROLE_ARN,
      human: "dev.li@example.com",
      ssoSession: true,
      adminRole: true,
      inheritedHumanSession: true,
    });
    expect(chain.evidence.join("\n")).toMatch(/IAM Identity Center permission-set role/);
    expect(chain.evidence.join("\n")).toMatch(/admin-level role/);
  });

  it("finds the person from the SSO session name even without CloudTrail's humanName", () => {
    const chain = resolveIdentityChain({ id: "s1", awsIdentity: null }, [
      ev({ eventName: "DescribeStacks", humanName: null, roleArn: null }),
    ]);
    expect(chain.principalArn).toBe(AGENT_ARN);
    expect(chain.human).toBe("dev.li@example.com");
    expect(chain.roleArn).toMatch(/role\/AWSReservedSSO_AdministratorAccess_/);
    expect(chain.inheritedHumanSession).toBe(true);
  });

  it("an admin role without a person is still inherited privilege", () => {
    const arn = `arn:aws-cn:sts::${ACCT}:assumed-role/PlatformAdmin/kiro-agent`;
    const chain = resolveIdentityChain({ id: "s1", awsIdentity: identity({ principalArn: arn }) }, [
      ev({
        eventName: "DeleteStack",
        principalArn: arn,
        sessionName: "kiro-agent",
        roleArn: `arn:aws-cn:iam::${ACCT}:role/PlatformAdmin`,
        humanName: null,
      }),
    ]);
    expect(chain).toMatchObject({
      human: null,
      adminRole: true,
      ssoSession: false,
      inheritedHumanSession: true,
      roleArn: `arn:aws-cn:iam::${ACCT}:role/PlatformAdmin`,
    });
  });

  it("a scoped agent role is not inherited privilege", () => {
    const arn = `arn:aws-cn:sts::${ACCT}:assumed-role/kiro-agent-readonly-scoped/kiro-run-7`;
    const chain = resolveIdentityChain({ id: "s1", awsIdentity: identity({ principalArn: arn }) }, [
      ev({
        eventName: "DescribeStacks",
        principalArn: arn,
        sessionName: "kiro-run-7",
        roleArn: `arn:aws-cn:iam::${ACCT}:role/kiro-agent-readonly-scoped`,
        humanName: null,
      }),
    ]);
    expect(chain.inheritedHumanSession).toBe(false);
    expect(chain.human).toBeNull();
  });

  it("ignores linked events of other principals when the identity is known", () => {
    const chain = resolveIdentityChain({ id: "s1", awsIdentity: identity() }, [
      ev({
        eventName: "DescribeStacks",
        principalArn: OTHER_ARN,
        sessionName: "gh",
        roleArn: `arn:aws-cn:iam::${ACCT}:role/ci-deploy`,
        humanName: "someone.else@example.com",
      }),
    ]);
    expect(chain.human).toBe("dev.li@example.com");
  });
});

describe("matchPrincipal", () => {
  it("matches on sourceIdentity", () => {
    const m = matchPrincipal(
      identity({ principalArn: null, sourceIdentity: "dev.li" }),
      ev({ eventName: "X", principalArn: OTHER_ARN, sourceIdentity: "dev.li" }),
      null,
    );
    expect(m.level).toBe("strong");
  });
  it("matches on role + session name", () => {
    const m = matchPrincipal(
      identity({ principalArn: null, roleArn: AGENT_ROLE_ARN, sessionName: "dev.li@example.com" }),
      ev({ eventName: "X" }),
      null,
    );
    expect(m).toMatchObject({ level: "strong" });
    expect(m.evidence[0]).toMatch(/same role session/);
  });
  it("a known session name that differs is no match, even on the same role", () => {
    const m = matchPrincipal(
      identity({ principalArn: null, roleArn: AGENT_ROLE_ARN, sessionName: "someone.else@example.com" }),
      ev({ eventName: "X" }),
      null,
    );
    expect(m.level).toBe("none");
  });
});
