import {
  ACTORS,
  type Actor,
  API_FN,
  FORECAST_FN,
  LAMBDA_ROLE,
  NEW_REST_API_ID,
  NEW_STACK_ID,
  REST_API_ID,
  STACK,
  STACK_ID,
  TABLE,
} from "./actors";
import { at } from "./agent-steps";
import { arn, type CallSpec } from "./records";

/**
 * The incident's CloudTrail side beyond the agent's own CLI calls: CloudFormation's cascade on the agent's behalf,
 * customer-facing errors, detection, mitigation attempts, the 13-hour recovery, and unrelated human deletes.
 */
export const RECOVERY_EVENT_ID = "a9d4e6f1-2c8b-4f3a-b5e7-6d1c0f9a8e24";
/** eventIDs of the unrelated destructive calls people made that day (S3 bucket, EC2 instance, log group, a PR stack). */
export const UNRELATED_DELETE_EVENT_IDS = [
  "c2f7a9d1-5e3b-4a8c-9d6f-1b4e7a2c5d80",
  "d8b3e1f6-9a2c-4d7e-8f15-3c6a9b2e4f71",
  "f1c6d4a9-3b7e-4e2f-a8d5-7e9b1c3f6a42",
  "a4e9b2c7-6d1f-4c3a-9e8b-2f5d7a1c9e36",
];
const CFN = "cloudformation.amazonaws.com";
const BASIC_EXEC = "arn:aws-cn:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
const TEMPLATE_URL = "https://cost-insights-deploy-artifacts.s3.cn-north-1.amazonaws.com.cn/prod/cost-insights.yaml";

const cfnCall = (
  actor: Actor,
  t: number,
  source: string,
  name: string,
  params: Record<string, unknown>,
  extra: Partial<CallSpec> = {},
): CallSpec => ({
  at: t,
  actor,
  source,
  name,
  params,
  viaCloudFormation: true,
  ...extra,
});

const notFound = (what: string) => ({ code: "ResourceNotFoundException", message: what });

/** CloudFormation deleting the stack's resources for the agent's session (invokedBy cloudformation.amazonaws.com). */
function cascade(): CallSpec[] {
  const a = ACTORS.agent;
  const api = (sub = "") => [{ arn: arn.restApi(REST_API_ID, sub), type: "AWS::ApiGateway::RestApi" }];
  return [
    cfnCall(
      a,
      at(2, 14, 12),
      "apigateway.amazonaws.com",
      "DeleteStage",
      { restApiId: REST_API_ID, stageName: "prod" },
      { resources: api("/stages/prod") },
    ),
    cfnCall(
      a,
      at(2, 14, 14),
      "apigateway.amazonaws.com",
      "DeleteDeployment",
      { restApiId: REST_API_ID, deploymentId: "w8k2qz" },
      { resources: api("/deployments/w8k2qz") },
    ),
    cfnCall(a, at(2, 14, 20), "lambda.amazonaws.com", "RemovePermission20150331v2", {
      functionName: API_FN,
      statementId: "cost-insights-prod-ApiInvokePermission-1X2Y3Z",
    }),
    cfnCall(a, at(2, 14, 31), "apigateway.amazonaws.com", "DeleteRestApi", { restApiId: REST_API_ID }, { resources: api() }),
    cfnCall(a, at(2, 14, 45), "lambda.amazonaws.com", "DeleteFunction20150331", { functionName: API_FN }),
    cfnCall(a, at(2, 14, 46), "lambda.amazonaws.com", "DeleteFunction20150331", { functionName: FORECAST_FN }),
    cfnCall(a, at(2, 15, 20), "iam.amazonaws.com", "DetachRolePolicy", { roleName: LAMBDA_ROLE, policyArn: BASIC_EXEC }),
    cfnCall(a, at(2, 15, 21), "iam.amazonaws.com", "DeleteRolePolicy", { roleName: LAMBDA_ROLE, policyName: "usage-table-access" }),
    cfnCall(a, at(2, 15, 23), "iam.amazonaws.com", "DeleteRole", { roleName: LAMBDA_ROLE }),
    cfnCall(
      a,
      at(2, 15, 40),
      "dynamodb.amazonaws.com",
      "DeleteTable",
      { tableName: TABLE },
      {
        response: { tableDescription: { tableName: TABLE, tableArn: arn.table(TABLE), tableStatus: "DELETING", itemCount: 0 } },
      },
    ),
    ...[at(2, 16, 40), at(2, 18, 40), at(2, 20, 40)].map((t) =>
      cfnCall(a, t, "dynamodb.amazonaws.com", "DescribeTable", { tableName: TABLE }),
    ),
    cfnCall(
      a,
      at(2, 21, 20),
      "dynamodb.amazonaws.com",
      "DescribeTable",
      { tableName: TABLE },
      { error: notFound(`Requested resource not found: Table: ${TABLE} not found`) },
    ),
  ];
}

