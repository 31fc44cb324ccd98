import { createHash } from "node:crypto";

/**
 * Deterministic synthetic CloudTrail records (realistic shape: identities, sessions, agents, errors, resources)
 * for the benchmark and the crash-safety tests. Not used by the app itself.
 */
const ACCOUNTS = ["111122223333", "444455556666", "777788889999"];
const REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2", "cn-north-1"];
const CALLS: [string, string, boolean][] = [
  ["ec2.amazonaws.com", "DescribeInstances", true],
  ["s3.amazonaws.com", "GetObject", true],
  ["s3.amazonaws.com", "PutObject", false],
  ["iam.amazonaws.com", "GetRole", true],
  ["sts.amazonaws.com", "AssumeRole", false],
  ["lambda.amazonaws.com", "Invoke", false],
  ["cloudformation.amazonaws.com", "DescribeStacks", true],
  ["dynamodb.amazonaws.com", "GetItem", true],
  ["rds.amazonaws.com", "DescribeDBInstances", true],
  ["ec2.amazonaws.com", "TerminateInstances", false],
  ["cloudformation.amazonaws.com", "DeleteStack", false],
  ["iam.amazonaws.com", "PutRolePolicy", false],
];
const ROLES = ["ci-deployer", "monitoring", "AWSReservedSSO_AdministratorAccess_0a1b2c3d", "app-runtime", "agent-sandbox"];

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

function uuidFrom(n: number, seed: number): string {
  const h = createHash("md5").update(`${seed}:${n}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function syntheticRecord(
  i: number,
  opts: { seed?: number; startMs?: number; spanMs?: number; total?: number } = {},
): Record<string, unknown> {
  const seed = opts.seed ?? 1;
  const r = rng(seed * 1_000_003 + i);
  const start = opts.startMs ?? Date.UTC(2026, 10, 1);
  const span = opts.spanMs ?? 24 * 3600_000;
  const total = opts.total ?? 200_000;
  const account = ACCOUNTS[Math.floor(r() * ACCOUNTS.length)];
  const region = REGIONS[Math.floor(r() * REGIONS.length)];
  const partition = region.startsWith("cn-") ? "aws-cn" : "aws";
  const [eventSource, eventName, readOnly] = CALLS[Math.floor(r() * CALLS.length)];
  const role = ROLES[Math.floor(r() * ROLES.length)];
  const session = role.startsWith("AWSReservedSSO") ? `user${Math.floor(r() * 20)}@example.com` : `${role}-${Math.floor(r() * 50)}`;
  const failed = r() < 0.03;
  const t = start + Math.floor((i / total) * span) + Math.floor(r() * 1000);
  const instanceId = `i-${createHash("md5")
    .update(String(Math.floor(r() * 5000)))
    .digest("hex")
    .slice(0, 17)}`;
  return {
    eventVersion: "1.09",
    userIdentity: {
      type: "AssumedRole",
      principalId: `AROAEXAMPLE${Math.floor(r() * 1e6)}:${session}`,
      arn: `arn:${partition}:sts::${account}:assumed-role/${role}/${session}`,
      accountId: account,
      accessKeyId: `ASIAEXAMPLE${String(Math.floor(r() * 1e9)).padStart(9, "0")}`,
      sessionContext: {
        sessionIssuer: {
          type: "Role",
          principalId: "AROAEXAMPLE",
          arn: `arn:${partition}:iam::${account}:role/${role}`,
          accountId: account,
          userName: role,
        },
        attributes: { creationDate: new Date(t - 600_000).toISOString(), mfaAuthenticated: "false" },
      },
    },
    eventTime: new Date(t).toISOString().replace(/\.\d{3}Z$/, "Z"),
    eventSource,
    eventName,
    awsRegion: region,
    sourceIPAddress: `203.0.113.${Math.floor(r() * 255)}`,
    userAgent:
      r() < 0.5
        ? `aws-cli/2.15.30 md/command#${eventSource.split(".")[0]}.${eventName.replace(/[A-Z]/g, (c, k) => (k ? "-" : "") + c.toLowerCase())}`
        : "aws-sdk-go-v2/1.25.0",
    ...(failed ? { errorCode: "AccessDenied", errorMessage: `User is not authorized to perform: ${eventName}` } : {}),
    requestParameters: { instancesSet: { items: [{ instanceId }] }, stackName: `stack-${Math.floor(r() * 200)}` },
    responseElements: null,
    requestID: uuidFrom(i, seed + 7),
    eventID: uuidFrom(i, seed),
    readOnly,
    eventType: "AwsApiCall",
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: "Management",
  };
}

/** S3 delivery key for a file of records: AWSLogs/<acct>/CloudTrail/<region>/YYYY/MM/DD/<acct>_CloudTrail_<region>_<ts>_<n>.json.gz */
export function s3Key(account: string, region: string, t: number, n: number): string {
  const d = new Date(t);
  const ymd = [d.getUTCFullYear(), String(d.getUTCMonth() + 1).padStart(2, "0"), String(d.getUTCDate()).padStart(2, "0")];
  const ts = `${d.toISOString().replace(/[-:]/g, "").slice(0, 13)}Z`;
  return `AWSLogs/${account}/CloudTrail/${region}/${ymd.join("/")}/${account}_CloudTrail_${region}_${ts}_${String(n).padStart(6, "0")}.json.gz`;
}
