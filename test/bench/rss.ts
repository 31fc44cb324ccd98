import { readFileSync } from "node:fs";

/**
 * Peak resident memory of a process: Linux's VmHWM (high-water mark of RSS) from /proc/<pid>/status, polled while
 * the process runs (the file disappears when it exits, so the last reading is kept). null off Linux.
 */

/** VmHWM of `pid` in bytes, or null when unreadable. */
export function readPeakRss(pid: number | "self"): number | null {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** Polls the peak RSS of `pid` every `intervalMs` until `stop()`, which returns the highest reading (bytes) or null. */
export function watchPeakRss(pid: number | undefined, intervalMs = 200): { stop: () => number | null } {
  let peak: number | null = null;
  const poll = () => {
    if (pid === undefined) return;
    const v = readPeakRss(pid);
    if (v !== null && (peak === null || v > peak)) peak = v;
  };
  poll();
  const timer = setInterval(poll, intervalMs);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}

/** This process's peak RSS in bytes (process.resourceUsage().maxRSS is in KiB). */
export const ownPeakRss = () => process.resourceUsage().maxRSS * 1024;

export const mib = (bytes: number | null) => (bytes === null ? "n/a" : `${Math.round(bytes / 2 ** 20)} MiB`);
