import type { CloudTrailFormat } from "./detect";
import { isObject, type JsonObject, str } from "./json-util";
import type { NormalizeFallbacks } from "./normalize";
import { parseJsonTolerant } from "./parse-json";

/** What one parsed element of a file holds. */
export type Unwrapped =
  | { kind: "record"; record: unknown; fallbacks: NormalizeFallbacks; envelope: string | null }
  | { kind: "skip"; reason: string }
  | { kind: "quarantine"; reason: string };

const DIGEST_KEYS = ["digestPublicKeyFingerprint", "digestStartTime", "digestSignatureAlgorithm"];
const UNSAFE_KEYS = new Set(["__proto__", "constructor", "prototype"]);
const LAKE_REQUIRED = ["eventTime", "eventName", "eventSource"];
const RECORD_FIELDS = ["eventName", "eventSource", "eventTime", "eventVersion"];

/** CloudTrail Lake rows are lists of one-key objects; dotted column names (`userIdentity.arn`) become nested. */
export function lakeRowToRecord(row: unknown[]): JsonObject | null {
  const rec: JsonObject = {};
  for (const cell of row) {
    if (!isObject(cell)) return null;
    for (const [col, val] of Object.entries(cell)) {
      const path = col.split(".");
      if (path.some((seg) => UNSAFE_KEYS.has(seg))) {
        Object.defineProperty(rec, col, { value: val, enumerable: true, writable: true, configurable: true });
        continue;
      }
      let cur: JsonObject = rec;
      for (const seg of path.slice(0, -1)) {
        const next = cur[seg];
        if (isObject(next)) cur = next;
        else cur = cur[seg] = {};
      }
      cur[path[path.length - 1]] = val;
    }
  }
  return rec;
}

/**
 * Peel the envelope off one element: lookup-events wrapper (`CloudTrailEvent` JSON string; the inner record
 * is the truth, the outer EventId/EventTime are only fallbacks), EventBridge "… via CloudTrail" (`detail`),
 * Panther test extracts (`log`), CloudTrail Lake rows; digest objects are skipped. Applied to every format,
 * so mixed files degrade gracefully.
 */
export function unwrapElement(value: unknown, format: CloudTrailFormat, depth = 0): Unwrapped {
  if (isObject(value) && depth < 3) {
    const notice = notificationReason(value);
    if (notice) return { kind: "quarantine", reason: notice };
    const inner = exportEnvelope(value);
    if (inner) {
      if (!inner.ok) return { kind: "quarantine", reason: inner.reason };
      const u = unwrapElement(inner.value, format, depth + 1);
      return u.kind === "record" ? { ...u, envelope: u.envelope ? `${inner.envelope} > ${u.envelope}` : inner.envelope } : u;
    }
  }
  if (Array.isArray(value)) {
    const lakeRow = format === "cloudtrail-lake" || value.every((c) => isObject(c) && Object.keys(c).length === 1);
    const rec = lakeRow && value.length > 0 ? lakeRowToRecord(value) : null;
    if (!rec) return { kind: "quarantine", reason: "element is an array, not a record" };
    const missing = LAKE_REQUIRED.filter((k) => rec[k] === undefined);
    if (missing.length > 0) {
      return {
        kind: "skip",
        reason: `CloudTrail Lake result row without ${missing.join("/")}: the query selected columns, not whole events`,
      };
    }
    return { kind: "record", record: rec, fallbacks: {}, envelope: "cloudtrail-lake row" };
  }
  if (!isObject(value)) return { kind: "record", record: value, fallbacks: {}, envelope: null };
  if (DIGEST_KEYS.some((k) => k in value)) return { kind: "skip", reason: "CloudTrail digest file: not an event log" };

  if ("CloudTrailEvent" in value) {
    const fallbacks = { eventId: str(value.EventId), eventTime: value.EventTime };
    const inner = value.CloudTrailEvent;
    if (isObject(inner)) return { kind: "record", record: inner, fallbacks, envelope: "lookup-events" };
    if (typeof inner !== "string")
      return { kind: "quarantine", reason: "lookup-events entry: CloudTrailEvent is neither a JSON string nor an object" };
    const parsed = parseJsonTolerant(inner);
    if (!parsed.ok) return { kind: "quarantine", reason: `lookup-events entry: CloudTrailEvent is not valid JSON: ${parsed.error}` };
    return { kind: "record", record: parsed.value, fallbacks, envelope: "lookup-events" };
  }

  if ("detail-type" in value || (format === "eventbridge" && "detail" in value)) {
    if (!isObject(value.detail)) return { kind: "quarantine", reason: "EventBridge envelope without a detail object" };
    return { kind: "record", record: value.detail, fallbacks: { eventTime: value.time }, envelope: "eventbridge" };
  }

  if (isObject(value.log) && !RECORD_FIELDS.some((k) => k in value)) {
    return { kind: "record", record: value.log, fallbacks: {}, envelope: "panther-test" };
  }
  return { kind: "record", record: value, fallbacks: {}, envelope: null };
}

