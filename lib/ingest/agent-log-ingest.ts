import { redactSecrets } from "@/lib/agent-logs/redact";
import type { AgentLogFormat, AgentLogParseResult } from "@/lib/agent-logs/types";
import type { SqlSession, Store } from "@/lib/db";
import { applyOversized, readAgentLogBytes } from "./agent-log-read";
import { writeAgentSession } from "./agent-writer";
import type { ByteSource } from "./byte-source";
import type { AffectedRange, IngestHooks, IngestInput } from "./ingest-file";
import { agentLogMaxBytes, agentRecordMaxBytes } from "./limits";
import { parseAgentLogOffThread } from "./parse/agent-log-pool";
import { QuarantineWriter } from "./quarantine-writer";
import type { FileReport } from "./report";

/** Reads an agent log within the limits, parses it off the request thread, stores its sessions and quarantine. */
export async function ingestAgentLog(
  store: Store,
  session: SqlSession,
  bytes: ByteSource,
  input: IngestInput,
  format: AgentLogFormat,
  sourceId: string,
  report: FileReport,
  affected: AffectedRange,
  hooks: IngestHooks,
): Promise<void> {
  const recordBytes = agentRecordMaxBytes();
  const read = await readAgentLogBytes(bytes.stream(), format, { inflatedBytes: agentLogMaxBytes(), recordBytes });
  hooks.onProgress?.(0, bytes.bytes);
  const result = await parseAgentLogOffThread(read.data, { fileName: input.name, format, fileTime: input.fileTime });
  applyOversized(result, read.oversized, recordBytes);
  // Records the reader held back (over the per-record cap, or past the file cap) are quarantined, not dropped.
  if (read.quarantine.length) {
    const redacted = read.quarantine.map((q) => ({ ...q, rawText: redactSecrets(q.rawText).text }));
    result.quarantine.push(...redacted);
    result.read += read.quarantine.length;
  }
  await bytes.drain();
  report.notes.push(...read.notes);
  await storeAgentLogResult(store, result, sourceId, bytes.sha256(), report, affected, session);
  hooks.onProgress?.(result.read, bytes.bytes);
}

/** Stores what parseAgentLog (or the OTLP parsers) produced, filling the report's counts. */
export async function storeAgentLogResult(
  store: Store,
  result: AgentLogParseResult,
  sourceId: string,
  sha256: string,
  report: FileReport,
  affected: AffectedRange,
  session?: SqlSession,
): Promise<void> {
  report.format = result.format;
  report.read = result.read;
  report.redactions = result.redactions;
  report.notes.push(...(result.notes ?? []));
  let ingested = 0;
  let duplicates = 0;
  for (const s of result.sessions) {
    const w = await writeAgentSession(store, s, sourceId, result.sessions.length === 1 ? result.redactions : 0);
    ingested += w.ingestedRecords;
    duplicates += w.duplicateRecords;
    affected.sessionIds.push(w.sessionId);
    for (const a of s.actions) {
      affected.minTime = affected.minTime === null ? a.at : Math.min(affected.minTime, a.at);
      affected.maxTime = affected.maxTime === null ? (a.endedAt ?? a.at) : Math.max(affected.maxTime, a.endedAt ?? a.at);
    }
  }
  const storeQuarantine = async (s: SqlSession) => {
    const q = new QuarantineWriter(s, sourceId);
    for (const item of result.quarantine) await q.quarantine(item);
    for (const item of result.skipped) await q.skip(item);
    await q.finish(sha256);
    report.quarantine = q.firstEntries;
    report.redactions += q.redactions;
  };
  if (session) await storeQuarantine(session);
  else await store.session(storeQuarantine);
  report.ingested = ingested;
  report.duplicates = duplicates;
  report.quarantined = result.quarantine.length;
  report.skipped = result.skipped.length;
}
