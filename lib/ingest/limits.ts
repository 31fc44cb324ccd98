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
