import { serviceOf, stripApiVersionSuffix } from "@/lib/cloudtrail/risk-catalog";
import type { CorrelationEvent } from "@/lib/correlation/types";

/**
 * How resources are compared across events.
 *
 * CloudTrail names one resource in several ways: `stackName: "web"` on DeleteStack,
 * `stackId: arn:…:stack/web/3f1c…` on CreateStack, `tableName` and `tableArn` on DeleteTable. Each identifier becomes
 * a key `account|region|service|name`:
 *  - ARN → service from the ARN (`monitoring`→`cloudwatch` aliasing applied to event sources), account/region from the
 *    ARN (falling back to the event's), name from the resource part: CloudFormation `stack/NAME/uuid` → NAME (so a
 *    recreated stack with a new stack id is the same stack), Lambda `function:NAME[:qualifier]` → NAME, IAM
 *    `role/path/NAME` → NAME, API Gateway `/restapis/ID` → ID, Logs `log-group:NAME[:*]` → NAME, otherwise the part
 *    after the resource type (`table/NAME` → NAME, `instance/i-1` → i-1) or the whole resource (`sqs`, `sns`, `s3`).
 *  - bare name/id → typed with the event's own service, account and region.
 * Global services (iam, sts, s3, route53, cloudfront, organizations) use region `global`.
 * Names compare case-sensitively (AWS names are).
 */

export interface ResourceRef {
  key: string;
  service: string;
  name: string;
  /** The identifier as the event gave it. */
  display: string;
  /** AWS-managed (`arn:aws:iam::aws:policy/…`): never destroyed by a customer. */
  awsManaged: boolean;
}

const GLOBAL_SERVICES = new Set(["iam", "sts", "s3", "route53", "cloudfront", "organizations", "globalaccelerator"]);
const SOURCE_ALIASES: Record<string, string> = { monitoring: "cloudwatch", email: "ses" };

/** `lambda.amazonaws.com` → `lambda`, `monitoring.amazonaws.com` → `cloudwatch`. */
export function eventService(e: Pick<CorrelationEvent, "eventSource">): string {
  const s = serviceOf(e.eventSource);
  return SOURCE_ALIASES[s] ?? s;
}

function resourceName(service: string, resource: string): string {
  if (service === "logs" && resource.startsWith("log-group:"))
    return resource.slice("log-group:".length).replace(/:\*$/, "").split(":log-stream:")[0];
  if (service === "apigateway" && resource.startsWith("/")) return resource.split("/").filter(Boolean)[1] ?? resource;
  if (service === "s3") return resource;
  const sep = resource.search(/[/:]/);
  if (sep < 0) return resource;
  const rest = resource.slice(sep + 1);
  if (service === "cloudformation") return rest.split("/")[0];
  if (service === "lambda") return rest.split(":")[0];
  if (service === "iam") return rest.split("/").pop() ?? rest;
  if (service === "dynamodb") return rest.split("/")[0];
  return rest;
}

/** Typed reference for one identifier seen on an event. */
export function resourceRef(id: string, e: Pick<CorrelationEvent, "eventSource" | "accountId" | "region">): ResourceRef {
  const trimmed = id.trim();
  if (trimmed.startsWith("arn:")) {
    const parts = trimmed.split(":");
    const service = SOURCE_ALIASES[parts[2]] ?? parts[2] ?? "";
    const region = GLOBAL_SERVICES.has(service) ? "global" : parts[3] || e.region || "";
    const account = parts[4] || e.accountId || "";
    const name = resourceName(service, parts.slice(5).join(":"));
    return { key: `${account}|${region}|${service}|${name}`, service, name, display: trimmed, awsManaged: account === "aws" };
  }
  const service = eventService(e);
  const region = GLOBAL_SERVICES.has(service) ? "global" : (e.region ?? "");
  return { key: `${e.accountId ?? ""}|${region}|${service}|${trimmed}`, service, name: trimmed, display: trimmed, awsManaged: false };
}

/** Every resource the event names, deduplicated by key (first identifier wins, ARNs preferred for display). */
export function eventResourceRefs(e: Pick<CorrelationEvent, "eventSource" | "accountId" | "region" | "resources">): ResourceRef[] {
  const byKey = new Map<string, ResourceRef>();
  for (const id of e.resources) {
    if (!id) continue;
    const ref = resourceRef(id, e);
    const prev = byKey.get(ref.key);
    if (!prev || (!prev.display.startsWith("arn:") && ref.display.startsWith("arn:"))) byKey.set(ref.key, ref);
  }
  return [...byKey.values()];
}

/** The resources the event acts on itself: same service as the event, not AWS-managed (a role ARN passed to CreateFunction is not the function). */
export function ownResourceRefs(e: Pick<CorrelationEvent, "eventSource" | "accountId" | "region" | "resources">): ResourceRef[] {
  const svc = eventService(e);
  return eventResourceRefs(e).filter((r) => r.service === svc && !r.awsManaged);
}

const RECREATE_VERB = /^(Create|Restore|Recreate|Run|Start|Put|Register|Import|Enable|Attach|Add|Authorize|Associate)/;
const DESTROY_VERB = /^(Delete|Terminate|Remove|Detach|Deregister|Disable|Stop|Revoke|Purge|Cancel|Disassociate)/;

/** Creates or restores something (Create*, Restore*, Run*, Start*, Put*, Register*, Enable*, Attach* …). */
export function isRecreateEventName(eventName: string): boolean {
  return RECREATE_VERB.test(stripApiVersionSuffix(eventName));
}

/** The resource kind an API acts on: `DeleteRestApi` / `CreateRestApi` → `RestApi`, `DeleteFunction20150331` → `Function`. */
export function apiNoun(eventName: string): string {
  return stripApiVersionSuffix(eventName).replace(RECREATE_VERB, "").replace(DESTROY_VERB, "");
}
