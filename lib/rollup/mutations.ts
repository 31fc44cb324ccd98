import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { HOUR_MS } from "./counts";
import { eventRollupSource, rollupUpsertCtes } from "./sql";

/**
 * Repairs of the rollup (lib/rollup/sql.ts) from cloudtrail_event, for the paths that change what it counts after
 * ingest: links (agent_linked), deleted events (retention, source delete), and `aftermath rollup rebuild`. Each runs
 * inside the caller's transaction, after the caller's own change, so the rollup moves with it.
 *
 * Concurrency: a repair first takes SHARE ROW EXCLUSIVE on both rollup tables. That waits for every ingest that has
 * already added counts (their statements hold ROW EXCLUSIVE) to commit, and makes any ingest that adds counts later
 * wait for the repair to commit; the repair's recount therefore sees exactly the events whose counts it replaces.
 */

type Tx = Pick<Prisma.TransactionClient, "$executeRaw" | "$queryRaw">;

const iso = (ms: number) => Prisma.sql`${new Date(ms).toISOString()}::timestamptz`;

/** Takes the repair lock (see above); withLinkChanges takes it too, a caller may take it earlier to read links under it. */
export async function lockRollup(tx: Tx): Promise<void> {
  await tx.$executeRaw`LOCK TABLE event_rollup, event_rollup_total IN SHARE ROW EXCLUSIVE MODE`;
}

/** Recounts whole UTC hours [from, to) (both multiples of an hour) from the events; the lock is held. */
async function recountHours(tx: Tx, from: number, to: number): Promise<void> {
  if (to <= from) return;
  await tx.$executeRaw`DELETE FROM event_rollup WHERE width_min IN (1, 60) AND bucket >= ${iso(from)} AND bucket < ${iso(to)}`;
  await tx.$executeRaw`DELETE FROM event_rollup_total WHERE width_min IN (1, 60) AND bucket >= ${iso(from)} AND bucket < ${iso(to)}`;
  await tx.$executeRaw`WITH sel AS (
      ${Prisma.raw(eventRollupSource("e"))} FROM cloudtrail_event e WHERE e.event_time >= ${iso(from)} AND e.event_time < ${iso(to)}),
    ${Prisma.raw(rollupUpsertCtes("SELECT * FROM sel"))}
    SELECT 1`;
}

const floorHour = (ms: number) => Math.floor(ms / HOUR_MS) * HOUR_MS;
const ceilHour = (ms: number) => Math.ceil(ms / HOUR_MS) * HOUR_MS;

/**
 * Recomputes the rollup for every event time in [from, to) (widened to whole UTC hours) from cloudtrail_event.
 * Returns the hours recounted.
 */
export async function recomputeRollup(tx: Tx, range: { from: Date | number; to: Date | number }): Promise<number> {
  const from = floorHour(new Date(range.from).getTime());
  const to = ceilHour(new Date(range.to).getTime());
  if (to <= from) return 0;
  await lockRollup(tx);
  // a day at a time: each statement's working set stays bounded however long the range
  for (let h = from; h < to; h += 24 * HOUR_MS) await recountHours(tx, h, Math.min(to, h + 24 * HOUR_MS));
  return (to - from) / HOUR_MS;
}

/**
 * Runs `change` (which adds or removes action_event_link rows of these events) and moves the rollup counts of the
 * events whose linked state flipped from one agent_linked row to the other: a delta over those events only, not a
 * recount. The lock is taken before the links are read, so concurrent link changes apply one after the other.
 */
export async function withLinkChanges<T>(tx: Tx, eventIds: readonly string[], change: () => Promise<T>): Promise<T> {
  const ids = [...new Set(eventIds)];
  if (!ids.length) return change();
  await lockRollup(tx);
  const linked = async () =>
    new Set(
      (
        await tx.$queryRaw<{ event_id: string }[]>`
          SELECT DISTINCT event_id FROM action_event_link WHERE event_id = ANY(${ids}::text[])`
      ).map((r) => r.event_id),
    );
  const before = await linked();
  const result = await change();
  const after = await linked();
  const flips = ids.filter((id) => before.has(id) !== after.has(id)).map((id) => ({ event_id: id, linked: after.has(id) }));
  if (flips.length) await applyLinkFlips(tx, flips);
  return result;
}

