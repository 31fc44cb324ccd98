import { gunzipSync, constants as zc } from "node:zlib";
import { detectAgentLogFormat } from "@/lib/agent-logs";
import { AGENT_LOG_FORMATS, type AgentLogFormat } from "@/lib/agent-logs/types";
import { type CloudTrailFormat, DETECT_HEAD_BYTES, detectCloudTrailFormat } from "@/lib/cloudtrail";
import { CloudTrailFormat as CloudTrailFormatSchema } from "@/lib/cloudtrail/detect";

export type FileKind = { kind: "cloudtrail"; format: CloudTrailFormat | null } | { kind: "agent-log"; format: AgentLogFormat };

/** Every format name `--format` accepts, across both families. */
export const ALL_FORMATS: string[] = [...CloudTrailFormatSchema.options, ...AGENT_LOG_FORMATS];

/** A forced format that is neither a CloudTrail nor an agent-log format. */
export class UnknownFormatError extends Error {
  constructor(readonly format: string) {
    super(`unknown format "${format}" (known: ${ALL_FORMATS.join(", ")})`);
    this.name = "UnknownFormatError";
  }
}

export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** Decompressed text of the first bytes of a file (gzip or not), for format detection. */
export function headText(head: Uint8Array): string {
  let bytes: Uint8Array = head;
  if (isGzip(head)) bytes = gunzipHead(head);
  let text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).subarray(0, DETECT_HEAD_BYTES).toString("utf8");
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text;
}

/** Inflated output allowed for the head: a gzip bomb's first 64 KiB would otherwise inflate to ~64 MiB. */
const HEAD_INFLATE_LIMIT = 1024 * 1024;

/**
 * The start of a gzip's plain text, never more than HEAD_INFLATE_LIMIT: tries shorter compressed prefixes until
 * one inflates within the limit (zlib's maxOutputLength refuses rather than truncates).
 */
function gunzipHead(head: Uint8Array): Uint8Array {
  for (let n = head.length; n >= 64; n = Math.floor(n / 8)) {
    try {
      return gunzipSync(head.subarray(0, n), { finishFlush: zc.Z_SYNC_FLUSH, maxOutputLength: HEAD_INFLATE_LIMIT });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ERR_BUFFER_TOO_LARGE") return new Uint8Array();
    }
  }
  return new Uint8Array();
}

/**
 * Which family a file belongs to. A forced format decides; otherwise agent-log detection runs first (its
 * formats are specific), then CloudTrail; a file neither recognises goes to the CloudTrail reader, which
 * quarantines it as unrecognised with the reason.
 */
export function classifyFile(text: string, fileName: string, forced?: string): FileKind {
  if (forced) {
    if ((AGENT_LOG_FORMATS as readonly string[]).includes(forced)) return { kind: "agent-log", format: forced as AgentLogFormat };
    const ct = CloudTrailFormatSchema.safeParse(forced);
    if (ct.success) return { kind: "cloudtrail", format: ct.data };
    throw new UnknownFormatError(forced);
  }
  const ct = detectCloudTrailFormat(text, fileName);
  if (ct) return { kind: "cloudtrail", format: ct };
  const agent = detectAgentLogFormat(text, fileName);
  if (agent) return { kind: "agent-log", format: agent };
  return { kind: "cloudtrail", format: null };
}
