import { describe, expect, it } from "vitest";
import { canonicalJson, contentHash, normalizeRecord, parseEventTime, sha256Hex } from "@/lib/cloudtrail";
import { NormalizedEvent } from "@/lib/model/cloudtrail-event";
import { corpus, fixture, readAll } from "./helpers";

const base = {
  eventVersion: "1.08",
  eventTime: "2024-05-01T12:00:00Z",
  eventSource: "ec2.amazonaws.com",
  eventName: "TerminateInstances",
  awsRegion: "us-east-1",
  eventID: "e-1",
  recipientAccountId: "111122223333",
};

function ok(record: unknown) {
  const r = normalizeRecord(record);
  if (!r.ok) throw new Error(`expected ok, got: ${r.reason}`);
  NormalizedEvent.parse(r.event);
  return r.event;
}

function reason(record: unknown): string {
  const r = normalizeRecord(record);
  if (r.ok) throw new Error("expected a quarantine");
  return r.reason;
}

describe("parseEventTime", () => {
  it.each([
    ["2021-11-18T09:41:02-08:00", Date.UTC(2021, 10, 18, 17, 41, 2)],
    ["2019-11-14T00:51:00Z", Date.UTC(2019, 10, 14, 0, 51, 0)],
    ["2019-11-14T00:51:00.123456789Z", Date.UTC(2019, 10, 14, 0, 51, 0, 123)],
    ["20131102T010628Z", Date.UTC(2013, 10, 2, 1, 6, 28)],
    ["2021-01-01 00:00:00", Date.UTC(2021, 0, 1)],
    ["2023-01-22 16:53:53.000", Date.UTC(2023, 0, 22, 16, 53, 53)],
    ["2024-03-01T10:00:00+0530", Date.UTC(2024, 2, 1, 4, 30)],
    [1424476529.0, 1424476529000],
    [1424476529123, 1424476529123],
    ["1424476529", 1424476529000],
  ] as const)("%j → %d", (input, ms) => {
    expect(parseEventTime(input)).toBe(ms);
  });

  it.each(["redacted", "...", "", "2021-13-01T00:00:00Z", "yesterday", null, true, {}])("rejects %j", (v) => {
    expect(parseEventTime(v)).toBeNull();
  });
});

describe("normalizeRecord: quarantine reasons name the field", () => {
  it.each([
    [null, /not a JSON object \(null\)/],
    [[1, 2], /not a JSON object \(array\)/],
    ["text", /not a JSON object \(string\)/],
    [{ ...base, eventTime: undefined }, /missing eventTime/],
    [{ ...base, eventTime: "redacted" }, /unreadable eventTime "redacted"/],
    [{ ...base, eventName: undefined }, /missing eventName/],
    [{ ...base, eventName: 42 }, /eventName is not a string \(number\)/],
    [{ ...base, eventSource: undefined }, /missing eventSource/],
    [{ ...base, eventSource: ["ec2"] }, /eventSource is not a string \(array\)/],
    [{ ...base, eventName: "  " }, /eventName is empty/],
  ])("%j", (rec, re) => {
    expect(reason(rec)).toMatch(re);
  });
});

