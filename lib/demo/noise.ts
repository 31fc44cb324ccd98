import { ACTORS, type Actor, DEMO_ACCOUNT, DEMO_DAY, DEMO_REGION } from "./actors";
import { arn, type CallSpec } from "./records";
import type { Rng } from "./rng";

/**
 * Background activity of a normal day in the account: CI (Terraform), monitoring, AWS services, other workloads and
 * people in the console. None of it touches the cost-insights-prod resources (so it never muddies the incident), and
 * the people's calls stay off the incident's services; the occasional destructive call here is someone else's.
 */

type Template = (rng: Rng, t: number) => CallSpec;

const OTHER_TABLES = ["billing-export-jobs", "invoice-pdf-index", "ri-recommendations", "tenant-settings"];
const OTHER_FUNCTIONS = ["billing-export-worker", "invoice-renderer", "ri-recommender", "tenant-settings-api"];
const OTHER_STACKS = ["billing-export-prod", "invoice-service-prod", "ri-recommender-prod", "shared-network-prod"];
const INSTANCES = ["i-04c1e8f2a9b7d3560", "i-0b5d7a3c1e9f28746", "i-0e2f9c4b7a1d53680"];
const BUCKETS = ["billing-exports-cn-north-1", "invoice-pdfs-prod", "cost-insights-deploy-artifacts"];

const ci = (rng: Rng): Actor => ACTORS.ci(String(rng.int(12_480_000_000, 12_489_999_999)));

const datadog: Template[] = [
  (_rng, t) => ({
    at: t,
    actor: ACTORS.datadog,
    source: "monitoring.amazonaws.com",
    name: "GetMetricData",
    params: { startTime: new Date(t - 600_000).toISOString(), endTime: new Date(t).toISOString() },
  }),
  (_rng, t) => ({ at: t, actor: ACTORS.datadog, source: "monitoring.amazonaws.com", name: "DescribeAlarms", params: { maxRecords: 100 } }),
  (_rng, t) => ({ at: t, actor: ACTORS.datadog, source: "lambda.amazonaws.com", name: "ListFunctions20150331", params: { maxItems: 50 } }),
  (rng, t) => ({
    at: t,
    actor: ACTORS.datadog,
    source: "dynamodb.amazonaws.com",
    name: "DescribeTable",
    params: { tableName: rng.pick(OTHER_TABLES) },
  }),
  (_rng, t) => ({ at: t, actor: ACTORS.datadog, source: "ec2.amazonaws.com", name: "DescribeInstances", params: { maxResults: 1000 } }),
  (_rng, t) => ({ at: t, actor: ACTORS.datadog, source: "tagging.amazonaws.com", name: "GetResources", params: { resourcesPerPage: 100 } }),
];

const cicd: Template[] = [
  (rng, t) => ({
    at: t,
    actor: ci(rng),
    source: "cloudformation.amazonaws.com",
    name: "DescribeStacks",
    params: { stackName: rng.pick(OTHER_STACKS) },
  }),
  (rng, t) => {
    const fn = rng.pick(OTHER_FUNCTIONS);
    return { at: t, actor: ci(rng), source: "lambda.amazonaws.com", name: "GetFunction20150331v2", params: { functionName: fn } };
  },
  (rng, t) => ({
    at: t,
    actor: ci(rng),
    source: "iam.amazonaws.com",
    name: "GetRole",
    params: { roleName: `${rng.pick(OTHER_FUNCTIONS)}-role` },
  }),
  (rng, t) => ({
    at: t,
    actor: ci(rng),
    source: "dynamodb.amazonaws.com",
    name: "DescribeContinuousBackups",
    params: { tableName: rng.pick(OTHER_TABLES) },
  }),
  (rng, t) => {
    const fn = rng.pick(OTHER_FUNCTIONS);
    return {
      at: t,
      actor: ci(rng),
      source: "lambda.amazonaws.com",
      name: "UpdateFunctionCode20150331v2",
      params: { functionName: fn, s3Bucket: "cost-insights-deploy-artifacts", s3Key: `${fn}/${rng.hex(12)}.zip` },
      response: { functionName: fn, functionArn: arn.fn(fn), lastUpdateStatus: "InProgress" },
    };
  },
  (rng, t) => ({
    at: t,
    actor: ci(rng),
    source: "ssm.amazonaws.com",
    name: "PutParameter",
    params: { name: `/deploy/${rng.pick(OTHER_FUNCTIONS)}/version`, type: "String", overwrite: true },
  }),
  (rng, t) => ({
    at: t,
    actor: ci(rng),
    source: "lambda.amazonaws.com",
    name: "DeleteFunction20150331",
    params: { functionName: `invoice-renderer-pr-${rng.int(1400, 1499)}` },
  }),
];

