import { z } from "zod";
import { explainUnrecognisedAgentLog } from "@/lib/agent-logs/detect";

/**
 * The CloudTrail layouts readCloudTrail understands.
 * - cloudtrail-records: S3 log file `{"Records":[…]}` (also several such objects in a row)
 * - cloudtrail-array:   a bare JSON array of records (e.g. Stratus Red Team / Grimoire detonation logs)
 * - cloudtrail-jsonl:   one record per line (Elastic/NDJSON); documented variant: Panther test extracts
 *                       `{rule_id, …, log}` where `log` is the record
 * - cloudtrail-record:  a single pretty-printed record object (several concatenated objects also work)
 * - lookup-events:      `aws cloudtrail lookup-events` output `{"Events":[{EventId, CloudTrailEvent:"<json>"…}]}`;
 *                       raw records directly in Events[] are tolerated; several pages may follow each other
 * - eventbridge:        "AWS API Call via CloudTrail" envelopes (single, array or JSONL); the record is `detail`
 * - cloudtrail-lake:    CloudTrail Lake `get-query-results` output `{QueryResultRows:[[{col:val}…]…]}`
 * - cloudtrail-digest:  a CloudTrail digest file (skipped, not an event log)
 */
export const CloudTrailFormat = z.enum([
  "cloudtrail-records",
  "cloudtrail-array",
  "cloudtrail-jsonl",
  "cloudtrail-record",
  "lookup-events",
  "eventbridge",
  "cloudtrail-lake",
  "cloudtrail-digest",
]);
export type CloudTrailFormat = z.infer<typeof CloudTrailFormat>;

/** How many bytes of (decompressed) text detection looks at. */
export const DETECT_HEAD_BYTES = 64 * 1024;

const RECORD_KEYS = [
  "eventVersion",
  "eventTime",
  "eventName",
  "eventSource",
  "userIdentity",
  "eventID",
  "insightDetails",
  "awsRegion",
  "eventType",
];
const DIGEST_KEYS = ["digestStartTime", "digestPublicKeyFingerprint", "logFiles", "digestSignatureAlgorithm"];

interface ObjectScan {
  keys: Set<string>;
  /** Index just past the closing brace, or -1 when the object does not end within the text. */
  end: number;
  /** True when the object spans several lines. */
  multiline: boolean;
}

/** Top-level keys of the object starting at `start` (a `{`), tolerant of the text being cut short. */
export function scanObjectKeys(text: string, start: number): ObjectScan {
  const keys = new Set<string>();
  let depth = 0;
  let expectKey = false;
  let multiline = false;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) !== 0x22) j += text.charCodeAt(j) === 0x5c ? 2 : 1;
      if (depth === 1 && expectKey) {
        keys.add(text.slice(i + 1, j));
        expectKey = false;
      }
      if (text.slice(i, j).includes("\n")) multiline = true;
      i = j;
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth === 1) expectKey = true;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) return { keys, end: i + 1, multiline };
    } else if (c === 0x2c && depth === 1) {
      expectKey = true;
    } else if (c === 0x0a) {
      multiline = true;
    }
  }
  return { keys, end: -1, multiline };
}

function hasAny(keys: Set<string>, names: string[]): boolean {
  return names.some((k) => keys.has(k));
}

function skipWs(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i])) i++;
  return i;
}

function classifyObject(keys: Set<string>): "records" | "events" | "lake" | "digest" | "eventbridge" | "record" | null {
  if (keys.has("Records")) return "records";
  if (keys.has("Events")) return "events";
  if (keys.has("QueryResultRows")) return "lake";
  if (hasAny(keys, DIGEST_KEYS)) return "digest";
  if (keys.has("detail-type") || (keys.has("detail") && keys.has("source"))) return "eventbridge";
  if (hasAny(keys, RECORD_KEYS)) return "record";
  if (keys.has("log") && (keys.has("rule_id") || keys.has("p_log_type") || keys.has("expected_result"))) return "record";
  if (hasAny(keys, ["EventId", "CloudTrailEvent"])) return "record";
  if (isExportEnvelope(keys)) return "record";
  return null;
}

/** Cribl `_raw`, Splunk export/HEC and Elastic document envelopes (unwrapped by unwrapElement). */
function isExportEnvelope(keys: Set<string>): boolean {
  if (keys.has("_raw")) return true;
  if (keys.has("result") && (keys.has("preview") || keys.has("lastrow"))) return true;
  if (keys.has("event") && (keys.has("sourcetype") || keys.has("index"))) return true;
  return keys.has("_source") && (keys.has("_index") || keys.has("_id"));
}

/** Detect the layout from the first ~64 KB of decompressed text; null when it is not a CloudTrail format. */
export function detectCloudTrailFormat(head: string, fileName: string): CloudTrailFormat | null {
  const text = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
  const i = skipWs(text, 0);
  if (i >= text.length) return null;
  if (/CloudTrail-Digest/i.test(fileName) && text[i] === "{") return "cloudtrail-digest";
  if (text[i] === "[") {
    const j = skipWs(text, i + 1);
    if (j >= text.length || text[j] === "]") return "cloudtrail-array";
    if (text[j] !== "{") return null;
    const kind = classifyObject(scanObjectKeys(text, j).keys);
    if (kind === "eventbridge") return "eventbridge";
    return kind === "record" ? "cloudtrail-array" : null;
  }
  if (text[i] !== "{") return null;
  const first = scanObjectKeys(text, i);
  switch (classifyObject(first.keys)) {
    case "records":
      return "cloudtrail-records";
    case "events":
      return "lookup-events";
    case "lake":
      return "cloudtrail-lake";
    case "digest":
      return "cloudtrail-digest";
    case "eventbridge":
      return "eventbridge";
    case "record": {
      if (/\.(jsonl|ndjson)$/i.test(fileName)) return "cloudtrail-jsonl";
      return first.multiline ? "cloudtrail-record" : "cloudtrail-jsonl";
    }
    default:
      return null;
  }
}

/** Why a head was not recognised, for the quarantine reason. */
export function describeUnrecognised(head: string, fileName: string): string {
  const text = head.replace(/^\uFEFF/, "").trimStart();
  if (text.length === 0) return "unrecognised format: empty input";
  if (/\.ya?ml$/i.test(fileName) || /^(---|%YAML|[A-Za-z_][\w-]*:\s)/.test(text)) {
    return "unrecognised format: YAML is not a CloudTrail format (convert it to JSON, e.g. a Records array)";
  }
  const agent = explainUnrecognisedAgentLog(head, fileName);
  if (text.startsWith("{") || text.startsWith("[")) {
    return `unrecognised format: not CloudTrail (no records, Records, Events, detail or QueryResultRows) and not an agent log. ${agent}`;
  }
  return `unrecognised format: not JSON, so neither CloudTrail nor a JSON agent log (nor an Aider chat history). ${agent}`;
}
