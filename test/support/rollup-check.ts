import type { Store } from "@/lib/db";

/**
 * Rows in which the chart rollup (event_rollup, event_rollup_total, both levels) differs from a recount of
 * cloudtrail_event and action_event_link, written independently of lib/rollup/sql.ts. 0 = consistent.
 */
const CHECK_SQL = `
WITH truth AS (
  SELECT date_bin(interval '1 minute', e.event_time, TIMESTAMPTZ '2000-01-01Z') AS m, coalesce(e.account_id, '') AS a,
         coalesce(e.region, '') AS r, e.event_source AS s, e.risk AS k, e.error_code IS NOT NULL AS er,
         EXISTS (SELECT 1 FROM action_event_link l WHERE l.event_id = e.event_id) AS l,
         (e.human_name IS NOT NULL OR coalesce(e.principal_type IN ('Root', 'IAMUser', 'SAMLUser', 'FederatedUser',
            'IdentityCenterUser', 'WebIdentityUser'), false) OR coalesce(strpos(e.role_arn, 'AWSReservedSSO_') > 0, false)
          OR coalesce(strpos(e.user_agent, 'Mozilla/') > 0, false) OR e.user_agent IS NOT DISTINCT FROM 'AWS Internal') AS h
  FROM cloudtrail_event e),
lv AS (SELECT 1 AS w, m AS b, a, r, s, k, er, l, h FROM truth
       UNION ALL SELECT 60, date_trunc('hour', m AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', a, r, s, k, er, l, h FROM truth),
want_all AS (SELECT w, b, a, r, s, k, er, l, h, count(*)::int AS n FROM lv GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9),
got_all AS (SELECT width_min::int AS w, bucket AS b, account_id AS a, region AS r, event_source AS s, risk AS k, errors AS er,
                   agent_linked AS l, human AS h, count AS n FROM event_rollup),
want_tot AS (SELECT w, b, a, count(*)::int AS n, count(*) FILTER (WHERE k = 'destructive')::int AS d,
                    count(*) FILTER (WHERE h AND NOT l)::int AS uh, count(*) FILTER (WHERE h AND NOT l AND k = 'destructive')::int AS uhd
             FROM lv GROUP BY 1, 2, 3),
got_tot AS (SELECT width_min::int AS w, bucket AS b, account_id AS a, count AS n, destructive AS d, unlinked_human AS uh,
                   unlinked_human_destructive AS uhd FROM event_rollup_total)
SELECT
  (SELECT count(*) FROM ((SELECT * FROM want_all EXCEPT ALL SELECT * FROM got_all)
                         UNION ALL (SELECT * FROM got_all EXCEPT ALL SELECT * FROM want_all)) x)::int AS all_diff,
  (SELECT count(*) FROM ((SELECT * FROM want_tot EXCEPT ALL SELECT * FROM got_tot)
                         UNION ALL (SELECT * FROM got_tot EXCEPT ALL SELECT * FROM want_tot)) x)::int AS total_diff,
  (SELECT coalesce(sum(count), 0) FROM event_rollup WHERE width_min = 1)::int AS rollup_sum,
  (SELECT count(*) FROM cloudtrail_event)::int AS events`;

export type RollupCheck = { all_diff: number; total_diff: number; rollup_sum: number; events: number };

export function checkRollup(store: Store): Promise<RollupCheck> {
  return store.session((s) => checkRollupSql((sql) => s.query<RollupCheck>(sql)));
}

/** The same check over a plain SQL session (the crash-safety snapshot). */
export async function checkRollupSql(query: (sql: string) => Promise<RollupCheck[]>): Promise<RollupCheck> {
  const [r] = await query(CHECK_SQL);
  return { all_diff: Number(r.all_diff), total_diff: Number(r.total_diff), rollup_sum: Number(r.rollup_sum), events: Number(r.events) };
}
