import "server-only";
import { createHash } from "node:crypto";
import { parseOtlpLogs, parseOtlpTraces } from "@/lib/agent-logs";
import { recordAudit } from "@/lib/audit/mutations";
import type { Actor } from "@/lib/auth/actor";
import type { Store } from "@/lib/db";
import type { RequestMeta } from "@/lib/http/route";
import { type AffectedRange, type IngestHooks, storeAgentLogResult } from "./ingest-file";
import { redactForQuarantine } from "./quarantine-writer";
import { emptyFileReport, type FileReport } from "./report";

export type OtlpSignal = "traces" | "logs";

/**
 * Stores one OTLP/HTTP JSON export request (`POST /v1/traces` or `/v1/logs`) as an ingest source, through the
 * same agent-log model, quarantine and report as files.
 */
export async function ingestOtlp(
  store: Store,
  signal: OtlpSignal,
  body: Uint8Array,
  hooks: Pick<IngestHooks, "afterFile"> = {},
  /** who sent it, for the source's `ingest.source` audit row (default: the system, "otlp") */
  who: { actor?: Actor; meta?: RequestMeta } = {},
): Promise<FileReport> {
  const started = Date.now();
  const name = `otlp:/v1/${signal}`;
  const report = emptyFileReport(name);
  report.kind = "agent-log";
  const sha256 = createHash("sha256").update(body).digest("hex");
  const source = await store.prisma.ingestSource.create({
    data: { kind: "agent-log", fileName: name, sha256, sizeBytes: BigInt(body.byteLength), status: "running", via: "otlp" },
  });
  report.sourceId = source.id;
  const affected: AffectedRange = { minTime: null, maxTime: null, sessionIds: [] };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body).toString("utf8"));
  } catch (e) {
    json = undefined;
    report.read = 1;
    report.quarantined = 1;
    // The body is stored redacted (and without NUL, which PostgreSQL text refuses), like every quarantine row.
    const reason = redactForQuarantine(`malformed JSON: ${(e as Error).message}`, 2000);
    const raw = redactForQuarantine(Buffer.from(body.subarray(0, 64 * 1024 + 1024)).toString("utf8"));
    report.redactions += reason.count + raw.count;
    report.quarantine = [{ index: 0, line: null, reason: reason.text }];
    await store.prisma.quarantinedRecord.create({
      data: {
        sourceId: source.id,
        fileSha256: sha256,
        recordIndex: 0,
        reason: reason.text,
        rawText: raw.text.replaceAll("\u0000", "\uFFFD"),
        rawBytes: body.byteLength,
      },
    });
  }
  if (json !== undefined) {
    const result = signal === "traces" ? parseOtlpTraces(json) : parseOtlpLogs(json);
    await storeAgentLogResult(store, result, source.id, sha256, report, affected);
  }
  report.durationMs = Date.now() - started;
  report.minTime = affected.minTime;
  report.maxTime = affected.maxTime;
  const data = {
    format: report.format,
    status: "done",
    read: report.read,
    ingested: report.ingested,
    duplicates: report.duplicates,
    quarantined: report.quarantined,
    skipped: report.skipped,
    redactions: report.redactions,
    notes: report.notes,
    finishedAt: new Date(),
    durationMs: report.durationMs,
  };
  await store.prisma.$transaction(async (tx) => {
    await tx.ingestSource.update({ where: { id: source.id }, data });
    await recordAudit(tx, {
      actor: who.actor ?? { kind: "system", name: "otlp" },
      action: "ingest.source",
      targetType: "ingest_source",
      targetId: source.id,
      after: {
        file: name,
        via: "otlp",
        kind: "agent-log",
        sha256,
        sizeBytes: body.byteLength,
        ...data,
        notes: undefined,
        finishedAt: undefined,
      },
      meta: who.meta,
    });
  });
  if (hooks.afterFile) await hooks.afterFile(report, affected);
  return report;
}
