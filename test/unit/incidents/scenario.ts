import type { CorrelationEvent } from "@/lib/correlation/types";
import type { IncidentSession } from "@/lib/incidents/types";
import { ACCT, awsCmd, CLI_UA, ev, session, T0, textAction, toolCall } from "../correlation/fixtures";

/** A small stack-deletion incident used by the incident tests (not a test file). */

export const ONCALL_ARN = `arn:aws-cn:sts::${ACCT}:assumed-role/AWSReservedSSO_OnCallOperator_77aa88bb99cc0011/wang.fang@example.com`;
export const ONCALL_ROLE = `arn:aws-cn:iam::${ACCT}:role/aws-reserved/sso.amazonaws.com/cn-north-1/AWSReservedSSO_OnCallOperator_77aa88bb99cc0011`;
export const INGEST_ARN = `arn:aws-cn:sts::${ACCT}:assumed-role/orders-ingest-task/ecs-task-1`;
const CFN = { sourceIp: "cloudformation.amazonaws.com", userAgent: "cloudformation.amazonaws.com" } as const;
const CONSOLE = {
  userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0.0.0",
  sourceIp: "198.51.100.7",
} as const;
const oncall = {
  principalArn: ONCALL_ARN,
  sessionName: "wang.fang@example.com",
  roleArn: ONCALL_ROLE,
  humanName: "wang.fang@example.com",
} as const;

export const TRIGGER_AT = T0 + 1_000;
export const RECOVERY_AT = TRIGGER_AT + 780 * 60_000;

export interface Scenario {
  session: IncidentSession;
  events: CorrelationEvent[];
  ids: Record<string, string>;
}

