// Which statement the PGlite worker runs next (pure; the worker, the host and the unit tests share it).
// PGlite has one connection, so every statement serialises. Reads (Prisma queries and transactions: the pages, the
// app's own writes) go first; bulk ingest statements (the ingest sessions' sql/copyFrom/executeScript) wait in a
// queue of their own and run one at a time, only when no read is waiting. Plain JS so the worker loads it unbundled.

/** Worker ops that are bulk ingest work (when sent without an explicit database: migrations are not). */
export const BULK_OPS = new Set(["sql", "copyFrom", "copyFromThen", "executeScript"]);

/** Whether an op joins the bulk queue. */
export function isBulkOp(op, db) {
  return BULK_OPS.has(op) && !db;
}

/**
 * Decides whether the oldest queued bulk statement may start now.
 * - `undelivered`: reads the host has sent that the worker has not received yet (a shared counter): the worker cannot
 *   see them in its message queue, so it yields to its event loop until they arrive;
 * - `inFlight`: reads running (or queued inside PGlite) and open transactions;
 * - `sinceRead`: ms since the last read finished (a page sends its queries in rounds; `lingerMs` keeps the bulk lane
 *   closed between rounds);
 * - `sinceBulk`: ms since the bulk lane last ran a statement (or since it became non-empty), `lastBulkMs` how long
 *   that statement took: once `sinceBulk` reaches the fair gap — as long as the last bulk statement took, at most
 *   `maxDeferMs` — one bulk statement runs whatever reads wait. Reads and ingest then share the database about half
 *   and half while both have work: a page waits for at most one bulk statement per round, and ingest cannot starve.
 * Returns `{ run: true }` or `{ run: false, retryMs }` (0 = check again after the event loop's next I/O poll).
 */
export function nextBulk({ queued, running, undelivered, inFlight, sinceRead, sinceBulk, lastBulkMs, lingerMs, maxDeferMs }) {
  if (running || queued === 0) return { run: false, retryMs: null };
  const gap = Math.min(maxDeferMs, Math.max(1, lastBulkMs));
  if (sinceBulk >= gap) return { run: true };
  if (undelivered > 0) return { run: false, retryMs: 0 };
  if (inFlight > 0) return { run: false, retryMs: gap - sinceBulk };
  if (sinceRead < lingerMs) return { run: false, retryMs: Math.max(1, Math.min(lingerMs - sinceRead, gap - sinceBulk)) };
  return { run: true };
}