/** Recreated by the on-call engineer's CreateStack: CloudFormation creates every resource again; the API gets a new id. */
function recreation(): CallSpec[] {
  const o = ACTORS.oncallCli;
  const roleArn = arn.role(LAMBDA_ROLE);
  const fn = (name: string, t: number) =>
    cfnCall(
      o,
      t,
      "lambda.amazonaws.com",
      "CreateFunction20150331",
      { functionName: name, runtime: "python3.12", role: roleArn, handler: "app.handler", memorySize: 1024, timeout: 30 },
      {
        response: { functionName: name, functionArn: arn.fn(name), runtime: "python3.12", role: roleArn, state: "Pending" },
      },
    );
  return [
    {
      at: at(15, 12, 50),
      actor: o,
      source: CFN,
      name: "CreateStack",
      userAgent: o.userAgent,
      params: {
        stackName: STACK,
        templateURL: TEMPLATE_URL,
        parameters: [
          { parameterKey: "UsageTableKmsKeyArn", parameterValue: "alias/cost-insights-usage" },
          { parameterKey: "AlertTopicArn", parameterValue: "cost-insights-alerts" },
        ],
        capabilities: ["CAPABILITY_NAMED_IAM"],
      },
      response: { stackId: NEW_STACK_ID },
    },
    cfnCall(
      o,
      at(15, 12, 55),
      "dynamodb.amazonaws.com",
      "CreateTable",
      { tableName: TABLE, billingMode: "PAY_PER_REQUEST" },
      {
        response: { tableDescription: { tableName: TABLE, tableArn: arn.table(TABLE), tableStatus: "CREATING" } },
      },
    ),
    cfnCall(
      o,
      at(15, 12, 58),
      "iam.amazonaws.com",
      "CreateRole",
      { roleName: LAMBDA_ROLE, path: "/" },
      {
        response: {
          role: { path: "/", roleName: LAMBDA_ROLE, roleId: "AROAWB3XK5Q7LMBDXAMPL", arn: roleArn, createDate: "Dec 9, 2025, 3:12:58 PM" },
        },
      },
    ),
    cfnCall(o, at(15, 13, 5), "iam.amazonaws.com", "AttachRolePolicy", { roleName: LAMBDA_ROLE, policyArn: BASIC_EXEC }),
    cfnCall(o, at(15, 13, 6), "iam.amazonaws.com", "PutRolePolicy", { roleName: LAMBDA_ROLE, policyName: "usage-table-access" }),
    fn(API_FN, at(15, 13, 32)),
    fn(FORECAST_FN, at(15, 13, 33)),
    cfnCall(
      o,
      at(15, 14, 7),
      "apigateway.amazonaws.com",
      "CreateRestApi",
      { name: API_FN, endpointConfiguration: { types: ["REGIONAL"] } },
      {
        response: { id: NEW_REST_API_ID, name: API_FN },
        resources: [{ arn: arn.restApi(NEW_REST_API_ID), type: "AWS::ApiGateway::RestApi" }],
        eventId: RECOVERY_EVENT_ID,
      },
    ),
    cfnCall(
      o,
      at(15, 14, 15),
      "apigateway.amazonaws.com",
      "CreateDeployment",
      { restApiId: NEW_REST_API_ID, stageName: "prod" },
      {
        resources: [{ arn: arn.restApi(NEW_REST_API_ID, "/deployments"), type: "AWS::ApiGateway::RestApi" }],
      },
    ),
    cfnCall(o, at(15, 14, 20), "lambda.amazonaws.com", "AddPermission20150331v2", {
      functionName: API_FN,
      statementId: "cost-insights-prod-ApiInvokePermission-9Q8R7S",
      action: "lambda:InvokeFunction",
      principal: "apigateway.amazonaws.com",
    }),
  ];
}

