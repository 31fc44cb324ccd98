import { describe, expect, it } from "vitest";
import { parseSessionListParams, sessionsHref } from "@/lib/sessions/params";
import { commandViews } from "@/lib/sessions/queries";
import { approvalView, compactPrincipal, exitView, modeLevel, sessionDurationMs, shortId } from "@/lib/sessions/view-model";

const none = { approval: null, approver: null, approvalSource: null, approvalDetail: null, approvalAt: null };

describe("approvalView", () => {
  it("says so prominently when nothing was recorded", () => {
    expect(approvalView(none)).toMatchObject({ state: "none", label: "No approval recorded", human: false, source: null });
  });

  it("names the person, the allow-list or the policy that approved", () => {
    expect(
      approvalView({
        ...none,
        approval: "approved",
        approver: "chen.wei",
        approvalSource: "user",
        approvalAt: new Date("2025-12-09T02:14:04Z"),
      }),
    ).toMatchObject({
      state: "approved",
      label: "Approved by chen.wei",
      human: true,
      at: "2025-12-09T02:14:04.000Z",
    });
    expect(approvalView({ ...none, approval: "approved", approvalSource: "user" }).label).toBe("Approved by the user");
    expect(approvalView({ ...none, approval: "approved", approvalSource: "config", approvalDetail: "Bash(aws:*)" })).toMatchObject({
      label: "Auto-approved by config allow-list",
      human: false,
      detail: "Bash(aws:*)",
    });
    expect(approvalView({ ...none, approval: "approved", approvalSource: "policy", approvalDetail: "bypassPermissions" }).label).toBe(
      "Auto-approved by policy",
    );
    expect(approvalView({ ...none, approval: "rejected", approver: "ops", approvalSource: "user" })).toMatchObject({
      state: "rejected",
      label: "Rejected by ops",
      human: true,
    });
    expect(approvalView({ ...none, approval: "approved", approvalSource: "weird" })).toMatchObject({
      source: "unknown",
      label: "Approved (source unknown)",
    });
  });
});

describe("modeLevel", () => {
  it("flags modes that run tools without asking", () => {
    for (const m of ["autopilot", "never", "bypass", "bypassPermissions", "yolo"]) expect(modeLevel(m)).toBe("unsupervised");
    expect(modeLevel("dontAsk")).toBe("partial");
    expect(modeLevel("on-request")).toBe("supervised");
    expect(modeLevel("something-new")).toBe("unknown");
    expect(modeLevel(null)).toBe("unknown");
  });
});

describe("small formatters", () => {
  it("exit status", () => {
    expect(exitView(0, false)).toEqual({ tone: "ok", label: "exit 0" });
    expect(exitView(254, true)).toEqual({ tone: "bad", label: "exit 254" });
    expect(exitView(null, true)).toEqual({ tone: "bad", label: "error" });
    expect(exitView(null, false)).toEqual({ tone: "none", label: "no exit status" });
  });

  it("principal, ids and durations", () => {
    expect(
      compactPrincipal(
        "arn:aws-cn:sts::417382950164:assumed-role/AWSReservedSSO_AdministratorAccess_5c7e2a91d3f04b68/chen.wei@example.com",
      ),
    ).toBe("chen.wei@example.com · AWSReservedSSO_Administrato…");
    expect(compactPrincipal("arn:aws:iam::111122223333:user/alice")).toBe("alice");
    expect(compactPrincipal(null)).toBe("—");
    expect(shortId("kiro-3c6f1e2a-cost-insights-forecast", 20)).toBe("kiro-3c6f1e2…orecast");
    expect(shortId("short")).toBe("short");
    expect(sessionDurationMs("2025-12-09T01:52:10Z", "2025-12-09T02:23:30Z")).toBe(1_880_000);
    expect(sessionDurationMs(null, "2025-12-09T02:23:30Z")).toBeNull();
  });

  it("reads parsed commands defensively", () => {
    const ok = {
      program: "aws",
      argv: ["aws", "cloudformation", "delete-stack"],
      env: {},
      risk: "destructive",
      riskReason: "aws cloudformation delete-stack",
      aws: { service: "cloudformation", operation: "delete-stack", args: {}, profile: null, region: null },
      terraform: null,
    };
    expect(commandViews([ok, { program: 3 }, "junk"])).toEqual([
      { program: "aws", risk: "destructive", riskReason: "aws cloudformation delete-stack", operation: "cloudformation delete-stack" },
    ]);
    expect(commandViews(null)).toEqual([]);
  });
});

describe("session list URL", () => {
  it("parses, drops invalid values and builds links", () => {
    const s = parseSessionListParams({ sort: "destructive", dir: "desc", kind: "claude-code", offset: "50", mode: "\u0007" });
    expect(s).toEqual({ sort: "destructive", dir: "desc", kind: "claude-code", offset: 50, limit: 50 });
    expect(sessionsHref(s)).toBe("/sessions?sort=destructive&dir=desc&kind=claude-code&offset=50");
    expect(sessionsHref(s, { kind: undefined })).toBe("/sessions?sort=destructive&dir=desc");
    expect(parseSessionListParams({ sort: "password" }).sort).toBe("startedAt");
  });
});