type Inner = { ok: true; value: unknown; envelope: string } | { ok: false; reason: string };

/** A JSON text or object field of an export envelope. */
function innerValue(v: unknown, envelope: string, field: string): Inner {
  if (isObject(v)) return { ok: true, value: v, envelope };
  if (typeof v !== "string") return { ok: false, reason: `${envelope} envelope: ${field} is neither a JSON string nor an object` };
  const parsed = parseJsonTolerant(v);
  if (!parsed.ok) return { ok: false, reason: `${envelope} envelope: ${field} is not a JSON CloudTrail record (${parsed.error})` };
  return { ok: true, value: parsed.value, envelope };
}

/**
 * SIEM / pipeline export envelopes whose original CloudTrail record is one field: Cribl (`_raw` text or object),
 * Splunk search export (`{"preview":…,"result":{"_raw":…}}`) and HEC (`{"event":{…},"sourcetype":…}`), Elastic
 * (`{"_index","_source":{…}}`, the original in `_source` or `_source.event.original`). Null when `value` is none.
 */
export function exportEnvelope(value: JsonObject): Inner | null {
  if (RECORD_FIELDS.some((k) => k in value)) return null;
  if ("_raw" in value) return innerValue(value._raw, "Cribl/Splunk _raw", "_raw");
  if (isObject(value.result) && "_raw" in value.result && ("preview" in value || "lastrow" in value || "offset" in value))
    return innerValue(value.result._raw, "Splunk export", "result._raw");
  if ("event" in value && ("sourcetype" in value || "index" in value || "host" in value || "time" in value))
    return innerValue(value.event, "Splunk HEC", "event");
  if (isObject(value._source) && ("_index" in value || "_id" in value)) {
    const src = value._source;
    if (RECORD_FIELDS.some((k) => k in src)) return { ok: true, value: src, envelope: "Elastic _source" };
    const original = isObject(src.event) ? src.event.original : undefined;
    if (original !== undefined) return innerValue(original, "Elastic", "_source.event.original");
    if (typeof src.message === "string") return innerValue(src.message, "Elastic", "_source.message");
    return {
      ok: false,
      reason: "Elastic document without the original record (_source has no CloudTrail fields, event.original or message)",
    };
  }
  return null;
}

/** S3 event notifications (direct, SQS-wrapped, SNS-wrapped or via EventBridge) are pointers to a log file, not records. */
export function notificationReason(value: JsonObject): string | null {
  if (value.eventSource === "aws:s3" && isObject(value.s3)) {
    const bucket = str(pickObj(value.s3, "bucket")?.name);
    const key = str(pickObj(value.s3, "object")?.key);
    return `an S3 event notification (${str(value.eventName) ?? "?"}${bucket ? ` for s3://${bucket}/${key ?? ""}` : ""}), not a CloudTrail record: ingest the object it points to`;
  }
  if (value.eventSource === "aws:sqs" && typeof value.body === "string") {
    const inner = parseJsonTolerant(value.body);
    const body = inner.ok && isObject(inner.value) ? inner.value : null;
    const msg = body && typeof body.Message === "string" ? parseJsonTolerant(body.Message) : null;
    const payload = msg?.ok && isObject(msg.value) ? msg.value : body;
    const records = payload && Array.isArray(payload.Records) ? payload.Records : [];
    const s3 = records.find((r) => isObject(r) && r.eventSource === "aws:s3");
    if (s3 && isObject(s3)) return `an SQS message wrapping ${notificationReason(s3)}`;
    if (payload && (payload.source === "aws.s3" || payload["detail-type"] === "Object Created"))
      return `an SQS message wrapping ${notificationReason(payload) ?? "an S3 notification"}`;
    return "an SQS message (aws:sqs), not a CloudTrail record: its body holds no CloudTrail record";
  }
  if (value.source === "aws.s3" && typeof value["detail-type"] === "string" && !String(value["detail-type"]).includes("CloudTrail")) {
    const d = isObject(value.detail) ? value.detail : {};
    const bucket = str(pickObj(d, "bucket")?.name);
    const key = str(pickObj(d, "object")?.key);
    return `an S3 "${value["detail-type"]}" notification (EventBridge${bucket ? `, s3://${bucket}/${key ?? ""}` : ""}), not a CloudTrail record: ingest the object it points to`;
  }
  return null;
}

function pickObj(v: JsonObject, k: string): JsonObject | null {
  const o = v[k];
  return isObject(o) ? o : null;
}
