import { hostname } from "node:os";
import { keyOfId } from "@/lib/lock-keys";

/**
 * Whether a "running" ingest is still alive. Its process refreshes `heartbeat_at` every HEARTBEAT_MS (and with every
 * batch); an ingest on this host whose pid no longer exists is known dead at once, any other one once its
 * heartbeat is older than STALE_MS. Used to show such an ingest as "interrupted" (with what it stored) and to
 * finalise it.
 *
 * On PostgreSQL, several app processes and the CLI share the store from one or more hosts, where a heartbeat can
 * lag (a busy event loop, a skewed clock). There every ingest session holds an advisory lock per running source
 * (taken before the row exists, released with the session, and by PostgreSQL when the process's connection
 * closes), and the caller passes the held keys (`heldLockKeys(store, "ingestSource")`): a source on another host
 * is alive exactly while its lock is held, however old its heartbeat. (Processes sharing a host name must share
 * its pid namespace too, as the same-host pid check assumes: give containers their own host names.)
 */
export const HEARTBEAT_MS = 5_000;
export const STALE_MS = 30_000;

export const THIS_HOST = hostname();

export type LivenessFields = {
  id?: string;
  status: string;
  pid: number | null;
  host: string | null;
  heartbeatAt: Date | null;
  startedAt: Date;
};

/** True when process `pid` exists on this machine (signal 0 checks without sending anything). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * A running ingest whose process is gone (or silent for too long). Sources from before heartbeats: 6 h after start.
 * `heldKeys`: on PostgreSQL, the ingest-source advisory lock keys held now (read after the rows); a source that an
 * ingest session registered (it has a pid) is dead exactly when its key is not held.
 */
export function isDeadIngest(s: LivenessFields, now = Date.now(), heldKeys?: ReadonlySet<number>): boolean {
  if (s.status !== "running") return false;
  // a killed process on this host: dead at once, even while its server backend still finishes a statement
  if (s.host === THIS_HOST && s.pid !== null && s.pid !== process.pid && !pidAlive(s.pid)) return true;
  if (heldKeys && s.id && s.pid !== null) return !heldKeys.has(keyOfId(s.id));
  const last = s.heartbeatAt?.getTime() ?? null;
  if (last === null) return now - s.startedAt.getTime() > 6 * 3600_000;
  return now - last > STALE_MS;
}

/** The status to show: "interrupted" for a running ingest whose process died. */
export function effectiveStatus(s: LivenessFields, now = Date.now(), heldKeys?: ReadonlySet<number>): string {
  return isDeadIngest(s, now, heldKeys) ? "interrupted" : s.status;
}