async function applyLinkFlips(tx: Tx, flips: { event_id: string; linked: boolean }[]): Promise<void> {
  const join = "FROM flip_in v JOIN cloudtrail_event e ON e.event_id = v.event_id";
  // +1 on the row of the new state, -1 on the row of the old one (the per-account totals net to zero)
  const delta = `${eventRollupSource("e", "v.linked", "1")} ${join} UNION ALL ${eventRollupSource("e", "NOT v.linked", "-1")} ${join}`;
  const [span] = await tx.$queryRaw<{ lo: Date | string | null; hi: Date | string | null }[]>`
    WITH flip_in AS (SELECT * FROM jsonb_to_recordset(${JSON.stringify(flips)}::jsonb) AS v(event_id text, linked boolean)),
    ${Prisma.raw(rollupUpsertCtes(delta))}
    SELECT min(e.event_time) AS lo, max(e.event_time) AS hi ${Prisma.raw(join)}`;
  if (!span?.lo || !span.hi) return;
  const lo = floorHour(new Date(span.lo).getTime());
  const hi = floorHour(new Date(span.hi).getTime()) + HOUR_MS;
  await tx.$executeRaw`DELETE FROM event_rollup WHERE width_min IN (1, 60) AND bucket >= ${iso(lo)} AND bucket < ${iso(hi)} AND count = 0`;
}

/** Recomputes the rollup for the hours holding these events (call after their links changed). */
export async function recomputeRollupForEvents(tx: Tx, eventIds: readonly string[]): Promise<number> {
  if (!eventIds.length) return 0;
  const rows = await tx.$queryRaw<{ h: Date | string }[]>`
    SELECT DISTINCT date_bin(interval '1 hour', e.event_time, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS h
    FROM cloudtrail_event e WHERE e.event_id = ANY(${[...new Set(eventIds)]}::text[]) ORDER BY 1`;
  if (!rows.length) return 0;
  await lockRollup(tx);
  for (const r of rows) {
    const h = new Date(r.h).getTime();
    await recountHours(tx, h, h + HOUR_MS);
  }
  return rows.length;
}

/**
 * Drops the rollup of events before `cutoff` (retention). Call in the transaction that deleted those events, after
 * the delete: buckets wholly before the cutoff are dropped, the hour holding the cutoff is recounted. Take
 * lockRollup(tx) before deleting the events (as with recomputeRollup): an ingest re-inserting a row being deleted
 * would otherwise hold the rollup while waiting for that row, and the two transactions would deadlock.
 */
export async function deleteRollupBefore(tx: Tx, cutoff: Date | number): Promise<void> {
  const c = new Date(cutoff).getTime();
  await lockRollup(tx);
  const hour = floorHour(c);
  await tx.$executeRaw`DELETE FROM event_rollup WHERE bucket < ${iso(hour)}`;
  await tx.$executeRaw`DELETE FROM event_rollup_total WHERE bucket < ${iso(hour)}`;
  if (hour < c) await recountHours(tx, hour, hour + HOUR_MS);
}

/** Rebuilds the whole rollup from cloudtrail_event (repair: `aftermath rollup rebuild`; fixtures that insert events directly). */
export async function rebuildRollup(tx: Tx): Promise<void> {
  await lockRollup(tx);
  await tx.$executeRaw`DELETE FROM event_rollup`;
  await tx.$executeRaw`DELETE FROM event_rollup_total`;
  await tx.$executeRaw`WITH ${Prisma.raw(rollupUpsertCtes(`${eventRollupSource("e")} FROM cloudtrail_event e`))} SELECT 1`;
}
