import type { AgentLogFormat, AgentLogParseResult } from "@/lib/agent-logs/types";
import { type DecompressState, decompress } from "@/lib/cloudtrail/gzip";
import type { QuarantineItem } from "@/lib/model/ingest-item";

/**
 * Reads an agent log's bytes for the (whole-file) agent-log parsers without trusting its size: gzip is inflated as
 * a stream (never the whole file at once), the inflated bytes are capped (a gzip bomb stops at the cap, what came
 * before it is kept), and in line-based formats a record longer than the per-record cap is never materialised: its
 * first bytes are kept for the quarantine and the rest skipped as it streams past.
 */

/** Formats with one record per line: the per-record cap applies line by line. */
const LINE_FORMATS: ReadonlySet<AgentLogFormat> = new Set(["canonical", "claude-code", "codex", "cursor", "aider"]);

/** Bytes of an oversized record kept as its quarantined text. */
const OVERSIZED_HEAD = 64 * 1024;

export type AgentLogLimits = { inflatedBytes: number; recordBytes: number };

export type AgentLogBytes = {
  /** The text to parse: every line kept, an oversized line replaced by an empty one (so line numbers stay true). */
  data: Buffer;
  /** Records over the per-record cap (a placeholder line stands in for each). */
  oversized: OversizedRecord[];
  /** A quarantine item for the unread rest of a file over the cap. */
  quarantine: QuarantineItem[];
  notes: string[];
  /** Bytes inflated (or read, when plain) before reading stopped. */
  inflatedBytes: number;
};

const NL = 0x0a;

/**
 * Stands in for an oversized line in the text the parser reads, so record indexes and line numbers stay true: the
 * parser quarantines (or skips) it like any unreadable record, and the ingest then puts the real reason and the
 * record's head on that entry (see `applyOversized`).
 */
const PLACEHOLDER = Buffer.from('{"aftermath":"record over the per-record limit"}\n');

export type OversizedRecord = { line: number; bytes: number; head: string };

/** Streams `chunks` (gzip or plain) into the text an agent-log parser reads, within `limits`. Never throws for bad gzip. */
export async function readAgentLogBytes(
  chunks: AsyncIterable<Uint8Array>,
  format: AgentLogFormat,
  limits: AgentLogLimits,
): Promise<AgentLogBytes> {
  const state: DecompressState = { gzip: false, compressedBytes: 0, outputBytes: 0, gzipError: null, truncated: false };
  const perLine = LINE_FORMATS.has(format);
  const kept: Buffer[] = [];
  let keptBytes = 0;
  const oversized: OversizedRecord[] = [];
  const quarantine: QuarantineItem[] = [];
  const notes: string[] = [];
  const push = (b: Buffer) => {
    if (!b.length) return;
    kept.push(b);
    keptBytes += b.length;
  };
  // The line being read: parts carried over from earlier chunks (while within the cap), its size, and once over the
  // cap only its head. Complete ordinary lines are kept as slices of their chunk (no allocation per line).
  let carried: Buffer[] = [];
  let lineBytes = 0;
  let over = false;
  let head: Buffer | null = null;
  let lineNo = 1;
  let records = 0;
  let lineHasText = false;
  let overflow = false;

  const source = decompress(chunks, state);
  try {
    for await (const chunk of source) {
      let keepFrom = 0;
      let lineStart = 0;
      let pos = 0;
      for (;;) {
        const nl = chunk.indexOf(NL, pos);
        const end = nl < 0 ? chunk.length : nl;
        if (end > pos) {
          if (!lineHasText && hasText(chunk, pos, end)) lineHasText = true;
          lineBytes += end - pos;
        }
        if (perLine && !over && lineBytes > limits.recordBytes) {
          over = true;
          if (lineStart > keepFrom) push(chunk.subarray(keepFrom, lineStart));
          head = Buffer.from(Buffer.concat([...carried, chunk.subarray(lineStart, end)]).subarray(0, OVERSIZED_HEAD));
          carried = [];
        }
        if (nl < 0) {
          if (!over) {
            if (lineStart > keepFrom) push(chunk.subarray(keepFrom, lineStart));
            if (chunk.length > lineStart) carried.push(chunk.subarray(lineStart));
          }
          break;
        }
        if (over) {
          oversized.push({ line: lineNo, bytes: lineBytes, head: head?.toString("utf8") ?? "" });
          push(PLACEHOLDER);
          keepFrom = nl + 1;
          records++;
        } else {
          for (const p of carried) push(p);
          carried = [];
          if (lineHasText) records++;
        }
        lineNo++;
        lineBytes = 0;
        over = false;
        head = null;
        lineHasText = false;
        lineStart = nl + 1;
        pos = nl + 1;
      }
      // Counted on what was inflated, not what was kept: a bomb of one endless skipped line stops here too.
      if (state.outputBytes > limits.inflatedBytes) {
        overflow = true;
        break;
      }
    }
  } finally {
    // Leaving the loop early stops the inflater and releases the source (decompress's finally).
    await source.return(undefined);
  }
  if (overflow) {
    const partial = over ? (head ?? Buffer.alloc(0)) : Buffer.concat(carried).subarray(0, OVERSIZED_HEAD);
    quarantine.push({
      position: { index: records, line: perLine ? lineNo : null },
      reason: `file is larger than the limit of ${limits.inflatedBytes} bytes${state.gzip ? " when decompressed" : ""} (AFTERMATH_AGENT_LOG_MAX_BYTES): reading stopped here, the rest of the file was not read`,
      rawText: partial.toString("utf8"),
    });
    notes.push(
      `stopped reading after ${state.outputBytes} bytes${state.gzip ? ` (decompressed from ${state.compressedBytes} bytes of gzip)` : ""}: over the limit of ${limits.inflatedBytes} bytes`,
    );
  } else if (over) {
    oversized.push({ line: lineNo, bytes: lineBytes, head: head?.toString("utf8") ?? "" });
    push(PLACEHOLDER);
  } else for (const p of carried) push(p);
  if (state.gzipError) notes.push("truncated or corrupt gzip: read what could be decompressed");
  if (state.gzip) notes.push("gzip");
  return {
    data: kept.length === 1 ? kept[0] : Buffer.concat(kept, keptBytes),
    oversized,
    quarantine,
    notes,
    inflatedBytes: state.outputBytes,
  };
}

/**
 * Puts each oversized record's reason and head on the entry the parser made for its placeholder line (quarantined
 * or skipped), so positions stay the parser's own; one the parser did not report is added.
 */
export function applyOversized(result: AgentLogParseResult, oversized: OversizedRecord[], recordLimit: number): void {
  for (const o of oversized) {
    const reason = `record is ${o.bytes} bytes, over the per-record limit of ${recordLimit} bytes (AFTERMATH_AGENT_RECORD_MAX_BYTES): not parsed`;
    const q = result.quarantine.find((x) => x.position.line === o.line);
    if (q) {
      q.reason = reason;
      q.rawText = o.head;
      continue;
    }
    const i = result.skipped.findIndex((x) => x.position.line === o.line);
    if (i >= 0) {
      const [skip] = result.skipped.splice(i, 1);
      result.quarantine.push({ position: skip.position, reason, rawText: o.head });
      continue;
    }
    result.quarantine.push({ position: { index: result.read, line: o.line }, reason, rawText: o.head });
    result.read++;
  }
}

function hasText(b: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = b[i];
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return true;
  }
  return false;
}
