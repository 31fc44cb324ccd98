/**
 * Read-your-writes for replica reads: after an actor's write, the primary's WAL position at that moment is kept
 * for the actor, and that actor's reads may use only a replica that has replayed past it. Entries expire after
 * ttlMs (by then a replica that has not caught up counts as lagging and is not read from anyway). Pure and
 * in-process: one app process sees its own users' writes; the client also carries the position (cookie, header:
 * lib/db/read-position.ts) to whichever app instance serves its next read.
 */
export class WritePositions {
  private byActor = new Map<string, { lsn: bigint; at: number }>();
  constructor(
    private ttlMs: number,
    private maxActors = 10_000,
  ) {}

  note(actorKey: string, lsn: bigint, now = Date.now()): void {
    const prev = this.byActor.get(actorKey);
    this.byActor.delete(actorKey); // re-insert: the map stays in write order, oldest first
    this.byActor.set(actorKey, { lsn: prev && prev.lsn > lsn ? prev.lsn : lsn, at: now });
    if (this.byActor.size > this.maxActors) {
      const oldest = this.byActor.keys().next().value;
      if (oldest !== undefined) this.byActor.delete(oldest);
    }
  }

  /** The WAL position the actor's reads must see, or null (no recent write). */
  required(actorKey: string | null, now = Date.now()): bigint | null {
    if (!actorKey) return null;
    const e = this.byActor.get(actorKey);
    if (!e) return null;
    if (now - e.at > this.ttlMs) {
      this.byActor.delete(actorKey);
      return null;
    }
    return e.lsn;
  }
}

/** A WAL position no replica reaches: the actor reads from the primary until the entry expires. */
export const UNKNOWN_POSITION = (1n << 64n) - 1n;
