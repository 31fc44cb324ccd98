import type { AgentLogFormat } from "@/lib/agent-logs/types";
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
  /** Quarantine items for oversized records and for the unread rest of a file over the cap. */
  quarantine: QuarantineItem[];
  notes: string[];
  /** Bytes inflated (or read, when plain) before reading stopped. */
  inflatedBytes: number;
};

const NL = 0x0a;

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
  const quarantine: QuarantineItem[] = [];
  const notes: string[] = [];
  // The line being read: its parts (while within the record cap), or only its head once it is over.
  let line: Buffer[] = [];
  let lineBytes = 0;
  let lineNo = 1;
  let records = 0; // non-blank lines so far (the record index parsers give)
  let lineHasText = false;
  let overflow = false;

  const endLine = (withNewline: boolean) => {
    if (perLine && lineBytes > limits.recordBytes) {
      const head = Buffer.concat(line).subarray(0, OVERSIZED_HEAD).toString("utf8");
      quarantine.push({
        position: { index: records, line: lineNo },
        reason: `record is ${lineBytes} bytes, over the per-record limit of ${limits.recordBytes} bytes (AFTERMATH_AGENT_RECORD_MAX_BYTES): not parsed`,
        rawText: head,
      });
      if (withNewline) push(Buffer.from([NL]));
    } else {
      for (const p of line) push(p);
      if (withNewline) push(Buffer.from([NL]));
      if (lineHasText) records++;
    }
    line = [];
    lineBytes = 0;
    lineHasText = false;
    lineNo++;
  };
  const push = (b: Buffer) => {
    kept.push(b);
    keptBytes += b.length;
  };
  const addToLine = (b: Buffer) => {
    if (b.length === 0) return;
    if (!lineHasText && hasText(b)) lineHasText = true;
    if (perLine && lineBytes + b.length > limits.recordBytes) {
      // Over the cap: keep only the head for the quarantine; the rest of the line is skipped as it streams past.
      if (lineBytes <= limits.recordBytes) line = [Buffer.from(Buffer.concat(line).subarray(0, OVERSIZED_HEAD))];
      const have = line[0]?.length ?? 0;
      if (have < OVERSIZED_HEAD) line = [Buffer.concat([...line, b.subarray(0, OVERSIZED_HEAD - have)])];
    } else line.push(b);
    lineBytes += b.length;
  };

  const source = decompress(chunks, state);
  try {
    for await (const chunk of source) {
      let at = 0;
      while (at < chunk.length) {
        const nl = chunk.indexOf(NL, at);
        const end = nl < 0 ? chunk.length : nl;
        addToLine(chunk.subarray(at, end));
        if (nl >= 0) endLine(true);
        at = end + 1;
        if (nl < 0) break;
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
    quarantine.push({
      position: { index: records, line: perLine ? lineNo : null },
      reason: `file is larger than the limit of ${limits.inflatedBytes} bytes${state.gzip ? " when decompressed" : ""} (AFTERMATH_AGENT_LOG_MAX_BYTES): reading stopped here, the rest of the file was not read`,
      rawText: Buffer.concat(line).subarray(0, OVERSIZED_HEAD).toString("utf8"),
    });
    notes.push(
      `stopped reading after ${keptBytes} bytes${state.gzip ? ` (decompressed from ${state.compressedBytes} bytes of gzip)` : ""}: over the limit of ${limits.inflatedBytes} bytes`,
    );
  } else if (lineBytes > 0 || line.length) endLine(false);
  if (state.gzipError) notes.push("truncated or corrupt gzip: read what could be decompressed");
  if (state.gzip) notes.push("gzip");
  return { data: kept.length === 1 ? kept[0] : Buffer.concat(kept, keptBytes), quarantine, notes, inflatedBytes: state.outputBytes };
}

function hasText(b: Buffer): boolean {
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d) return true;
  }
  return false;
}
