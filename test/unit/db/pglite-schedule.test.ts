import { describe, expect, it } from "vitest";
import { isBulkOp, nextBulk } from "@/lib/db/pglite-schedule.mjs";

/** The PGlite worker's choice between a waiting bulk (ingest) statement and reads (lib/db/pglite-schedule.mjs). */
const base = {
  queued: 3,
  running: false,
  undelivered: 0,
  inFlight: 0,
  sinceRead: 10_000,
  sinceBulk: 0,
  lastBulkMs: 300,
  lingerMs: 50,
  maxDeferMs: 1000,
};

describe("PGlite bulk scheduling", () => {
  it("classifies ingest sessions' statements as bulk, Prisma's and migrations' as reads", () => {
    expect(isBulkOp("copyFrom", undefined)).toBe(true);
    expect(isBulkOp("sql", undefined)).toBe(true);
    expect(isBulkOp("executeScript", undefined)).toBe(true);
    expect(isBulkOp("executeScript", "main")).toBe(false); // a migration names its database
    expect(isBulkOp("queryRaw", undefined)).toBe(false);
    expect(isBulkOp("startTransaction", undefined)).toBe(false);
  });

  it("runs a bulk statement when nothing reads", () => {
    expect(nextBulk(base)).toEqual({ run: true });
  });

  it("never starts a second bulk statement, and does nothing with an empty queue", () => {
    expect(nextBulk({ ...base, running: true })).toEqual({ run: false, retryMs: null });
    expect(nextBulk({ ...base, queued: 0 })).toEqual({ run: false, retryMs: null });
  });

  it("lets reads sent but not yet delivered go first, re-checking after the next poll", () => {
    expect(nextBulk({ ...base, undelivered: 2 })).toEqual({ run: false, retryMs: 0 });
  });

  it("waits while reads or transactions are in flight, until the deferral limit", () => {
    expect(nextBulk({ ...base, inFlight: 1, sinceBulk: 100 })).toEqual({ run: false, retryMs: 200 });
  });

  it("keeps the lane closed between a page's rounds of queries (linger)", () => {
    expect(nextBulk({ ...base, sinceRead: 20, sinceBulk: 0 })).toEqual({ run: false, retryMs: 30 });
    expect(nextBulk({ ...base, sinceRead: 60 })).toEqual({ run: true });
  });

  it("runs one bulk statement once reads have had as long as the last one took, whatever reads wait (no starvation)", () => {
    expect(nextBulk({ ...base, undelivered: 5, inFlight: 4, sinceRead: 0, sinceBulk: 300 })).toEqual({ run: true });
    // a short statement (a counts update) gets back in quickly; a long one leaves reads at most maxDeferMs
    expect(nextBulk({ ...base, inFlight: 1, sinceRead: 0, lastBulkMs: 5, sinceBulk: 5 })).toEqual({ run: true });
    expect(nextBulk({ ...base, inFlight: 1, sinceRead: 0, lastBulkMs: 5000, sinceBulk: 999 })).toEqual({ run: false, retryMs: 1 });
    expect(nextBulk({ ...base, inFlight: 1, sinceRead: 0, lastBulkMs: 5000, sinceBulk: 1000 })).toEqual({ run: true });
  });
});
