import { describe, expect, it } from "vitest";
import { classifyApi, explainApiRisk, RISK_CATALOG, serviceOf, stripApiVersionSuffix } from "@/lib/cloudtrail";
import { RiskClass } from "@/lib/model/risk";
import { fixture, readAll } from "./helpers";

describe("RISK_CATALOG", () => {
  it("has at least 150 explicit entries, each a valid risk class, no duplicate keys", () => {
    expect(RISK_CATALOG.length).toBeGreaterThanOrEqual(150);
    const keys = new Set<string>();
    for (const e of RISK_CATALOG) {
      expect(RiskClass.safeParse(e.risk).success).toBe(true);
      expect(e.eventSource).toMatch(/^[a-z0-9-]+\.amazonaws\.com$/);
      const key = `${e.eventSource}:${e.eventName}`;
      expect(keys.has(key), key).toBe(false);
      keys.add(key);
    }
  });

  it("covers every service family the brief lists", () => {
    const services = new Set(RISK_CATALOG.map((e) => serviceOf(e.eventSource)));
    for (const s of [
      "ec2",
      "s3",
      "iam",
      "sts",
      "rds",
      "lambda",
      "cloudformation",
      "ecs",
      "eks",
      "dynamodb",
      "kms",
      "organizations",
      "cloudtrail",
      "config",
      "guardduty",
      "secretsmanager",
      "ssm",
      "route53",
      "elasticloadbalancing",
      "autoscaling",
      "monitoring",
      "logs",
      "sns",
      "sqs",
      "ce",
    ]) {
      expect(services.has(s), s).toBe(true);
    }
  });
});

describe("classifyApi", () => {
  it.each([
    ["ec2.amazonaws.com", "TerminateInstances", "destructive"],
    ["ec2.amazonaws.com", "DescribeInstances", "read"],
    ["ec2.amazonaws.com", "RunInstances", "write"],
    ["ec2.amazonaws.com", "GetPasswordData", "read"],
    ["ec2.amazonaws.com", "ModifySnapshotAttribute", "privilege"],
    ["cloudformation.amazonaws.com", "DeleteStack", "destructive"],
    ["rds.amazonaws.com", "DeleteDBInstance", "destructive"],
    ["iam.amazonaws.com", "AttachUserPolicy", "privilege"],
    ["iam.amazonaws.com", "CreateAccessKey", "privilege"],
    ["iam.amazonaws.com", "CreateUser", "privilege"],
    ["sts.amazonaws.com", "AssumeRole", "privilege"],
    ["sts.amazonaws.com", "GetCallerIdentity", "read"],
    ["kms.amazonaws.com", "CreateGrant", "privilege"],
    ["kms.amazonaws.com", "ScheduleKeyDeletion", "destructive"],
    ["cloudtrail.amazonaws.com", "StopLogging", "destructive"],
    ["cloudtrail.amazonaws.com", "DeleteTrail", "destructive"],
    ["organizations.amazonaws.com", "LeaveOrganization", "destructive"],
    ["s3.amazonaws.com", "PutBucketPolicy", "privilege"],
    ["s3.amazonaws.com", "PutBucketLifecycle", "destructive"],
    ["s3.amazonaws.com", "GetObject", "read"],
    ["logs.amazonaws.com", "PutRetentionPolicy", "write"],
    ["ce.amazonaws.com", "GetCostAndUsage", "read"],
  ] as const)("%s %s → %s", (source, name, risk) => {
    expect(classifyApi(source, name)).toBe(risk);
  });

  it("applies prefix rules to APIs that are not in the catalog", () => {
    for (const p of ["Delete", "Terminate", "Remove", "Detach", "Deregister", "Disable", "Stop", "Revoke", "Purge", "Cancel"]) {
      expect(explainApiRisk("newsvc.amazonaws.com", `${p}Widget`)).toMatchObject({ risk: "destructive", rule: "destructive prefix" });
    }
    for (const p of ["Get", "List", "Describe", "Head", "Lookup"]) expect(classifyApi("newsvc.amazonaws.com", `${p}Widgets`)).toBe("read");
    expect(classifyApi("newsvc.amazonaws.com", "PutWidgetPolicy")).toBe("privilege");
    expect(classifyApi("newsvc.amazonaws.com", "AttachWidgetPolicy")).toBe("privilege");
    expect(classifyApi("newsvc.amazonaws.com", "CreateServiceAccessKey")).toBe("privilege");
    expect(classifyApi("newsvc.amazonaws.com", "AssumeRoleWithSomething")).toBe("privilege");
    expect(classifyApi("iam.amazonaws.com", "PassRole")).toBe("privilege");
    expect(classifyApi("newsvc.amazonaws.com", "AddWidgetPermission")).toBe("privilege");
    expect(classifyApi("newsvc.amazonaws.com", "FrobnicateWidget")).toBe("write");
    expect(classifyApi("newsvc.amazonaws.com", "PutScalingPolicy")).toBe("write");
  });

  it("lets explicit entries win over prefixes", () => {
    // GetSessionToken / GetFederationToken start with Get but mint credentials.
    expect(explainApiRisk("sts.amazonaws.com", "GetSessionToken")).toMatchObject({ risk: "privilege" });
    expect(explainApiRisk("sts.amazonaws.com", "GetFederationToken").rule).not.toBe("read prefix");
    // StopLogging is destructive whatever the service string says.
    expect(classifyApi("weird.amazonaws.com", "StopLogging")).toBe("destructive");
    expect(explainApiRisk("ec2.amazonaws.com", "StopInstances").rule).toBe("catalog");
  });

  it("strips Lambda API version suffixes", () => {
    expect(stripApiVersionSuffix("AddPermission20150331v2")).toBe("AddPermission");
    expect(stripApiVersionSuffix("UpdateFunctionCode20150331")).toBe("UpdateFunctionCode");
    expect(stripApiVersionSuffix("ListFunctions20150331")).toBe("ListFunctions");
    expect(stripApiVersionSuffix("CreateDBInstance")).toBe("CreateDBInstance");
    expect(classifyApi("lambda.amazonaws.com", "AddPermission20150331v2")).toBe("privilege");
    expect(classifyApi("lambda.amazonaws.com", "DeleteFunction20150331")).toBe("destructive");
  });

  it("classifies the real Stratus lambda-backdoor event and marks failed calls as not executed", async () => {
    const lambda = await readAll(fixture("aws.persistence.lambda-backdoor-function.json"), "x.json");
    expect(lambda.events).toHaveLength(1);
    expect(lambda.events[0].event).toMatchObject({ eventName: "AddPermission20150331v2", risk: "privilege", executed: true });

    const stop = await readAll(fixture("aws.defense-evasion.cloudtrail-stop.json"), "x.json");
    expect(stop.events[0].event).toMatchObject({ eventName: "StopLogging", risk: "destructive" });
  });
});
