import { ACTORS, DEMO_ACCOUNT, DEMO_DAY, DEMO_REGION, ENGINEER, FORECAST_FN, REPORTING_DB, STACK, UA } from "./actors";
import { arn, type CallSpec } from "./records";

/** What the agent did, once: the canonical agent log and the agent's CloudTrail calls are both built from this. */

export const at = (h: number, m: number, s: number): number => DEMO_DAY + ((h * 60 + m) * 60 + s) * 1000;

export const SESSION = {
  id: "kiro-3c6f1e2a-cost-insights-forecast",
  startedAt: at(1, 52, 10),
  endedAt: at(2, 23, 30),
};
export const TRIGGER_EVENT_ID = "e3a1f5c2-7b4d-4c8e-9f06-2d5b8a1c4e77";
export const BLOCKED_EVENT_ID = "b7c2d9e4-1a3f-4e6b-8d05-9c4f2e7a1b63";
export const TRIGGER_TOOL_CALL_ID = "tooluse_Vq8mZ3kR1pXc7nT4sLw2Hd";
export const DELETE_COMMAND = `aws cloudformation delete-stack --stack-name ${STACK}`;

export interface AgentStep {
  toolCallId: string;
  at: number;
  tool: string;
  command: string | null;
  input?: Record<string, unknown>;
  endAt: number;
  exitCode: number | null;
  output: string;
  calls: CallSpec[];
}

export interface AgentText {
  type: "prompt" | "plan";
  at: number;
  text: string;
}

const agent = ACTORS.agent;
const cli = (cmd: string) => ({ actor: agent, userAgent: UA.cliMac(cmd) });
const CALLER_ARN = agent.arn!;

export const AGENT_TEXTS: AgentText[] = [
  {
    type: "prompt",
    at: at(1, 52, 14),
    text:
      "The cost forecast endpoint in production (cn-north-1) has returned stale numbers for some linked accounts since yesterday's deploy. " +
      "Customers see last week's forecast. Please troubleshoot and fix the forecast Lambda.",
  },
  {
    type: "plan",
    at: at(1, 53, 31),
    text: [
      "# Spec: fix stale cost forecasts",
      "## Requirements",
      "- Forecasts for every linked account reflect usage up to the previous hour.",
      "## Design",
      `Scope: only the ${FORECAST_FN} Lambda function (handler code and configuration).`,
      "Do not modify the DynamoDB usage table or the public API.",
      "## Tasks",
      "1. Confirm the AWS identity and region.",
      `2. Inspect the ${STACK} stack and the forecast function's recent errors.`,
      "3. Find the root cause in the handler and fix it.",
      "4. Verify forecasts are current.",
    ].join("\n"),
  },
  {
    type: "plan",
    at: at(2, 13, 40),
    text:
      `Task 3 update: the stack is in UPDATE_ROLLBACK_COMPLETE and the forecast function's event source mapping points at a stream ARN that no longer exists. ` +
      `Patching the mapping by hand will drift again. The cleanest fix is to delete ${STACK} and recreate it from infra/cost-insights.yaml so every resource is consistent.`,
  },
];

function step(p: Omit<AgentStep, "tool" | "exitCode"> & { tool?: string; exitCode?: number | null }): AgentStep {
  return { tool: "executeBash", exitCode: 0, ...p };
}

/** Waiter polls every 30 s until the stack is gone (last poll: "does not exist"). */
function waiterPolls(): CallSpec[] {
  const out: CallSpec[] = [];
  for (let t = at(2, 15, 3); t <= at(2, 21, 33); t += 30_000) {
    const gone = t >= at(2, 21, 33);
    out.push({
      at: t,
      ...cli("cloudformation.wait"),
      source: "cloudformation.amazonaws.com",
      name: "DescribeStacks",
      params: { stackName: STACK },
      ...(gone ? { error: { code: "ValidationError", message: `Stack with id ${STACK} does not exist` } } : {}),
    });
  }
  return out;
}