/** People noticing, looking, and trying to restore the service. */
function response(): CallSpec[] {
  const c = ACTORS.oncallConsole;
  const cli = ACTORS.oncallCli;
  const gone = { code: "ValidationError", message: `Stack with id ${STACK} does not exist` };
  return [
    {
      at: at(2, 41, 12),
      actor: c,
      source: "signin.amazonaws.com",
      name: "ConsoleLogin",
      params: null,
      readOnly: false,
      response: { ConsoleLogin: "Success" },
      extra: { eventType: "AwsConsoleSignIn", additionalEventData: { MobileVersion: "No", MFAUsed: "Yes" } },
    },
    { at: at(2, 42, 3), actor: c, source: CFN, name: "DescribeStacks", params: { stackName: STACK }, error: gone },
    { at: at(2, 42, 31), actor: c, source: CFN, name: "ListStacks", params: { stackStatusFilter: ["DELETE_COMPLETE"] } },
    { at: at(2, 43, 10), actor: c, source: CFN, name: "DescribeStackEvents", params: { stackName: STACK_ID } },
    {
      at: at(2, 47, 55),
      actor: c,
      source: "lambda.amazonaws.com",
      name: "GetFunction20150331v2",
      params: { functionName: API_FN },
      error: notFound(`Function not found: ${arn.fn(API_FN)}`),
    },
    {
      at: at(2, 49, 20),
      actor: c,
      source: "dynamodb.amazonaws.com",
      name: "DescribeTable",
      params: { tableName: TABLE },
      error: notFound(`Requested resource not found: Table: ${TABLE} not found`),
    },
    { at: at(2, 50, 2), actor: c, source: "dynamodb.amazonaws.com", name: "ListBackups", params: { tableName: TABLE } },
    {
      at: at(3, 5, 40),
      actor: { ...ACTORS.agent, console: true, userAgent: ACTORS.zhao.userAgent, sourceIp: "203.0.113.42" },
      source: CFN,
      name: "DescribeStackEvents",
      params: { stackName: STACK_ID },
    },
    {
      at: at(3, 18, 44),
      actor: c,
      source: CFN,
      name: "CreateStack",
      params: { stackName: STACK, templateURL: TEMPLATE_URL },
      error: { code: "InsufficientCapabilitiesException", message: "Requires capabilities : [CAPABILITY_NAMED_IAM]" },
    },
    {
      at: at(4, 2, 9),
      actor: c,
      source: "dynamodb.amazonaws.com",
      name: "DescribeBackup",
      params: { backupArn: `${arn.table(TABLE)}/backup/01765236000000-3f1a9c2e` },
    },
    {
      at: at(5, 36, 10),
      actor: cli,
      source: CFN,
      name: "CreateStack",
      params: { stackName: STACK, templateURL: TEMPLATE_URL, capabilities: ["CAPABILITY_NAMED_IAM"] },
      error: {
        code: "ValidationError",
        message: "Template format error: Unresolved resource dependencies [UsageTableKmsKey] in the Resources block of the template",
      },
    },
    {
      at: at(9, 47, 31),
      actor: cli,
      source: "kms.amazonaws.com",
      name: "DescribeKey",
      params: { keyId: "alias/cost-insights-usage" },
      userAgent: cli.userAgent.replace("cloudformation.create-stack", "kms.describe-key"),
    },
    ...recreation(),
  ];
}

/** Health checks that hit the deleted resources: the customer-facing errors. Canary every 5 min, ingest every 10 min. */
function customerTraffic(): CallSpec[] {
  const out: CallSpec[] = [];
  const fnGone = [at(2, 14, 45), at(15, 13, 32)];
  const tableGone = [at(2, 15, 40), at(15, 12, 55)];
  for (let t = at(0, 0, 20); t < at(24, 0, 0); t += 5 * 60_000) {
    const down = t > fnGone[0] && t < fnGone[1];
    out.push({
      at: t,
      actor: ACTORS.canary,
      source: "lambda.amazonaws.com",
      name: "GetFunctionConfiguration20150331v2",
      params: { functionName: API_FN },
      ...(down ? { error: notFound(`Function not found: ${arn.fn(API_FN)}`) } : {}),
    });
  }
  for (let t = at(0, 3, 40); t < at(24, 0, 0); t += 10 * 60_000) {
    const down = t > tableGone[0] && t < tableGone[1];
    out.push({
      at: t,
      actor: ACTORS.ingest,
      source: "dynamodb.amazonaws.com",
      name: "DescribeTable",
      params: { tableName: TABLE },
      ...(down ? { error: notFound(`Requested resource not found: Table: ${TABLE} not found`) } : {}),
    });
  }
  return out;
}

/** Destructive calls by people that have nothing to do with the agent: never blamed on it. */
export function unrelatedHumanDeletes(): CallSpec[] {
  const z = ACTORS.zhao;
  return [
    {
      eventId: UNRELATED_DELETE_EVENT_IDS[0],
      at: at(5, 40, 18),
      actor: z,
      source: "s3.amazonaws.com",
      name: "DeleteBucket",
      params: { bucketName: "ci-artifacts-2023-archive", Host: "ci-artifacts-2023-archive.s3.cn-north-1.amazonaws.com.cn" },
    },
    {
      eventId: UNRELATED_DELETE_EVENT_IDS[1],
      at: at(6, 10, 2),
      actor: z,
      source: "ec2.amazonaws.com",
      name: "TerminateInstances",
      params: { instancesSet: { items: [{ instanceId: "i-0a7d3c9e5b2f41d86" }] } },
      response: {
        instancesSet: {
          items: [
            {
              instanceId: "i-0a7d3c9e5b2f41d86",
              currentState: { code: 32, name: "shutting-down" },
              previousState: { code: 80, name: "stopped" },
            },
          ],
        },
      },
    },
    {
      eventId: UNRELATED_DELETE_EVENT_IDS[2],
      at: at(6, 12, 40),
      actor: z,
      source: "logs.amazonaws.com",
      name: "DeleteLogGroup",
      params: { logGroupName: "/aws/lambda/legacy-export-dev" },
    },
    {
      eventId: UNRELATED_DELETE_EVENT_IDS[3],
      at: at(11, 25, 0),
      actor: z,
      source: CFN,
      name: "DeleteStack",
      params: { stackName: "cost-insights-pr-1423" },
    },
  ];
}

/** Every non-noise record of the story except the agent's own CLI calls. */
export function storyCalls(): CallSpec[] {
  return [...cascade(), ...response(), ...customerTraffic(), ...unrelatedHumanDeletes()];
}