export function stackScenario(opts: { recover?: "full" | "stack-only" | "none"; scope?: string } = {}): Scenario {
  const recover = opts.recover ?? "full";
  const prompt = textAction("prompt", T0 - 10 * 60_000, "The forecast endpoint returns 500s. Find and fix the bug.");
  const plan = textAction(
    "plan",
    T0 - 9 * 60_000,
    opts.scope ?? "## Spec\nScope: only the ce-forecast-staging function's code and configuration.\n1. Read logs\n2. Fix the handler",
  );
  const describe = toolCall({
    at: T0 - 60_000,
    endedAt: T0 - 58_000,
    commands: [awsCmd("cloudformation", "describe-stacks", { "stack-name": "web-prod" })],
  });
  const del = toolCall({ at: T0, endedAt: T0 + 2_000, commands: [awsCmd("cloudformation", "delete-stack", { "stack-name": "web-prod" })] });
  const create = toolCall({
    at: T0 + 120_000,
    endedAt: T0 + 122_000,
    isError: true,
    commands: [awsCmd("cloudformation", "create-stack", { "stack-name": "web-prod", "template-body": "file://t.yaml" })],
  });
  const s: IncidentSession = {
    ...session([prompt, plan, describe, del, create], { startedAt: T0 - 10 * 60_000, endedAt: T0 + 5 * 60_000 }),
    approvalPolicy: "autopilot",
  };

  const e: Record<string, CorrelationEvent> = {
    describe: ev({
      eventName: "DescribeStacks",
      readOnly: true,
      at: T0 - 59_000,
      userAgent: CLI_UA("cloudformation.describe-stacks"),
      resources: ["web-prod"],
    }),
    trigger: ev({ eventName: "DeleteStack", at: TRIGGER_AT, userAgent: CLI_UA("cloudformation.delete-stack"), resources: ["web-prod"] }),
    delFn: ev({
      eventSource: "lambda.amazonaws.com",
      eventName: "DeleteFunction20150331",
      at: T0 + 60_000,
      resources: ["web-api"],
      ...CFN,
    }),
    delTable: ev({
      eventSource: "dynamodb.amazonaws.com",
      eventName: "DeleteTable",
      at: T0 + 70_000,
      resources: ["web-orders", `arn:aws-cn:dynamodb:cn-north-1:${ACCT}:table/web-orders`],
      ...CFN,
    }),
    delApi: ev({
      eventSource: "apigateway.amazonaws.com",
      eventName: "DeleteRestApi",
      at: T0 + 80_000,
      resources: ["arn:aws-cn:apigateway:cn-north-1::/restapis/abc123"],
      ...CFN,
    }),
    detach: ev({
      eventSource: "iam.amazonaws.com",
      eventName: "DetachRolePolicy",
      at: T0 + 85_000,
      resources: ["web-role", "arn:aws-cn:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
      ...CFN,
    }),
    delRole: ev({ eventSource: "iam.amazonaws.com", eventName: "DeleteRole", at: T0 + 90_000, resources: ["web-role"], ...CFN }),
    agentCreate: ev({
      eventName: "CreateStack",
      at: T0 + 121_000,
      errorCode: "AlreadyExistsException",
      userAgent: CLI_UA("cloudformation.create-stack"),
      resources: ["web-prod"],
    }),
    impact: ev({
      eventSource: "dynamodb.amazonaws.com",
      eventName: "DescribeTable",
      readOnly: true,
      at: T0 + 5 * 60_000,
      errorCode: "ResourceNotFoundException",
      principalArn: INGEST_ARN,
      sessionName: "ecs-task-1",
      roleArn: `arn:aws-cn:iam::${ACCT}:role/orders-ingest-task`,
      humanName: null,
      userAgent: "Boto3/1.35.0",
      resources: ["web-orders"],
    }),
    unrelatedHumanDelete: ev({
      eventSource: "s3.amazonaws.com",
      eventName: "DeleteBucket",
      at: T0 + 30 * 60_000,
      ...oncall,
      ...CONSOLE,
      resources: ["old-build-logs"],
    }),
    detect: ev({ eventName: "DescribeStacks", readOnly: true, at: T0 + 40 * 60_000, ...oncall, ...CONSOLE, resources: ["web-prod"] }),
    attempt: ev({
      eventName: "CreateStack",
      at: T0 + 120 * 60_000,
      errorCode: "ValidationError",
      ...oncall,
      ...CONSOLE,
      resources: ["web-prod"],
    }),
  };
  if (recover !== "none") {
    e.recreateStack = ev({
      eventName: "CreateStack",
      at: RECOVERY_AT - 60_000,
      ...oncall,
      ...CONSOLE,
      resources: ["web-prod", `arn:aws-cn:cloudformation:cn-north-1:${ACCT}:stack/web-prod/9f1c0b2e-0000-4000-8000-000000000001`],
    });
  }
  if (recover === "full") {
    e.createRole = ev({
      eventSource: "iam.amazonaws.com",
      eventName: "CreateRole",
      at: RECOVERY_AT - 50_000,
      ...oncall,
      ...CFN,
      resources: ["web-role", `arn:aws-cn:iam::${ACCT}:role/web-role`],
    });
    e.createTable = ev({
      eventSource: "dynamodb.amazonaws.com",
      eventName: "CreateTable",
      at: RECOVERY_AT - 40_000,
      ...oncall,
      ...CFN,
      resources: ["web-orders"],
    });
    e.createFn = ev({
      eventSource: "lambda.amazonaws.com",
      eventName: "CreateFunction20150331",
      at: RECOVERY_AT - 20_000,
      ...oncall,
      ...CFN,
      resources: ["web-api", `arn:aws-cn:iam::${ACCT}:role/web-role`],
    });
    e.createApi = ev({
      eventSource: "apigateway.amazonaws.com",
      eventName: "CreateRestApi",
      at: RECOVERY_AT,
      ...oncall,
      ...CFN,
      resources: ["arn:aws-cn:apigateway:cn-north-1::/restapis/xyz789"],
    });
  }
  const ids = Object.fromEntries(Object.entries(e).map(([k, v]) => [k, v.eventId]));
  return { session: s, events: Object.values(e), ids };
}
