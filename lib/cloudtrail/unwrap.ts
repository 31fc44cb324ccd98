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
export function unwrapElement(value: unknown, format: CloudTrailFormat): Unwrapped {
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
