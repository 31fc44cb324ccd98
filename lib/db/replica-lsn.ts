/** PostgreSQL WAL positions ("16/B374D848") as bigints, so they compare and subtract. Pure. */
export function parseLsn(text: string | null | undefined): bigint | null {
  const m = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(text?.trim() ?? "");
  if (!m) return null;
  return (BigInt(`0x${m[1]}`) << 32n) | BigInt(`0x${m[2]}`);
}

export function formatLsn(lsn: bigint): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}

/** A primary WAL position and when it was seen. */
export type LsnSample = { at: number; lsn: bigint };

/**
 * How far (ms) a replica that has replayed up to `replayed` is behind: the age of the oldest primary sample it has
 * not reached yet (0 when it has reached them all). `samples` are in time order.
 */
export function lagMs(samples: readonly LsnSample[], replayed: bigint, now: number): number {
  const first = samples.find((s) => s.lsn > replayed);
  return first ? Math.max(0, now - first.at) : 0;
}

/** Drops samples older than `keepMs`, keeping the newest one older than that (lag can still be measured from it). */
export function pruneSamples(samples: LsnSample[], now: number, keepMs: number): LsnSample[] {
  const cut = samples.findIndex((s) => now - s.at <= keepMs);
  if (cut <= 0) return cut === -1 ? samples.slice(-1) : samples;
  return samples.slice(cut - 1);
}