const services: Template[] = [
  (rng, t) => {
    const host = rng.pick(["ecs-tasks.amazonaws.com", "lambda.amazonaws.com"]);
    const fn = rng.pick(OTHER_FUNCTIONS);
    const role = host === "lambda.amazonaws.com" ? `${fn}-role` : "cost-insights-ingest-task";
    const session = host === "lambda.amazonaws.com" ? fn : rng.hex(32);
    return {
      at: t,
      actor: ACTORS.service(host),
      source: "sts.amazonaws.com",
      name: "AssumeRole",
      params: { roleArn: arn.role(role), roleSessionName: session, durationSeconds: 3600 },
      response: {
        credentials: { accessKeyId: rng.accessKeyId(), expiration: new Date(t + 3_600_000).toUTCString() },
        assumedRoleUser: {
          assumedRoleId: `AROAWB3XK5Q7${rng.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 9)}:${session}`,
          arn: `arn:aws-cn:sts::${DEMO_ACCOUNT}:assumed-role/${role}/${session}`,
        },
      },
    };
  },
  (_rng, t) => ({
    at: t,
    actor: ACTORS.service("dynamodb.amazonaws.com"),
    source: "kms.amazonaws.com",
    name: "Decrypt",
    params: { encryptionAlgorithm: "SYMMETRIC_DEFAULT" },
  }),
  (_rng, t) => ({
    at: t,
    actor: ACTORS.service("logs.amazonaws.com"),
    source: "kms.amazonaws.com",
    name: "GenerateDataKey",
    params: { keySpec: "AES_256" },
  }),
];

const workloads: Template[] = [
  (_rng, t) => ({
    at: t,
    actor: ACTORS.exportWorker,
    source: "ssm.amazonaws.com",
    name: "GetParameter",
    params: { name: "/billing-export/config", withDecryption: true },
  }),
  (_rng, t) => ({
    at: t,
    actor: ACTORS.exportWorker,
    source: "secretsmanager.amazonaws.com",
    name: "GetSecretValue",
    params: { secretId: `arn:aws-cn:secretsmanager:${DEMO_REGION}:${DEMO_ACCOUNT}:secret:billing-export/partner-api-Xy12Ab` },
  }),
  (_rng, t) => ({
    at: t,
    actor: ACTORS.exportWorker,
    source: "kms.amazonaws.com",
    name: "Decrypt",
    params: { encryptionAlgorithm: "SYMMETRIC_DEFAULT" },
  }),
  (_rng, t) => ({
    at: t,
    actor: ACTORS.exportWorker,
    source: "dynamodb.amazonaws.com",
    name: "DescribeTable",
    params: { tableName: "billing-export-jobs" },
  }),
  (_rng, t) => ({
    at: t,
    actor: ACTORS.ingest,
    source: "kms.amazonaws.com",
    name: "Decrypt",
    params: { encryptionAlgorithm: "SYMMETRIC_DEFAULT" },
  }),
];

const people: Template[] = [
  (rng, t) => ({
    at: t,
    actor: rng.pick([ACTORS.zhao, ACTORS.sun]),
    source: "ec2.amazonaws.com",
    name: "DescribeInstances",
    params: { instancesSet: { items: [{ instanceId: rng.pick(INSTANCES) }] } },
  }),
  (_rng, t) => ({
    at: t,
    actor: ACTORS.sun,
    source: "ce.amazonaws.com",
    name: "GetCostAndUsage",
    params: { granularity: "DAILY", metrics: ["UnblendedCost"] },
  }),
  (rng, t) => ({
    at: t,
    actor: rng.pick([ACTORS.zhao, ACTORS.sun]),
    source: "s3.amazonaws.com",
    name: "GetBucketLocation",
    params: { bucketName: rng.pick(BUCKETS), location: "" },
  }),
  (_rng, t) => ({
    at: t,
    actor: ACTORS.zhao,
    source: "monitoring.amazonaws.com",
    name: "DescribeAlarms",
    params: { alarmNamePrefix: "billing-" },
  }),
  (_rng, t) => ({
    at: t,
    actor: ACTORS.zhao,
    source: "logs.amazonaws.com",
    name: "DescribeLogGroups",
    params: { logGroupNamePrefix: "/aws/lambda/invoice" },
  }),
  (rng, t) => ({
    at: t,
    actor: ACTORS.zhao,
    source: "ec2.amazonaws.com",
    name: "StopInstances",
    params: { instancesSet: { items: [{ instanceId: rng.pick(INSTANCES) }] }, force: false },
  }),
];

const GROUPS: (readonly [Template[], number])[] = [
  [datadog, 35],
  [cicd, 20],
  [services, 15],
  [workloads, 20],
  [people, 10],
];

/** `count` background calls over the demo day, deterministic for the rng's seed. People work 01:00–12:00 UTC. */
export function noiseCalls(rng: Rng, count: number): CallSpec[] {
  const out: CallSpec[] = [];
  for (let i = 0; i < count; i++) {
    const group = rng.weighted(GROUPS);
    const template = rng.pick(group);
    const span = group === people ? [1, 12] : [0, 24];
    const t = DEMO_DAY + Math.floor(span[0] * 3600 + rng.next() * (span[1] - span[0]) * 3600) * 1000;
    out.push(template(rng, t));
  }
  return out;
}
