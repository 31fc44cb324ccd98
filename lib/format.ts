/** Display formatting shared by pages and components. Pure; the whole UI shows UTC. */

/** "2025-01-02 03:04:05.678" in UTC. */
export function formatUtc(value: number | string | Date, withMillis = true): string {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return "—";
  const s = d.toISOString().replace("T", " ").replace("Z", "");
  return withMillis ? s : s.slice(0, 19);
}

/** Human duration for a span in ms: "850 ms", "12.3 s", "4 min 10 s", "3 h 5 min". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const totalS = Math.round(ms / 1000);
  if (totalS < 3600) return `${Math.floor(totalS / 60)} min ${totalS % 60} s`;
  const totalMin = Math.round(totalS / 60);
  return `${Math.floor(totalMin / 60)} h ${totalMin % 60} min`;
}

const COUNT = new Intl.NumberFormat("en-US");

export function formatCount(n: number | bigint | null | undefined): string {
  return n === null || n === undefined ? "—" : COUNT.format(n);
}

export function formatBytes(n: number | bigint | null | undefined): string {
  if (n === null || n === undefined) return "—";
  const v = Number(n);
  if (v < 1024) return `${v} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let x = v / 1024;
  let i = 0;
  while (x >= 1024 && i < units.length - 1) {
    x /= 1024;
    i++;
  }
  return `${x.toFixed(x < 10 ? 1 : 0)} ${units[i]}`;
}

/** Cuts a string to at most max characters (adding "…"); null stays null. */
export function truncate(s: string | null | undefined, max: number): string | null {
  if (s === null || s === undefined) return null;
  return s.length > max ? `${s.slice(0, Math.max(0, max - 1))}…` : s;
}
