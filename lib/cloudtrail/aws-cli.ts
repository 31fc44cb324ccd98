import { maxRisk, type RiskClass } from "@/lib/model/risk";
import { CLI_ACRONYMS, CLI_HIGH_LEVEL_COMMANDS, CLI_OPERATION_OVERRIDES, CLI_SERVICE_ENDPOINTS, type CliArgs } from "./aws-cli-tables";
import { classifyApi } from "./risk-catalog";

export type { CliArgs } from "./aws-cli-tables";

/**
 * `aws <service>` CLI name → CloudTrail eventSource (`<endpoint-prefix>.amazonaws.com`).
 * CloudTrail reports `<svc>.amazonaws.com` in the aws-cn and aws-us-gov partitions too.
 */
export function cliServiceToEventSource(service: string): string {
  const s = service.trim().toLowerCase();
  return `${CLI_SERVICE_ENDPOINTS[s] ?? s}.amazonaws.com`;
}

/**
 * CLI operation (kebab-case) → CloudTrail eventName (PascalCase), with acronym fixes.
 * Pass the service to get service-specific acronyms right (`iam create-saml-provider` → CreateSAMLProvider,
 * `ec2 create-vpc` → CreateVpc but `route53 associate-vpc-with-hosted-zone` → AssociateVPCWithHostedZone).
 */
export function cliOperationToEventName(op: string, service?: string): string {
  const o = op.trim().toLowerCase();
  const svc = service?.trim().toLowerCase() ?? "";
  const override = CLI_OPERATION_OVERRIDES[`${svc} ${o}`];
  if (override) return override;
  const acronyms = { ...CLI_ACRONYMS["*"], ...(CLI_ACRONYMS[svc] ?? {}) };
  return o
    .split(/[-_]+/)
    .filter(Boolean)
    .map((w) => acronyms[w] ?? w.charAt(0).toUpperCase() + w.slice(1))
    .join("");
}

export interface CliApiCalls {
  eventSource: string;
  /** Candidate CloudTrail eventNames the command produces (several for s3 high-level commands; empty for local-only ones). */
  eventNames: string[];
}

/**
 * The CloudTrail calls an `aws <service> <op>` invocation can produce.
 * High-level commands (`aws s3 rm|rb|cp|mv|sync|mb|ls`, `cloudformation deploy`, …) expand to the APIs they call;
 * `args` (parsed `--long-option` map) refines a few (`s3 sync --delete`, `s3 rb --force`).
 * S3 object-level calls only appear in CloudTrail when data events are enabled.
 */
export function cliCommandToApiCalls(service: string, op: string, args: CliArgs = {}): CliApiCalls {
  const svc = service.trim().toLowerCase();
  const o = op.trim().toLowerCase();
  const eventSource = cliServiceToEventSource(svc);
  const highLevel = CLI_HIGH_LEVEL_COMMANDS[`${svc} ${o}`];
  if (highLevel) return { eventSource: highLevel.eventSource ?? eventSource, eventNames: highLevel.calls(args) };
  if (o === "wait" || o === "help") return { eventSource, eventNames: [] };
  return { eventSource, eventNames: [cliOperationToEventName(o, svc)] };
}

/** Risk class of an `aws <service> <op>` invocation: the most severe of the APIs it may call; local-only commands are `read`. */
export function classifyAwsCli(service: string, op: string, args: CliArgs = {}): RiskClass {
  const { eventSource, eventNames } = cliCommandToApiCalls(service, op, args);
  return eventNames.reduce<RiskClass>((acc, name) => maxRisk(acc, classifyApi(eventSource, name)), "read");
}

export interface AwsCliUserAgent {
  /** aws-cli version (`2.17.60`) when the userAgent is the AWS CLI, else null. */
  cliVersion: string | null;
  /** From `md/command#rds.delete-db-instance` (v2) or `command/ec2.stop-instances` (older v2). */
  command: { service: string; operation: string } | null;
  /** `app/<id>` (AWS_SDK_UA_APP_ID) tag. */
  appId: string | null;
  /** `exec-env/<x>` (AWS_EXECUTION_ENV), e.g. CloudShell, AWS_Lambda_go1.x. */
  execEnv: string | null;
  isTerraform: boolean;
  /** An AWS SDK (boto3/botocore, aws-sdk-*, Boto3) that is not the CLI itself. */
  isSdk: boolean;
}

/** Parse the useful parts of a CloudTrail userAgent (brackets around it tolerated). */
export function parseAwsCliUserAgent(ua: string): AwsCliUserAgent {
  const text = stripUserAgentBrackets(ua);
  const cli = /(?:^|[\s,])aws-cli\/([0-9][\w.-]*)/i.exec(text);
  const cmd = /(?:^|\s)(?:md\/)?command[#/]([a-z0-9-]+)\.([a-z0-9-]+)/i.exec(text);
  const app = /(?:^|\s)app\/([^\s]+)/.exec(text);
  const env = /(?:^|\s)exec-env\/([^\s]+)/.exec(text);
  const isTerraform = /Terraform\/|terraform-provider-aws|HashiCorp-terraform/i.test(text);
  const isSdk = !cli && /(aws-sdk-[\w-]+\/|Boto3\/|botocore\/|aws-chalice\/|aws-internal\/)/i.test(text);
  return {
    cliVersion: cli ? cli[1] : null,
    command: cmd ? { service: cmd[1].toLowerCase(), operation: cmd[2].toLowerCase() } : null,
    appId: app ? app[1] : null,
    execEnv: env ? env[1] : null,
    isTerraform,
    isSdk,
  };
}

/** CloudTrail sometimes wraps userAgent in square brackets (`[aws-cli/1.11.10 …]`): remove them. */
export function stripUserAgentBrackets(ua: string): string {
  const t = ua.trim();
  return t.startsWith("[") && t.endsWith("]") ? t.slice(1, -1).trim() : t;
}
