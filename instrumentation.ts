/**
 * Runs once when the server starts (Next.js instrumentation hook), on the Node.js runtime only: audit retention,
 * bounded graceful shutdown on SIGTERM/SIGINT, and ingests left "running" by a process that died are marked
 * interrupted (with what they stored) once the store is open.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const [{ getStore }, { startAuditRetention }, { startEventRetention }, { installGracefulShutdown }, { recoverInterruptedIngests }] =
    await Promise.all([
      import("@/lib/db"),
      import("@/lib/audit/retention-job"),
      import("@/lib/retention/job"),
      import("@/lib/db/shutdown"),
      import("@/lib/ingest/pipeline"),
    ]);
  // audit retention (AFTERMATH_AUDIT_RETENTION_DAYS; default forever = nothing to do)
  startAuditRetention(getStore);
  // event retention (AFTERMATH_RETENTION_DAYS: drops old cloudtrail_event partitions; default forever = nothing to do)
  startEventRetention(getStore);
  installGracefulShutdown();
  // In the background: start-up does not wait on the database.
  void getStore()
    .then((store) => recoverInterruptedIngests(store))
    .catch((e) => console.error("[startup] could not check for interrupted ingests:", e instanceof Error ? e.message : e));
}
