function envBytes(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

/** Largest request body POST /api/ingest accepts (bytes as sent, gzip or not). AFTERMATH_INGEST_MAX_BYTES overrides. */
export function ingestBodyLimit(): number {
  const v = Number(process.env.AFTERMATH_INGEST_MAX_BYTES);
  return Number.isFinite(v) && v > 0 ? v : 2 * 1024 * 1024 * 1024;
}

/** Largest OTLP/JSON export request accepted (AFTERMATH_OTLP_MAX_BYTES). */
export function otlpBodyLimit(): number {
  const v = Number(process.env.AFTERMATH_OTLP_MAX_BYTES);
  return Number.isFinite(v) && v > 0 ? v : 64 * 1024 * 1024;
}

/** Largest agent log read, counted on its decompressed bytes (AFTERMATH_AGENT_LOG_MAX_BYTES, 128 MiB): beyond it reading stops and the rest is quarantined. */
export function agentLogMaxBytes(): number {
  return envBytes("AFTERMATH_AGENT_LOG_MAX_BYTES", 128 * 1024 * 1024);
}

/** Largest single record (line) of a line-based agent log (AFTERMATH_AGENT_RECORD_MAX_BYTES, 8 MiB): a longer one is quarantined unparsed. */
export function agentRecordMaxBytes(): number {
  return envBytes("AFTERMATH_AGENT_RECORD_MAX_BYTES", 8 * 1024 * 1024);
}
