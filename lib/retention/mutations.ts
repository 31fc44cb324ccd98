import "server-only";
import { recordAudit } from "@/lib/audit/mutations";
import type { Actor } from "@/lib/auth/actor";
import type { Store } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { PARTITIONS_LOCK } from "@/lib/partitions/mutations";
import { expiredPartitions, isPartitionName } from "@/lib/partitions/plan";
import { LIST_PARTITIONS_SQL, toPartitions } from "@/lib/partitions/queries";
import { deleteRollupBefore, lockRollup } from "@/lib/rollup/mutations";
import { eventRetentionCutoff, eventRetentionDays, type RetentionResult } from "./policy";

export const EVENT_RETENTION_ACTOR: Actor = { kind: "system", name: "retention" };

/** A partition name from the catalog, checked against the names lib/partitions makes, as an SQL identifier. */
function partitionIdent(name: string): Prisma.Sql {
  if (!isPartitionName(name)) throw new Error(`not a cloudtrail_event partition: ${name}`);
  return Prisma.raw(`"${name}"`);
}

/**
 * Event retention: drops every cloudtrail_event partition whose whole range is older than now − days (never one that
 * can hold a newer row), with what was derived from its events — action_event_link and event_conflict rows of those
 * eventIDs — and quarantined / skipped records older than the cutoff. User-written rows (annotations, phase edits,
 * post-mortems, safeguards) are never touched. One transaction under the partitions advisory lock (the ingest creates
 * partitions under the same lock), with one `retention.run` audit row naming the partitions and the counts when
 * anything was removed. `days` null (AFTERMATH_RETENTION_DAYS unset) = keep forever: returns null.
 */
export async function runEventRetention(
  store: Store,
  opts: { days?: number | null; now?: Date; dryRun?: boolean; actor?: Actor } = {},
): Promise<RetentionResult | null> {
  const days = opts.days === undefined ? eventRetentionDays() : opts.days;
  if (days === null) return null;
  const cutoff = eventRetentionCutoff(days, opts.now);
  const dryRun = opts.dryRun ?? false;
  return store.prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${PARTITIONS_LOCK}::bigint)`;
      const all = toPartitions(await tx.$queryRaw(Prisma.raw(LIST_PARTITIONS_SQL)));
      const expired = expiredPartitions(all, cutoff.getTime());
      const result: RetentionResult = {
        dryRun,
        retentionDays: days,
        cutoff: cutoff.toISOString(),
        partitions: [],
        events: 0,
        links: 0,
        conflicts: 0,
        quarantined: 0,
        skipped: 0,
      };
      if (expired.length && !dryRun) {
        // The ingest writes cloudtrail_event, then the rollup, in one transaction: take the same two in the same order,
        // so a concurrent ingest batch waits for this run instead of deadlocking with it.
        await tx.$executeRaw`LOCK TABLE cloudtrail_event IN SHARE ROW EXCLUSIVE MODE`;
        await lockRollup(tx);
      }
      for (const p of expired) {
        const t = partitionIdent(p.name);
        const [{ n }] = await tx.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM ${t}`;
        const [{ links, conflicts }] = await tx.$queryRaw<{ links: number; conflicts: number }[]>`
          SELECT (SELECT count(*)::int FROM action_event_link l WHERE l.event_id IN (SELECT event_id FROM ${t})) AS links,
                 (SELECT count(*)::int FROM event_conflict c WHERE c.event_id IN (SELECT event_id FROM ${t})) AS conflicts`;
        result.partitions.push({
          name: p.name,
          from: p.from === null ? null : new Date(p.from).toISOString(),
          to: new Date(p.to!).toISOString(),
          events: n,
        });
        result.events += n;
        result.links += links;
        result.conflicts += conflicts;
        if (dryRun) continue;
        await tx.$executeRaw`DELETE FROM action_event_link WHERE event_id IN (SELECT event_id FROM ${t})`;
        await tx.$executeRaw`DELETE FROM event_conflict WHERE event_id IN (SELECT event_id FROM ${t})`;
        await tx.$executeRaw`DROP TABLE ${t}`;
      }
      const oldQuarantine = { createdAt: { lt: cutoff } };
      const oldSkips = { source: { startedAt: { lt: cutoff } } };
      if (dryRun) {
        result.quarantined = await tx.quarantinedRecord.count({ where: oldQuarantine });
        result.skipped = await tx.skippedRecord.count({ where: oldSkips });
        return result;
      }
      result.quarantined = (await tx.quarantinedRecord.deleteMany({ where: oldQuarantine })).count;
      result.skipped = (await tx.skippedRecord.deleteMany({ where: oldSkips })).count;
      // The chart rollup of the dropped partitions' time goes with them (partitions are dropped oldest first and whole,
      // so no event is left before the end of the newest one dropped).
      const droppedTo = Math.max(...expired.map((p) => p.to ?? Number.NEGATIVE_INFINITY));
      if (expired.length && Number.isFinite(droppedTo)) await deleteRollupBefore(tx, droppedTo);
      const removed = result.partitions.length + result.links + result.conflicts + result.quarantined + result.skipped;
      if (removed)
        await recordAudit(tx, {
          actor: opts.actor ?? EVENT_RETENTION_ACTOR,
          action: "retention.run",
          targetType: "cloudtrail_event",
          after: result,
        });
      return result;
    },
    { timeout: 15 * 60_000, maxWait: 60_000 },
  );
}
