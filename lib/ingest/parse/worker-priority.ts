import { setPriority } from "node:os";

/**
 * Parse workers run at a lower CPU priority than the thread serving requests (and than the database), so on a busy
 * machine pages keep their share while uploads parse. `AFTERMATH_PARSE_NICE` (0–19, default 10; 0 = unchanged).
 * On Linux a thread's nice value is its own, so this lowers only the calling worker thread.
 */
export function parseWorkerNice(env = process.env.AFTERMATH_PARSE_NICE): number {
  if (env === undefined || env.trim() === "") return 10;
  const n = Number(env);
  if (Number.isInteger(n) && n >= 0 && n <= 19) return n;
  throw new Error(`AFTERMATH_PARSE_NICE must be a whole number from 0 to 19 (got "${env}")`);
}

/** Lowers the calling thread's priority; returns the nice value set, or null when it could not be changed. */
export function lowerThisThreadPriority(nice = parseWorkerNice()): number | null {
  if (nice === 0) return null;
  try {
    setPriority(0, nice);
    return nice;
  } catch {
    return null; // not permitted here (some containers): parse at normal priority
  }
}