describe("normalizeRecord: fields", () => {
  it("keeps raw untouched; its content hash is over canonical JSON (key order does not matter)", () => {
    const rec = { ...base };
    const e = ok(rec);
    expect(e.raw).toBe(rec);
    expect(contentHash(e.raw)).toBe(sha256Hex(canonicalJson(rec)));
    const reordered = Object.fromEntries(Object.entries(rec).reverse());
    expect(contentHash(ok(reordered).raw)).toBe(contentHash(e.raw));
    expect(contentHash(ok({ ...rec, eventName: "StopInstances" }).raw)).not.toBe(contentHash(e.raw));
  });

  it("gives records without eventID a deterministic sha256 id", () => {
    const { eventID: _omit, ...rec } = base;
    const a = ok(rec);
    expect(a.eventId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(ok(JSON.parse(JSON.stringify(rec))).eventId).toBe(a.eventId);
    expect(ok({ ...rec, awsRegion: "eu-west-1" }).eventId).not.toBe(a.eventId);
  });

  it("marks failed calls executed:false, tolerates errorCode 200", () => {
    expect(ok({ ...base, errorCode: "Client.UnauthorizedOperation", errorMessage: "nope" })).toMatchObject({
      executed: false,
      risk: "destructive",
      errorCode: "Client.UnauthorizedOperation",
      errorMessage: "nope",
    });
    expect(ok({ ...base, errorCode: "200" }).executed).toBe(true);
    expect(ok(base).executed).toBe(true);
    expect(
      ok({ ...base, eventSource: "signin.amazonaws.com", eventName: "ConsoleLogin", responseElements: { ConsoleLogin: "Failure" } })
        .executed,
    ).toBe(false);
  });

  it("reads readOnly as boolean or string, strips userAgent brackets", () => {
    expect(ok({ ...base, readOnly: "false" }).readOnly).toBe(false);
    expect(ok({ ...base, readOnly: true }).readOnly).toBe(true);
    expect(ok(base).readOnly).toBeNull();
    expect(ok({ ...base, userAgent: "[aws-cli/1.11.10 Python/2.7.8]" }).userAgent).toBe("aws-cli/1.11.10 Python/2.7.8");
  });

  it("derives the partition from ARNs first, then the region", () => {
    expect(ok({ ...base, awsRegion: "cn-north-1" }).partition).toBe("aws-cn");
    expect(ok({ ...base, awsRegion: "us-gov-west-1" }).partition).toBe("aws-us-gov");
    expect(ok({ ...base, awsRegion: "eu-west-1" }).partition).toBe("aws");
    const cn = ok({
      ...base,
      awsRegion: "cn-north-1",
      userIdentity: { type: "IAMUser", arn: "arn:aws-cn:iam::123456789012:user/li", userName: "li" },
    });
    expect(cn.partition).toBe("aws-cn");
    // Stratus uses fake cn- regions with aws ARNs: the ARN wins.
    expect(ok({ ...base, awsRegion: "cn-west-3r", resources: [{ ARN: "arn:aws:ssm:cn-west-3r:1:parameter/x" }] }).partition).toBe("aws");
  });
});

describe("normalizeRecord: identity", () => {
  it("assumed role: session name, role ARN from sessionIssuer", () => {
    const e = ok({
      ...base,
      userIdentity: {
        type: "AssumedRole",
        principalId: "AROAEXAMPLE:deploy-bot",
        arn: "arn:aws:sts::111122223333:assumed-role/Deployer/deploy-bot",
        accountId: "111122223333",
        accessKeyId: "ASIAEXAMPLE",
        sessionContext: { sessionIssuer: { type: "Role", arn: "arn:aws:iam::111122223333:role/ci/Deployer" }, sourceIdentity: "alice" },
      },
    });
    expect(e).toMatchObject({
      principalType: "AssumedRole",
      principalArn: "arn:aws:sts::111122223333:assumed-role/Deployer/deploy-bot",
      sessionName: "deploy-bot",
      roleArn: "arn:aws:iam::111122223333:role/ci/Deployer",
      humanName: null,
      sourceIdentity: "alice",
      accessKeyId: "ASIAEXAMPLE",
    });
  });

  it("SSO: the session name is the person", () => {
    const e = ok({
      ...base,
      userIdentity: {
        type: "AssumedRole",
        arn: "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_AdministratorAccess_0123abcd/jane.doe",
        sessionContext: {
          sessionIssuer: {
            arn: "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_AdministratorAccess_0123abcd",
          },
        },
      },
    });
    expect(e).toMatchObject({ sessionName: "jane.doe", humanName: "jane.doe" });
  });

  it("assumed role without sessionIssuer: role ARN derived from the session ARN", () => {
    const e = ok({ ...base, userIdentity: { type: "AssumedRole", arn: "arn:aws-cn:sts::111122223333:assumed-role/Ops/bob@example.com" } });
    expect(e).toMatchObject({ roleArn: "arn:aws-cn:iam::111122223333:role/Ops", humanName: "bob@example.com", partition: "aws-cn" });
  });

  it("federated user (real Stratus event)", async () => {
    const r = await readAll(fixture("aws.persistence.sts-federation-token.json"), "x.json");
    const fed = r.events.find((i) => i.event.principalType === "FederatedUser");
    expect(fed?.event).toMatchObject({
      principalArn: "arn:aws:sts::742491224508:federated-user/stratus_red_team",
      humanName: "stratus_red_team",
      roleArn: "arn:aws:iam::742491224508:user/stratus-red-team-user-federation-user",
      sessionName: null,
    });
  });

  it("SAML user and Identity Center 'Unknown' user: userName, else principalId tail", () => {
    expect(
      ok({ ...base, userIdentity: { type: "SAMLUser", principalId: "SAMLXYZ:some.user@corp.com", userName: "some.user@corp.com" } })
        .humanName,
    ).toBe("some.user@corp.com");
    expect(ok({ ...base, userIdentity: { type: "SAMLUser", principalId: "SAMLXYZ:carol" } }).humanName).toBe("carol");
    expect(ok({ ...base, userIdentity: { type: "Unknown", principalId: "id", userName: "dave" } }).humanName).toBe("dave");
  });

  it("IAM user and root", () => {
    expect(
      ok({
        ...base,
        userIdentity: { type: "IAMUser", arn: "arn:aws:iam::111122223333:user/path/alice", userName: "alice", accessKeyId: "AKIAEXAMPLE" },
      }),
    ).toMatchObject({
      humanName: "alice",
      accessKeyId: "AKIAEXAMPLE",
      sessionName: null,
      roleArn: null,
    });
    expect(ok({ ...base, userIdentity: { type: "IAMUser", arn: "arn:aws:iam::111122223333:user/path/bob" } }).humanName).toBe("bob");
    expect(
      ok({ ...base, userIdentity: { type: "Root", arn: "arn:aws:iam::111122223333:root", principalId: "111122223333" } }),
    ).toMatchObject({
      principalType: "Root",
      principalArn: "arn:aws:iam::111122223333:root",
      humanName: null,
      roleArn: null,
    });
  });

  it("top-level sourceIdentity is used when sessionContext has none", () => {
    expect(
      ok({ ...base, sourceIdentity: "agent-7", userIdentity: { type: "AssumedRole", arn: "arn:aws:sts::1:assumed-role/R/s" } })
        .sourceIdentity,
    ).toBe("agent-7");
  });
});

describe("normalizeRecord: resources", () => {
  it("collects resources[] ARNs, request identifiers, instancesSet items, bucket/key; dedupes in order", () => {
    const e = ok({
      ...base,
      resources: [{ ARN: "arn:aws:ec2:us-east-1:111122223333:instance/i-1" }, { ARNPrefix: "arn:aws:s3:::bucket/prefix" }],
      requestParameters: {
        instancesSet: { items: [{ instanceId: "i-1" }, { instanceId: "i-2" }] },
        bucketName: "bkt",
        key: "path/obj.txt",
        roleArn: "arn:aws:iam::111122223333:role/X",
        unrelated: "not-an-id",
      },
      responseElements: { instancesSet: { items: [{ instanceId: "i-2" }, { instanceId: "i-3" }] } },
    });
    expect(e.resources).toEqual([
      "arn:aws:ec2:us-east-1:111122223333:instance/i-1",
      "arn:aws:s3:::bucket/prefix",
      "i-1",
      "i-2",
      "bkt",
      "bkt/path/obj.txt",
      "arn:aws:iam::111122223333:role/X",
      "i-3",
    ]);
  });

  it.each([
    ["cloudformation.amazonaws.com", "DeleteStack", { stackName: "prod-api" }, ["prod-api"]],
    ["rds.amazonaws.com", "DeleteDBInstance", { dBInstanceIdentifier: "db1" }, ["db1"]],
    ["rds.amazonaws.com", "DeleteDBCluster", { dBClusterIdentifier: "c1" }, ["c1"]],
    ["lambda.amazonaws.com", "DeleteFunction20150331", { functionName: "fn" }, ["fn"]],
    ["ecs.amazonaws.com", "DeleteService", { cluster: "c", service: "s" }, ["c", "s"]],
    ["dynamodb.amazonaws.com", "DeleteTable", { tableName: "t" }, ["t"]],
    [
      "iam.amazonaws.com",
      "AttachRolePolicy",
      { roleName: "r", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" },
      ["r", "arn:aws:iam::aws:policy/AdministratorAccess"],
    ],
    ["kms.amazonaws.com", "ScheduleKeyDeletion", { keyId: "k-1", pendingWindowInDays: 7 }, ["k-1"]],
    ["cloudtrail.amazonaws.com", "StopLogging", { name: "main-trail" }, ["main-trail"]],
    ["ec2.amazonaws.com", "CreateTags", { name: "ignored-for-ec2" }, []],
    ["logs.amazonaws.com", "DeleteLogGroup", { logGroupName: "/aws/lambda/x" }, ["/aws/lambda/x"]],
    ["sqs.amazonaws.com", "PurgeQueue", { queueUrl: "https://sqs/1/q" }, ["https://sqs/1/q"]],
    ["ec2.amazonaws.com", "DeleteSnapshot", { snapshotId: "snap-1" }, ["snap-1"]],
    ["ec2.amazonaws.com", "DeleteSecurityGroup", { groupId: "sg-1" }, ["sg-1"]],
    ["route53.amazonaws.com", "DeleteHostedZone", { id: "Z1", hostedZoneId: "Z1" }, ["Z1"]],
    ["secretsmanager.amazonaws.com", "DeleteSecret", { secretId: "s" }, ["s"]],
    [
      "elasticloadbalancing.amazonaws.com",
      "DeleteLoadBalancer",
      { loadBalancerArn: "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/x/1" },
      ["arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/x/1"],
    ],
  ])("%s %s", (eventSource, eventName, requestParameters, expected) => {
    expect(ok({ ...base, eventSource, eventName, requestParameters }).resources).toEqual(expected);
  });

  it("real DeleteDBInstance (Elastic corpus): request id and the response ARN, not the VPC/subnets", async () => {
    const r = await readAll(corpus("elastic-integrations/test-delete-db-instance-json.log"), "test-delete-db-instance-json.log");
    expect(r.events[0].event.resources).toEqual([
      "test-cloudtrail-event-instance-31611-restored",
      "arn:aws:rds:us-east-1:000000000:db:test-cloudtrail-event-instance-31611-restored",
    ]);
  });
});

describe("normalizeRecord: special records", () => {
  it("Insights events: name/source from insightDetails, risk read, sharedEventID kept in raw", async () => {
    const r = await readAll(
      corpus("awsdocs-cloudtrail-user-guide/cloudtrail-log-file-examples.08.cloudtrail-insights-event-log-example.json"),
      "x.json",
    );
    expect(r.events).toHaveLength(2);
    const [start, end] = r.events.map((i) => i.event);
    expect(start).toMatchObject({
      eventName: "UpdateInstanceInformation",
      eventSource: "ssm.amazonaws.com",
      eventType: "AwsCloudTrailInsight",
      risk: "read",
    });
    expect(start.eventId).not.toBe(end.eventId);
    expect(start.raw.sharedEventID).toBe(end.raw.sharedEventID);
  });

  it("Insights with a destructive API name is still read", () => {
    const e = ok({
      eventType: "AwsCloudTrailInsight",
      eventTime: base.eventTime,
      eventID: "i",
      insightDetails: { eventName: "DeleteBucket", eventSource: "s3.amazonaws.com" },
    });
    expect(e).toMatchObject({ eventName: "DeleteBucket", risk: "read" });
  });

  it("Datadog re-exports: userAgent and sourceIp from http.useragent / network.client.ip", async () => {
    const r = await readAll(fixture("cloudtrail2sightings.aws.defense-evasion.cloudtrail-delete.json"), "x.json");
    expect(r.events[0].event).toMatchObject({
      eventName: "DeleteTrail",
      userAgent: "stratus-red-team_40d78cfa-a3da-48c3-9936-71c75ce30eab",
      sourceIp: "62.167.105.104",
      requestId: "a0450a0b-c50f-44d8-8b65-9be2f4b83058",
      sessionName: "christophe.tafanidereeper",
      risk: "destructive",
    });
  });

  it("Elastic edge cases: errorCode 200, comma-separated IP, SAMLUser, 13-digit account", async () => {
    const r = await readAll(corpus("elastic-integrations/test-tls-details-json.log"), "test-tls-details-json.log");
    const saml = r.events.find((i) => i.event.principalType === "SAMLUser")?.event;
    expect(saml).toMatchObject({
      eventName: "action",
      errorCode: "200",
      executed: true,
      sourceIp: "81.2.69.142, 192.168.10.10",
      humanName: "some.user@my.company.com",
    });
    expect(r.events.some((i) => i.event.accountId === "0123456789012")).toBe(true);
  });

  it("real failed calls from Stratus are classified but not executed", async () => {
    const r = await readAll(corpus("stratus-red-team/detonation-logs/aws.credential-access.ec2-get-password-data.json"), "x.json");
    const failed = r.events.filter((i) => !i.event.executed);
    expect(failed.length).toBeGreaterThan(0);
    for (const f of failed) expect(f.event.errorCode).toBeTruthy();
    expect(failed).toHaveLength(32);
    const byName = (n: string) => failed.filter((f) => f.event.eventName === n);
    expect(byName("GetPasswordData")).toHaveLength(30);
    expect(byName("GetPasswordData").every((f) => f.event.risk === "read" && f.event.errorCode === "Client.UnauthorizedOperation")).toBe(
      true,
    );
    expect(byName("AssumeRole").every((f) => f.event.risk === "privilege" && f.event.errorCode === "AccessDenied")).toBe(true);
  });
});
