import type { AgentSessionInput } from "@/lib/model/agent";
import type { QuarantineItem, SkipItem } from "@/lib/model/ingest-item";

/** The agent-log formats this layer reads. */
export const AGENT_LOG_FORMATS = [
  "canonical",
  "claude-code",
  "claude-code-otel",
  "codex",
  "otel-genai",
  "openhands",
  "kiro",
  "cursor",
  "aider",
  "claude-code-headless",
  "claude-code-web",
  "gemini-cli",
  "copilot-cli",
  "cline",
  "opencode",
] as const;
export type AgentLogFormat = (typeof AGENT_LOG_FORMATS)[number];

export interface AgentLogParseOptions {
  /** File name (or path) of the log; used for format detection, session ids of id-less formats and record keys. */
  fileName: string;
  /** Force a format instead of auto-detecting it. */
  format?: AgentLogFormat;
  /**
   * ms epoch to use as the time of records in formats that carry no timestamps at all (Cursor transcripts, OpenHands
   * resolver output), typically the file's mtime. Without it such records are quarantined ("timestamp: …").
   */
  fileTime?: number;
  /**
   * What the ingest knows about the run that produced the file (a CI job's start, its repository…), for formats
   * whose records carry no times or context (Claude Code headless output).
   */
  context?: IngestContext;
}

/** CI / run context of an ingest: from the caller (CLI flags, GitHub Actions env) or the file's path. */
export interface IngestContext {
  /** ms epoch the run started (e.g. the GitHub Actions job's start). */
  runStartedAt?: number;
  ci?: CiContext;
}

export interface CiContext {
  provider: string;
  repository: string | null;
  workflow: string | null;
  runId: string | null;
  actor: string | null;
}

/**
 * What reading one agent log produced. Every input record is counted exactly once:
 * `sum(action.recordCount) + sum(session.metaRecords) + skipped.length + quarantine.length === read`.
 */
export interface AgentLogParseResult {
  format: AgentLogFormat | null;
  /** Input records read (JSONL lines, array elements, OTLP log records / spans, markdown blocks). */
  read: number;
  sessions: AgentSessionInput[];
  quarantine: QuarantineItem[];
  skipped: SkipItem[];
  /** How many secrets were replaced with `[REDACTED:<kind>]` across everything returned. */
  redactions: number;
  /** Assumptions made while reading, e.g. "timestamps without a time zone were read as UTC". */
  notes: string[];
}
