/**
 * Next.js start-up hook (Node.js runtime only): bounded graceful shutdown on SIGTERM/SIGINT, and ingests left
 * "running" by a process that died are marked interrupted (with what they stored) once the store is open.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { installGracefulShutdown } = await import("./lib/db/shutdown");
  installGracefulShutdown();
  const { getStore } = await import("./lib/db");
  const { recoverInterruptedIngests } = await import("./lib/ingest/pipeline");
  // In the background: start-up does not wait on the database.
  void getStore()
    .then((store) => recoverInterruptedIngests(store))
    .catch((e) => console.error("[startup] could not check for interrupted ingests:", e instanceof Error ? e.message : e));
}
