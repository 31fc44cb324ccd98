import { describe, expect, it } from "vitest";
import { parseDatabaseUrl, parseReplicaUrls } from "@/lib/db/config";
import { readerKey } from "@/lib/db/read";
import {
  cookieValue,
  isHttpsRequest,
  MIN_POSITION_HEADER,
  maxPosition,
  parseClientPosition,
  requestPosition,
  WAL_COOKIE,
  walSetCookie,
} from "@/lib/db/read-position";
import { UNKNOWN_POSITION, WritePositions } from "@/lib/db/read-your-writes";
import { formatLsn, lagMs, parseLsn, pruneSamples } from "@/lib/db/replica-lsn";

const pgPrimary = parseDatabaseUrl("postgresql://app@db:5432/aftermath");

describe("DATABASE_REPLICA_URLS", () => {
  it("takes comma-separated postgresql:// URLs, trimming blanks", () => {
    expect(parseReplicaUrls(" postgresql://r1:5432/a , postgres://u@r2/a,", pgPrimary)).toEqual([
      "postgresql://r1:5432/a",
      "postgres://u@r2/a",
    ]);
    expect(parseReplicaUrls(undefined, pgPrimary)).toEqual([]);
    expect(parseReplicaUrls("", parseDatabaseUrl("pglite:memory"))).toEqual([]);
  });
  it("names the entry that is not a PostgreSQL URL", () => {
    expect(() => parseReplicaUrls("postgresql://r1/a,mysql://r2/a", pgPrimary)).toThrow(
      /DATABASE_REPLICA_URLS \(entry 2\): each replica must be a postgresql:/,
    );
  });
  it("refuses replicas of an embedded PGlite primary", () => {
    expect(() => parseReplicaUrls("postgresql://r1/a", parseDatabaseUrl("pglite:memory"))).toThrow(
      /needs a PostgreSQL primary: DATABASE_URL is an embedded PGlite/,
    );
    expect(() => parseReplicaUrls("postgresql://r1/a", parseDatabaseUrl(undefined))).toThrow(/PGlite/);
  });
});

describe("WAL positions", () => {
  it("parse and print PostgreSQL's hi/lo form, ordered as numbers", () => {
    expect(parseLsn("16/B374D848")).toBe((0x16n << 32n) | 0xb374d848n);
    expect(formatLsn(parseLsn("16/B374D848")!)).toBe("16/B374D848");
    expect(parseLsn("0/9")! < parseLsn("0/10")!).toBe(true);
    expect(parseLsn("1/0")! > parseLsn("0/FFFFFFFF")!).toBe(true);
    expect(parseLsn(null)).toBeNull();
    expect(parseLsn("nope")).toBeNull();
  });
  it("measure lag as the age of the oldest primary position the replica has not replayed", () => {
    const samples = [
      { at: 1000, lsn: 100n },
      { at: 2000, lsn: 200n },
      { at: 3000, lsn: 300n },
    ];
    expect(lagMs(samples, 300n, 3500)).toBe(0);
    expect(lagMs(samples, 250n, 3500)).toBe(500);
    expect(lagMs(samples, 150n, 3500)).toBe(1500);
    expect(lagMs(samples, 50n, 3500)).toBe(2500);
  });
  it("keep the newest sample older than the window when pruning", () => {
    const samples = [1000, 2000, 3000, 4000].map((at) => ({ at, lsn: BigInt(at) }));
    expect(pruneSamples(samples, 4000, 1500).map((s) => s.at)).toEqual([2000, 3000, 4000]);
    expect(pruneSamples(samples, 10_000, 1500).map((s) => s.at)).toEqual([4000]);
    expect(pruneSamples(samples, 4000, 10_000)).toEqual(samples);
  });
});

