import { hostname } from "node:os";

/**
 * Whether a "running" ingest is still alive. Its process refreshes `heartbeat_at` every HEARTBEAT_MS (and with every
 * batch); an ingest on this host whose pid no longer exists is known dead at once, any other one once its
 * heartbeat is older than STALE_MS. Used to show such an ingest as "interrupted" (with what it stored) and to
 * finalise it.
 */
export const HEARTBEAT_MS = 5_000;
export const STALE_MS = 30_000;

export const THIS_HOST = hostname();

export type LivenessFields = { status: string; pid: number | null; host: string | null; heartbeatAt: Date | null; startedAt: Date };

/** True when process `pid` exists on this machine (signal 0 checks without sending anything). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** A running ingest whose process is gone (or silent for too long). Sources from before heartbeats: 6 h after start. */
export function isDeadIngest(s: LivenessFields, now = Date.now()): boolean {
  if (s.status !== "running") return false;
  if (s.host === THIS_HOST && s.pid !== null && s.pid !== process.pid && !pidAlive(s.pid)) return true;
  const last = s.heartbeatAt?.getTime() ?? null;
  if (last === null) return now - s.startedAt.getTime() > 6 * 3600_000;
  return now - last > STALE_MS;
}

/** The status to show: "interrupted" for a running ingest whose process died. */
export function effectiveStatus(s: LivenessFields, now = Date.now()): string {
  return isDeadIngest(s, now) ? "interrupted" : s.status;
}
