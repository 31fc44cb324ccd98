import { type AwsCliUserAgent, cliCommandToApiCalls, cliOperationToEventName, cliServiceToEventSource } from "@/lib/cloudtrail/aws-cli";
import { stripApiVersionSuffix } from "@/lib/cloudtrail/risk-catalog";
import type { AwsIdentity, ParsedCommand } from "@/lib/model/agent";
import type { CorrelationAction, CorrelationEvent } from "./types";

/** How one tool call can be tied to CloudTrail calls. Built once per action. */

export interface ExpectedApi {
  eventSource: string;
  /** Version-suffix-free eventNames (`DeleteFunction`, not `DeleteFunction20150331`). */
  eventNames: Set<string>;
  /** CLI service/operation as typed (null for structured tools). */
  cli: { service: string; operation: string } | null;
  /** Short display text: `aws cloudformation delete-stack` or `use_aws cloudformation.DeleteStack`. */
  label: string;
  /** `--stack-name` (CloudFormation) or similar primary name, for evidence. */
  target: string | null;
}

export interface ActionMatcher {
  apis: ExpectedApi[];
  /** `terraform apply|destroy` (and tofu/terragrunt) in the command line. */
  terraform: string | null;
  /** The action runs something other than aws-cli/terraform (a script, an SDK tool, an MCP tool). */
  other: boolean;
  /** userAgent markers the action's calls carry: `app/<id>` and `exec-env/<x>`. */
  appIds: Set<string>;
  execEnvs: Set<string>;
}

export type MatchKind = "aws-cli" | "aws-tool" | "terraform" | "ua-marker";

export interface CommandMatch {
  kind: MatchKind;
  /** The userAgent `md/command#svc.op` equals the command (aws-cli only). */
  uaCommand: boolean;
  api: ExpectedApi | null;
  evidence: string[];
}

const TERRAFORM_PROGRAMS = new Set(["terraform", "tofu", "terragrunt"]);
const MUTATING_TF = new Set(["apply", "destroy"]);

function stackTarget(args: Record<string, string | boolean>): string | null {
  for (const k of ["stack-name", "function-name", "table-name", "db-instance-identifier", "bucket", "role-name", "cluster", "name"]) {
    const v = args[k];
    if (typeof v === "string") return v;
  }
  return null;
}

function structuredAwsTool(input: unknown): ExpectedApi | null {
  if (!input || typeof input !== "object") return null;
  const o = input as Record<string, unknown>;
  const service = o.service_name ?? o.serviceName ?? o.service;
  const operation = o.operation_name ?? o.operationName ?? o.operation;
  if (typeof service !== "string" || typeof operation !== "string" || !service || !operation) return null;
  const svc = service.toLowerCase();
  const eventName =
    /[-_]/.test(operation) || /^[a-z]/.test(operation) ? cliOperationToEventName(operation.replace(/_/g, "-"), svc) : operation;
  return {
    eventSource: cliServiceToEventSource(svc),
    eventNames: new Set([stripApiVersionSuffix(eventName)]),
    cli: null,
    label: `${svc}.${eventName}`,
    target: null,
  };
}

/** What the action's commands can produce in CloudTrail. */
export function buildActionMatcher(action: CorrelationAction, identity: AwsIdentity | null | undefined): ActionMatcher {
  const apis: ExpectedApi[] = [];
  let terraform: string | null = null;
  let other = false;
  const appIds = new Set<string>();
  const execEnvs = new Set<string>();
  if (identity?.appId) appIds.add(identity.appId);
  const commands: ParsedCommand[] = action.commands ?? [];
  for (const c of commands) {
    if (c.env.AWS_SDK_UA_APP_ID) appIds.add(c.env.AWS_SDK_UA_APP_ID);
    if (c.env.AWS_EXECUTION_ENV) execEnvs.add(c.env.AWS_EXECUTION_ENV);
    if (c.aws) {
      const { service, operation, args } = c.aws;
      const calls = cliCommandToApiCalls(service, operation, args);
      if (calls.eventNames.length) {
        apis.push({
          eventSource: calls.eventSource,
          eventNames: new Set(calls.eventNames.map(stripApiVersionSuffix)),
          cli: { service: service.toLowerCase(), operation: operation.toLowerCase() },
          label: `aws ${service} ${operation}`,
          target: stackTarget(args),
        });
      }
    } else if (c.terraform || TERRAFORM_PROGRAMS.has(c.program)) {
      const sub = c.terraform?.subcommand ?? c.argv.find((a) => !a.startsWith("-")) ?? null;
      if (sub && MUTATING_TF.has(sub)) terraform = sub;
    } else if (c.program !== "aws") {
      other = true;
    }
  }
  const tool = structuredAwsTool(action.input);
  if (tool) apis.push(tool);
  else if (!commands.length) other = true;
  return { apis, terraform, other, appIds, execEnvs };
}

/**
 * Can this action have produced this event (command ↔ API only; principal and time are checked by the caller)?
 * Returns the strongest way it matches, or null.
 */
export function matchCommand(m: ActionMatcher, e: CorrelationEvent, ua: AwsCliUserAgent): CommandMatch | null {
  const name = stripApiVersionSuffix(e.eventName);
  for (const api of m.apis) {
    if (api.eventSource !== e.eventSource || !api.eventNames.has(name)) continue;
    if (api.cli && ua.command) {
      const same = ua.command.service === api.cli.service && ua.command.operation === api.cli.operation;
      // The CLI told us which command made the call: a different command cannot be this action.
      if (!same) continue;
      return {
        kind: "aws-cli",
        uaCommand: true,
        api,
        evidence: [
          `${api.label} maps to ${e.eventSource} ${e.eventName}`,
          `userAgent md/command#${ua.command.service}.${ua.command.operation} matches the command`,
        ],
      };
    }
    return {
      kind: api.cli ? "aws-cli" : "aws-tool",
      uaCommand: false,
      api,
      evidence: [`${api.label} maps to ${e.eventSource} ${e.eventName}`],
    };
  }
  if (m.terraform && ua.isTerraform && e.readOnly !== true && e.risk !== "read") {
    return {
      kind: "terraform",
      uaCommand: false,
      api: null,
      evidence: [`terraform ${m.terraform}: mutating call with a Terraform userAgent`],
    };
  }
  if (m.other || m.terraform) {
    if (ua.appId && m.appIds.has(ua.appId)) {
      return { kind: "ua-marker", uaCommand: false, api: null, evidence: [`userAgent carries the session's app/${ua.appId} marker`] };
    }
    if (ua.execEnv && m.execEnvs.has(ua.execEnv)) {
      return {
        kind: "ua-marker",
        uaCommand: false,
        api: null,
        evidence: [`userAgent carries the command's exec-env/${ua.execEnv} marker`],
      };
    }
  }
  return null;
}