describe("read-your-writes positions", () => {
  it("keep each actor's highest write position until it expires", () => {
    const p = new WritePositions(1000);
    expect(p.required("user:a", 0)).toBeNull();
    p.note("user:a", 500n, 0);
    p.note("user:a", 300n, 100); // an older position never lowers the requirement
    expect(p.required("user:a", 200)).toBe(500n);
    expect(p.required("user:b", 200)).toBeNull();
    expect(p.required(null, 200)).toBeNull();
    expect(p.required("user:a", 1050)).toBe(500n); // the window restarted at the second write
    expect(p.required("user:a", 1101)).toBeNull();
  });
  it("forget the oldest writer past the size bound", () => {
    const p = new WritePositions(10_000, 2);
    p.note("a", 1n, 0);
    p.note("b", 2n, 1);
    p.note("c", 3n, 2);
    expect(p.required("a", 3)).toBeNull();
    expect(p.required("c", 3)).toBe(3n);
    p.note("d", UNKNOWN_POSITION, 4);
    expect(p.required("d", 5)).toBe(UNKNOWN_POSITION);
  });
  it("treat a user and their personal tokens as one reader, a service token as its own", () => {
    expect(readerKey({ kind: "user", userId: "u1", email: "e", name: "n", role: "editor", sessionId: null })).toBe("user:u1");
    expect(readerKey({ kind: "token", tokenId: "t1", tokenName: "t", scope: "write", userId: "u1", email: "e", role: "editor" })).toBe(
      "user:u1",
    );
    expect(readerKey({ kind: "token", tokenId: "t2", tokenName: "t", scope: "ingest", userId: null, email: null, role: "editor" })).toBe(
      "token:t2",
    );
    expect(readerKey(null)).toBeNull();
  });
});

describe("the write position a client carries (several app instances)", () => {
  it("accepts a WAL position and ignores anything malformed", () => {
    expect(parseClientPosition("16/B374D848")).toBe((0x16n << 32n) | 0xb374d848n);
    expect(parseClientPosition(" 0/3000060 ")).toBe(0x3000060n);
    for (const bad of [null, undefined, "", "16", "16/", "/1", "x/1", "123456789/0", "1/2/3", "1/2; DROP", "-1/0"])
      expect(parseClientPosition(bad)).toBeNull();
  });
  it("takes the higher of two positions, null meaning none", () => {
    expect(maxPosition(null, null)).toBeNull();
    expect(maxPosition(5n, null)).toBe(5n);
    expect(maxPosition(null, 7n)).toBe(7n);
    expect(maxPosition(9n, 7n)).toBe(9n);
  });
  it("reads the cookie and the min-position header of a request, the higher one winning", () => {
    expect(cookieValue("a=1; aftermath_wal=0/10; b=2", WAL_COOKIE)).toBe("0/10");
    expect(cookieValue("xaftermath_wal=0/10", WAL_COOKIE)).toBeNull();
    expect(requestPosition(new Headers())).toBeNull();
    expect(requestPosition(new Headers({ cookie: "aftermath_wal=0/10" }))).toBe(0x10n);
    expect(requestPosition(new Headers({ cookie: "aftermath_wal=0/10", [MIN_POSITION_HEADER]: "0/20" }))).toBe(0x20n);
    expect(requestPosition(new Headers({ cookie: "aftermath_wal=1/0", [MIN_POSITION_HEADER]: "0/20" }))).toBe(1n << 32n);
    expect(requestPosition(new Headers({ cookie: "aftermath_wal=garbage", [MIN_POSITION_HEADER]: "0/20" }))).toBe(0x20n);
  });
  it("sets an HttpOnly, SameSite=Lax cookie, Secure only over https", () => {
    expect(walSetCookie(0x16b374d848n, { secure: false, maxAgeSeconds: 60 })).toBe(
      "aftermath_wal=16/B374D848; Path=/; Max-Age=60; HttpOnly; SameSite=Lax",
    );
    expect(walSetCookie(1n, { secure: true, maxAgeSeconds: 90 })).toMatch(/; Max-Age=90; HttpOnly; SameSite=Lax; Secure$/);
    expect(isHttpsRequest("https://a/", new Headers())).toBe(true);
    expect(isHttpsRequest("http://a/", new Headers())).toBe(false);
    expect(isHttpsRequest("http://a/", new Headers({ "x-forwarded-proto": "https" }))).toBe(true);
    expect(isHttpsRequest("https://a/", new Headers({ "x-forwarded-proto": "http" }))).toBe(false);
  });
});
