import { closeProcessStore } from "./index";

/**
 * Graceful, bounded shutdown of the web app on SIGTERM / SIGINT. Next's own handler stops accepting connections and
 * waits for pending requests, which could be forever (an upload waiting on a database that went away). Here:
 * requests get AFTERMATH_SHUTDOWN_GRACE_MS (default 5 s) to finish; then the store is closed, so whatever still
 * waits on it fails at once (an upload answers 503 with its report); and the process exits no later than twice the
 * grace period whatever happens.
 */
export function shutdownGraceMs(): number {
  const v = Number(process.env.AFTERMATH_SHUTDOWN_GRACE_MS);
  return Number.isFinite(v) && v > 0 ? v : 5_000;
}

const KEY = Symbol.for("aftermath.shutdown");

export function installGracefulShutdown(): void {
  const g = globalThis as typeof globalThis & { [KEY]?: boolean };
  if (g[KEY]) return;
  g[KEY] = true;
  let started = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    const grace = shutdownGraceMs();
    const code = signal === "SIGTERM" ? 143 : 130;
    setTimeout(() => {
      console.error(`[shutdown] ${signal}: requests still running after ${grace} ms; closing the store`);
      void closeProcessStore().catch(() => undefined);
    }, grace).unref();
    setTimeout(() => {
      console.error(`[shutdown] ${signal}: exiting after ${2 * grace} ms`);
      process.exit(code);
    }, 2 * grace).unref();
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}
