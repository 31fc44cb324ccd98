// What goes into an ingest and what it reports back to its caller (types only).
import type { IngestContext } from "@/lib/agent-logs/types";
import type { Actor } from "@/lib/auth/actor";
import type { RequestMeta } from "@/lib/http/route";
import type { FileReport } from "./report";

export type IngestVia = "cli" | "upload" | "api" | "otlp" | "demo" | "watch";

export interface IngestInput {
  /** File name or path as shown in reports. */
  name: string;
  chunks: AsyncIterable<Uint8Array>;
  format?: string;
  via: IngestVia;
  /** Reject inputs larger than this (bytes, compressed as received). */
  limitBytes?: number;
  /** ms epoch used as the time of agent-log records that carry none (e.g. the file's mtime). */
  fileTime?: number;
  /** Run context for agent logs without times of their own (Claude Code headless). */
  context?: IngestContext;
  /** Who ingests it (the `ingest.source` audit row); default: the system, named by `via`. */
  actor?: Actor;
  /** The request's IP and user agent, for the audit row. */
  meta?: RequestMeta;
}

export interface IngestHooks {
  /** Called as records are read: total records so far in this file, and bytes consumed. */
  onProgress?: (records: number, bytes: number) => void;
  /** Called once after a run's rows are stored, with everything its files touched (incident reconstruction). */
  afterFile?: (report: FileReport, affected: AffectedRange) => Promise<void>;
}

/** What a file changed, so reconstruction can work incrementally. */

export type AffectedRange = { minTime: number | null; maxTime: number | null; sessionIds: string[] };
