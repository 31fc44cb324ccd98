import type { SqlSession } from "@/lib/db";

/** A run that adds at least this many events refreshes the table's planner statistics. */
export const ANALYZE_AFTER_ROWS = 5000;

/**
 * The columns the explorer and reconstruction filter, sort or join on. ANALYZE of these alone is several times
 * faster than of the whole row: the raw record (jsonb) and the search text are the widest values and no plan
 * depends on their statistics.
 */
const ANALYZE_COLUMNS = [
  "event_id",
  "event_time",
  "account_id",
  "region",
  "event_source",
  "event_name",
  "principal_arn",
  "session_name",
  "role_arn",
  "source_ip",
  "access_key_id",
  "risk",
  "executed",
  "error_code",
  "resources",
  "source_id",
];

/**
 * Sample size of that refresh (ANALYZE samples 300 × target rows): 9,000 rows, a tenth of the default's cost, is
 * plenty for the explorer's range and equality estimates. PostgreSQL's autovacuum later refreshes them in full.
 */
const ANALYZE_STATISTICS_TARGET = 30;

/** Refreshes cloudtrail_event's planner statistics after a bulk load (the columns plans use, a 9,000-row sample). */
export async function analyzeAfterLoad(session: SqlSession): Promise<void> {
  await session.exec(`SET default_statistics_target = ${ANALYZE_STATISTICS_TARGET}`);
  await session.exec(`ANALYZE cloudtrail_event (${ANALYZE_COLUMNS.join(", ")})`);
  await session.exec("RESET default_statistics_target");
}
