import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { describeDbConfig } from "./config";
import { ReplicaFallbackFactory } from "./replica-adapter";
import { formatLsn, type LsnSample, lagMs, parseLsn, pruneSamples } from "./replica-lsn";
import type { Store } from "./store";
import { connectTimeoutMs, isStoreUnavailable, statementDeadlineMs, withDeadline } from "./unavailable";

/** What /api/health and the tests see of one replica. */
export type ReplicaStatus = {
  replica: string;
  state: "unknown" | "ok" | "lagging" | "down";
  /** how far behind the primary, in ms (null until measured) */
  lagMs: number | null;
  replayLsn: string | null;
  checkedAt: string | null;
  reason?: string;
};

function envMs(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

/** A replica further behind than this (AFTERMATH_REPLICA_MAX_LAG_MS, default 10 s) is not read from. */
export const replicaMaxLagMs = () => envMs("AFTERMATH_REPLICA_MAX_LAG_MS", 10_000);
/** How often replicas are checked (AFTERMATH_REPLICA_CHECK_MS, default 1 s). */
export const replicaCheckMs = () => envMs("AFTERMATH_REPLICA_CHECK_MS", 1_000);
const PROBE_DEADLINE_MS = 1_500;

type Replica = {
  description: string;
  pool: pg.Pool;
  view: Store;
  state: ReplicaStatus["state"];
  replayLsn: bigint | null;
  lagMs: number | null;
  checkedAt: number | null;
  reason?: string;
  probing: Promise<void> | null;
};

/**
 * The replicas of a PostgreSQL primary (DATABASE_REPLICA_URLS) and which of them a read may use. A monitor checks
 * each one every replicaCheckMs: reachable, still a standby (pg_is_in_recovery), how far its replay
 * (pg_last_wal_replay_lsn) is behind the primary's WAL position. pick() returns a replica that is up, not
 * lagging beyond replicaMaxLagMs and (for read-your-writes) has replayed at least a given LSN; otherwise null,
 * and the caller reads from the primary.
 */
export class ReplicaRouter {
  private replicas: Replica[];
  private samples: LsnSample[] = [];
  private timer: NodeJS.Timeout | null = null;
  private next = 0;
  private checking: Promise<void> | null = null;

  constructor(
    primary: Store,
    private primaryPool: pg.Pool,
    urls: string[],
  ) {
    const primaryFactory = new PrismaPg(primaryPool);
    this.replicas = urls.map((url) => {
      const description = describeDbConfig({ kind: "postgres", url }).replace(/^PostgreSQL/, "PostgreSQL replica");
      const deadline = statementDeadlineMs();
      const pool = new pg.Pool({
        connectionString: url,
        max: Number(process.env.AFTERMATH_PG_POOL ?? 10),
        // a replica that does not answer must not hold reads up: its connections fail fast and the read moves
        connectionTimeoutMillis: Math.min(connectTimeoutMs(), 2_000),
        statement_timeout: deadline,
        query_timeout: deadline + 2_000,
        keepAlive: true,
      });
      pool.on("error", () => undefined);
      const replica: Replica = {
        description,
        pool,
        view: primary,
        state: "unknown",
        replayLsn: null,
        lagMs: null,
        checkedAt: null,
        probing: null,
      };
      const factory = new ReplicaFallbackFactory(new PrismaPg(pool), primaryFactory, (e) => this.failed(replica, e));
      replica.view = {
        ...primary,
        replicas: undefined,
        description,
        prisma: new PrismaClient({ adapter: factory }),
        close: async () => undefined,
      };
      return replica;
    });
  }

  /** Starts the periodic check (unref'd: it never keeps the process alive) and runs the first one. */
  start(): this {
    if (!this.timer) {
      this.timer = setInterval(() => void this.refresh(), replicaCheckMs());
      this.timer.unref?.();
      void this.refresh();
    }
    return this;
  }

  /** The primary's current WAL insert position: every transaction committed before this call ends at or before it. */
  async primaryLsn(): Promise<bigint> {
    const { rows } = await this.primaryPool.query<{ lsn: string }>("SELECT pg_current_wal_insert_lsn()::text AS lsn");
    const lsn = parseLsn(rows[0]?.lsn);
    if (lsn === null) throw new Error(`unexpected WAL position ${rows[0]?.lsn}`);
    return lsn;
  }

  /** Checks the primary's position and every replica once (concurrent calls share one check). */
  refresh(): Promise<void> {
    this.checking ??= this.checkAll().finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  private async checkAll(): Promise<void> {
    const now = Date.now();
    try {
      const { rows } = await withDeadline(
        this.primaryPool.query<{ lsn: string }>("SELECT pg_current_wal_lsn()::text AS lsn"),
        PROBE_DEADLINE_MS,
        "the primary's WAL position",
      );
      const lsn = parseLsn(rows[0]?.lsn);
      if (lsn !== null) this.samples.push({ at: now, lsn });
      this.samples = pruneSamples(this.samples, now, replicaMaxLagMs() * 2);
    } catch {
      // primary unreachable: reads fail over nowhere; keep the replica states as they were measured
    }
    await Promise.all(this.replicas.map((r) => this.probe(r)));
  }

  private probe(r: Replica): Promise<void> {
    r.probing ??= (async () => {
      try {
        const { rows } = await withDeadline(
          r.pool.query<{ standby: boolean; lsn: string | null }>(
            "SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn()::text AS lsn",
          ),
          PROBE_DEADLINE_MS,
          `checking ${r.description}`,
        );
        const now = Date.now();
        r.checkedAt = now;
        const lsn = parseLsn(rows[0]?.lsn);
        if (!rows[0]?.standby || lsn === null) {
          r.state = "down";
          r.reason = "not a streaming standby (pg_is_in_recovery() is false)";
          return;
        }
        r.replayLsn = lsn;
        r.lagMs = lagMs(this.samples, lsn, now);
        r.state = r.lagMs > replicaMaxLagMs() ? "lagging" : "ok";
        r.reason = r.state === "lagging" ? `replay is ${r.lagMs} ms behind the primary` : undefined;
      } catch (e) {
        r.checkedAt = Date.now();
        r.state = "down";
        r.reason = e instanceof Error ? e.message : String(e);
      } finally {
        r.probing = null;
      }
    })();
    return r.probing;
  }

  private failed(r: Replica, e: unknown): void {
    if (isStoreUnavailable(e)) {
      r.state = "down";
      r.reason = e instanceof Error ? e.message : String(e);
    } else {
      console.warn(`[db] a read on ${r.description} failed and ran on the primary:`, e instanceof Error ? e.message : e);
    }
  }

  /**
   * A replica to read from: up, within the lag limit and, when `minLsn` is given, known to have replayed it
   * (a replica not yet known to have is asked once more). Round-robin among those; null → read from the primary.
   */
  async pick(minLsn: bigint | null): Promise<Store | null> {
    const healthy = this.replicas.filter((r) => r.state === "ok");
    if (healthy.length === 0) return null;
    const start = this.next++ % healthy.length;
    const ordered = [...healthy.slice(start), ...healthy.slice(0, start)];
    if (minLsn === null) return ordered[0]!.view;
    const ready = ordered.find((r) => r.replayLsn !== null && r.replayLsn >= minLsn);
    if (ready) return ready.view;
    const first = ordered[0]!;
    await this.probe(first);
    return first.state === "ok" && first.replayLsn !== null && first.replayLsn >= minLsn ? first.view : null;
  }

  status(): ReplicaStatus[] {
    return this.replicas.map((r) => ({
      replica: r.description,
      state: r.state,
      lagMs: r.lagMs,
      replayLsn: r.replayLsn === null ? null : formatLsn(r.replayLsn),
      checkedAt: r.checkedAt === null ? null : new Date(r.checkedAt).toISOString(),
      ...(r.reason ? { reason: r.reason } : {}),
    }));
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.checking?.catch(() => undefined);
    await Promise.all(
      this.replicas.map(async (r) => {
        await r.view.prisma.$disconnect().catch(() => undefined);
        await r.pool.end().catch(() => undefined);
      }),
    );
  }
}