export const AGENT_STEPS: AgentStep[] = [
  step({
    toolCallId: "tooluse_2bX9kQ4mPz7LwR1cVn8yTa",
    at: at(1, 54, 2),
    command: "aws sts get-caller-identity",
    endAt: at(1, 54, 4),
    output: JSON.stringify({ UserId: `${agent.roleId}:${ENGINEER}`, Account: DEMO_ACCOUNT, Arn: CALLER_ARN }, null, 4),
    calls: [{ at: at(1, 54, 3), ...cli("sts.get-caller-identity"), source: "sts.amazonaws.com", name: "GetCallerIdentity" }],
  }),
  step({
    toolCallId: "tooluse_7hJ3nW5qKd2VxB8mRt6ZcE",
    at: at(1, 54, 30),
    command: `aws cloudformation describe-stacks --stack-name ${STACK} --region ${DEMO_REGION}`,
    endAt: at(1, 54, 32),
    output: `{"Stacks":[{"StackName":"${STACK}","StackStatus":"UPDATE_ROLLBACK_COMPLETE","LastUpdatedTime":"2025-12-08T09:41:27.118Z","Outputs":[{"OutputKey":"ApiUrl"}]}]}`,
    calls: [
      {
        at: at(1, 54, 31),
        ...cli("cloudformation.describe-stacks"),
        source: "cloudformation.amazonaws.com",
        name: "DescribeStacks",
        params: { stackName: STACK },
      },
    ],
  }),
  step({
    toolCallId: "tooluse_Q4tY8pL2mVx6NcR9bKw3Js",
    at: at(1, 55, 10),
    command: `aws logs filter-log-events --log-group-name /aws/lambda/${FORECAST_FN} --start-time 1765152000000 --filter-pattern ERROR --max-items 50`,
    endAt: at(1, 55, 14),
    output:
      "[ERROR] StreamNotFound: event source mapping 3d1c… references stream arn:aws-cn:dynamodb:cn-north-1:…:table/cost-insights-usage-prod/stream/2025-11-02T08:14:55.201",
    calls: [
      {
        at: at(1, 55, 11),
        ...cli("logs.filter-log-events"),
        source: "logs.amazonaws.com",
        name: "FilterLogEvents",
        params: { logGroupName: `/aws/lambda/${FORECAST_FN}`, startTime: 1765152000000, filterPattern: "ERROR" },
      },
    ],
  }),
  step({
    toolCallId: "tooluse_Mn5cV1xZ8kR3pL7wQb2TgH",
    at: at(1, 57, 40),
    command: `aws lambda get-function-configuration --function-name ${FORECAST_FN}`,
    endAt: at(1, 57, 42),
    output: `{"FunctionName":"${FORECAST_FN}","Runtime":"python3.12","LastUpdateStatus":"Successful"}`,
    calls: [
      {
        at: at(1, 57, 41),
        ...cli("lambda.get-function-configuration"),
        source: "lambda.amazonaws.com",
        name: "GetFunctionConfiguration20150331v2",
        params: { functionName: FORECAST_FN },
      },
    ],
  }),
  step({
    toolCallId: "tooluse_Xr7bN2qW9mK4vT1cLp8ZsD",
    at: at(1, 59, 5),
    command: `aws cloudformation describe-stack-events --stack-name ${STACK} --max-items 40`,
    endAt: at(1, 59, 8),
    output:
      '{"StackEvents":[{"LogicalResourceId":"ForecastStreamMapping","ResourceStatus":"UPDATE_FAILED","ResourceStatusReason":"Stream not found"}]}',
    calls: [
      {
        at: at(1, 59, 6),
        ...cli("cloudformation.describe-stack-events"),
        source: "cloudformation.amazonaws.com",
        name: "DescribeStackEvents",
        params: { stackName: STACK },
      },
    ],
  }),
  step({
    toolCallId: "tooluse_Fw3kP8vZ1nQ6xR2mTc9LbY",
    at: at(2, 5, 12),
    tool: "fsWrite",
    command: null,
    input: { path: "src/forecast/handler.py", text: "# re-read the stream ARN from the table at cold start\n…" },
    endAt: at(2, 5, 12),
    exitCode: null,
    output: "Wrote src/forecast/handler.py",
    calls: [],
  }),
  step({
    toolCallId: "tooluse_Hb6tL9cX2wN5qV8kRz1MpF",
    at: at(2, 9, 44),
    command: `aws cloudformation get-template --stack-name ${STACK} --query TemplateBody --output text > infra/cost-insights.yaml`,
    endAt: at(2, 9, 46),
    output: "",
    calls: [
      {
        at: at(2, 9, 45),
        ...cli("cloudformation.get-template"),
        source: "cloudformation.amazonaws.com",
        name: "GetTemplate",
        params: { stackName: STACK },
      },
    ],
  }),
  step({
    toolCallId: TRIGGER_TOOL_CALL_ID,
    at: at(2, 14, 5),
    command: DELETE_COMMAND,
    endAt: at(2, 14, 8),
    output: "",
    calls: [
      {
        at: at(2, 14, 7),
        ...cli("cloudformation.delete-stack"),
        source: "cloudformation.amazonaws.com",
        name: "DeleteStack",
        params: { stackName: STACK },
        eventId: TRIGGER_EVENT_ID,
      },
    ],
  }),
  step({
    toolCallId: "tooluse_Ka2vR7mN4xT9pC1wQz6LbJ",
    at: at(2, 14, 40),
    command: `aws cloudformation create-stack --stack-name ${STACK} --template-body file://infra/cost-insights.yaml --capabilities CAPABILITY_NAMED_IAM`,
    endAt: at(2, 14, 42),
    exitCode: 254,
    output: `An error occurred (AlreadyExistsException) when calling the CreateStack operation: Stack [${STACK}] already exists`,
    calls: [
      {
        at: at(2, 14, 41),
        ...cli("cloudformation.create-stack"),
        source: "cloudformation.amazonaws.com",
        name: "CreateStack",
        params: { stackName: STACK, templateBody: "AWSTemplateFormatVersion: '2010-09-09' …", capabilities: ["CAPABILITY_NAMED_IAM"] },
        error: { code: "AlreadyExistsException", message: `Stack [${STACK}] already exists` },
      },
    ],
  }),
  step({
    toolCallId: "tooluse_Wz8nC3kV6qL1xR5mTb9PdG",
    at: at(2, 15, 2),
    command: `aws cloudformation wait stack-delete-complete --stack-name ${STACK}`,
    endAt: at(2, 21, 34),
    output: "",
    calls: waiterPolls(),
  }),
  step({
    toolCallId: "tooluse_Lp4xT7vN2mK9cR6wQz1BhS",
    at: at(2, 21, 40),
    command: `aws cloudformation create-stack --stack-name ${STACK} --template-body file://infra/cost-insights.yaml --capabilities CAPABILITY_NAMED_IAM`,
    endAt: at(2, 21, 42),
    exitCode: 254,
    output:
      "An error occurred (ValidationError) when calling the CreateStack operation: Parameters: [UsageTableKmsKeyArn, AlertTopicArn] must have values",
    calls: [
      {
        at: at(2, 21, 41),
        ...cli("cloudformation.create-stack"),
        source: "cloudformation.amazonaws.com",
        name: "CreateStack",
        params: { stackName: STACK, templateBody: "AWSTemplateFormatVersion: '2010-09-09' …", capabilities: ["CAPABILITY_NAMED_IAM"] },
        error: { code: "ValidationError", message: "Parameters: [UsageTableKmsKeyArn, AlertTopicArn] must have values" },
      },
    ],
  }),
  step({
    toolCallId: "tooluse_Nc9vQ2xL5mT8kR1wZp4DjF",
    at: at(2, 22, 30),
    command: `aws rds delete-db-instance --db-instance-identifier ${REPORTING_DB} --skip-final-snapshot`,
    endAt: at(2, 22, 32),
    exitCode: 254,
    output: `An error occurred (AccessDenied) when calling the DeleteDBInstance operation: User: ${CALLER_ARN} is not authorized to perform: rds:DeleteDBInstance on resource: ${arn.db(REPORTING_DB)} with an explicit deny in a service control policy`,
    calls: [
      {
        at: at(2, 22, 31),
        ...cli("rds.delete-db-instance"),
        source: "rds.amazonaws.com",
        name: "DeleteDBInstance",
        params: { dBInstanceIdentifier: REPORTING_DB, skipFinalSnapshot: true },
        error: {
          code: "AccessDenied",
          message: `User: ${CALLER_ARN} is not authorized to perform: rds:DeleteDBInstance on resource: ${arn.db(REPORTING_DB)} with an explicit deny in a service control policy`,
        },
        eventId: BLOCKED_EVENT_ID,
      },
    ],
  }),
];
