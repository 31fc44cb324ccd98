import type { NormalizedEvent } from "@/lib/model/cloudtrail-event";
import type { RiskClass } from "@/lib/model/risk";
import { stripUserAgentBrackets } from "./aws-cli";
import { contentHash } from "./canonical";
import { extractPrincipal } from "./identity";
import { isObject, type JsonObject, pick, pickStr, str, typeName } from "./json-util";
import { extractResources } from "./resources";
import { classifyApi } from "./risk-catalog";
import { parseEventTime } from "./time";

export type NormalizeResult = { ok: true; event: NormalizedEvent } | { ok: false; reason: string };

/** Values used only when the record itself lacks them (e.g. the lookup-events wrapper's EventId/EventTime). */
export interface NormalizeFallbacks {
  eventId?: string | null;
  eventTime?: unknown;
}

/** errorCode values that CloudTrail (or re-exporters) put on successful calls. */
const SUCCESS_CODES = new Set(["200", "success", "ok", "none", "noerror"]);

const ARN_PARTITION = /^arn:([\w-]+):/;

function isInsight(r: JsonObject): boolean {
  return r.eventType === "AwsCloudTrailInsight" || (r.eventName === undefined && isObject(r.insightDetails));
}

function requiredName(r: JsonObject, field: "eventName" | "eventSource", insight: boolean): { value: string } | { error: string } {
  const v = insight && r[field] === undefined ? pick(r, "insightDetails", field) : r[field];
  const where = insight && r[field] === undefined ? `insightDetails.${field}` : field;
  if (v === undefined || v === null) return { error: `missing ${where}` };
  if (typeof v !== "string") return { error: `${where} is not a string (${typeName(v)})` };
  if (v.trim().length === 0) return { error: `${where} is empty` };
  return { value: v.trim() };
}

function partitionOf(arns: (string | null)[], region: string | null): string | null {
  for (const a of arns) {
    const m = a ? ARN_PARTITION.exec(a) : null;
    if (m?.[1]) return m[1];
  }
  if (!region) return null;
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("us-iso-")) return "aws-iso";
  if (region.startsWith("us-isob-")) return "aws-iso-b";
  if (region.startsWith("eu-isoe-")) return "aws-iso-e";
  return "aws";
}

function readOnlyOf(v: unknown): boolean | null {
  if (typeof v === "boolean") return v;
  if (typeof v === "string") {
    const t = v.trim().toLowerCase();
    if (t === "true") return true;
    if (t === "false") return false;
  }
  return null;
}

function errorCodeOf(v: unknown): string | null {
  if (typeof v === "number") return String(v);
  return str(v);
}

/** Datadog re-exports move userAgent/sourceIPAddress to `http.useragent` / `network.client.ip`. */
function userAgentOf(r: JsonObject): string | null {
  const ua = str(r.userAgent) ?? pickStr(r, "http", "useragent") ?? str(r["http.useragent"]);
  return ua === null ? null : stripUserAgentBrackets(ua) || null;
}

function sourceIpOf(r: JsonObject): string | null {
  return str(r.sourceIPAddress) ?? pickStr(r, "network", "client", "ip") ?? str(r["network.client.ip"]);
}

/**
 * Turn one CloudTrail record (already unwrapped from lookup-events / EventBridge / Panther envelopes) into a
 * NormalizedEvent, or say why it cannot be (the reason names the field). Never throws.
 */
export function normalizeRecord(record: unknown, fallbacks: NormalizeFallbacks = {}): NormalizeResult {
  if (!isObject(record)) return { ok: false, reason: `record is not a JSON object (${typeName(record)})` };
  const insight = isInsight(record);

  const rawTime = record.eventTime ?? fallbacks.eventTime;
  if (rawTime === undefined || rawTime === null) return { ok: false, reason: "missing eventTime" };
  const eventTime = parseEventTime(rawTime);
  if (eventTime === null) return { ok: false, reason: `unreadable eventTime ${JSON.stringify(rawTime).slice(0, 80)}` };

  const name = requiredName(record, "eventName", insight);
  if ("error" in name) return { ok: false, reason: name.error };
  const source = requiredName(record, "eventSource", insight);
  if ("error" in source) return { ok: false, reason: source.error };

  const eventId = str(record.eventID) ?? str(record.eventId) ?? str(fallbacks.eventId) ?? `sha256:${contentHash(record)}`;

  const principal = extractPrincipal(record);
  const region = str(record.awsRegion);
  const resources = extractResources(record, source.value);
  const firstResourceArn = resources.find((r) => r.startsWith("arn:")) ?? null;
  const errorCode = errorCodeOf(record.errorCode);
  const consoleFailure = pick(record, "responseElements", "ConsoleLogin") === "Failure";
  const executed = (errorCode === null || SUCCESS_CODES.has(errorCode.toLowerCase())) && !consoleFailure;
  const risk: RiskClass = insight ? "read" : classifyApi(source.value, name.value);

  const event: NormalizedEvent = {
    eventId,
    eventTime,
    accountId: str(record.recipientAccountId) ?? pickStr(record, "userIdentity", "accountId"),
    region,
    partition: partitionOf([principal.principalArn, principal.roleArn, firstResourceArn], region),
    eventSource: source.value,
    eventName: name.value,
    eventType: str(record.eventType),
    eventCategory: str(record.eventCategory),
    ...principal,
    userAgent: userAgentOf(record),
    sourceIp: sourceIpOf(record),
    readOnly: readOnlyOf(record.readOnly),
    errorCode,
    errorMessage: str(record.errorMessage),
    executed,
    requestId: str(record.requestID) ?? str(record.requestId) ?? pickStr(record, "http", "request_id"),
    resources,
    risk,
    raw: record,
  };
  return { ok: true, event };
}
