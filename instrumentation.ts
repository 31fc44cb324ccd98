/** Runs once when the server starts (Next.js instrumentation hook): start-up tasks on the Node.js runtime. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const [{ getStore }, { startAuditRetention }] = await Promise.all([import("@/lib/db"), import("@/lib/audit/retention-job")]);
    // audit retention (AFTERMATH_AUDIT_RETENTION_DAYS; default forever = nothing to do)
    startAuditRetention(getStore);
  }
}
