import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseAgentLog } from "@/lib/agent-logs";
import { normalizeRecord } from "@/lib/cloudtrail";
import { EVENT_COPY_COLUMNS } from "@/lib/ingest/event-copy-text";
import { cliCommandFor, SyntheticSessionPlanner } from "@/test/bench/agent-sessions";
import { BENCH_DEFAULTS, BenchArgError, parseBenchArgs, parseCount, parseStores } from "@/test/bench/args";
import { type Breakdown, breakdownRows, sqlKind } from "@/test/bench/breakdown";
import { summarizeProfile } from "@/test/bench/cpu-profile";
import { parseCliReport } from "@/test/bench/ingest";
import { median, searchNeedle } from "@/test/bench/queries";
import { breakdownTable, formatTable, jsonLine, resultTable, type StoreResult } from "@/test/bench/report";
import { withDatabase } from "@/test/bench/targets";
import { syntheticRecord } from "@/test/support/synthetic-cloudtrail";

const ROOT = path.resolve(import.meta.dirname, "../../..");

describe("bench args", () => {
  it("defaults: 200k records, both stores, 1M reconstruction", () => {
    const o = parseBenchArgs([]);
    expect(o).toEqual(BENCH_DEFAULTS);
    expect(o.records).toBe(200_000);
    expect(o.stores).toEqual(["pglite", "postgres"]);
    expect(o.reconstructEvents).toBe(1_000_000);
  });

  it("parses every option", () => {
    const o = parseBenchArgs([
      "--records",
      "50k",
      "--file-records",
      "500",
      "--stores",
      "postgres",
      "--pg-url",
      "postgresql://u@127.0.0.1:5433/x",
      "--reconstruct-events",
      "2e5",
      "--runs",
      "3",
      "--warmup",
      "0",
      "--seed",
      "9",
      "--data-dir",
      "/tmp/b",
      "--keep",
      "--json",
      "--breakdown",
      "--cpu-prof",
      "/tmp/prof",
    ]);
    expect(o).toMatchObject({
      records: 50_000,
      fileRecords: 500,
      stores: ["postgres"],
      pgUrl: "postgresql://u@127.0.0.1:5433/x",
      reconstructEvents: 200_000,
      runs: 3,
      warmup: 0,
      seed: 9,
      dataDir: "/tmp/b",
      keep: true,
      jsonOnly: true,
      breakdown: true,
      cpuProfDir: "/tmp/prof",
    });
  });

  it("--skip-reconstruct wins over --reconstruct-events", () => {
    expect(parseBenchArgs(["--reconstruct-events", "1000", "--skip-reconstruct"]).reconstructEvents).toBe(0);
    expect(parseBenchArgs(["--reconstruct-events", "0"]).reconstructEvents).toBe(0);
  });

  it("counts accept suffixes and separators", () => {
    expect(parseCount("200000", "records")).toBe(200_000);
    expect(parseCount("200k", "records")).toBe(200_000);
    expect(parseCount("1.5M", "records")).toBe(1_500_000);
    expect(parseCount("1_000_000", "records")).toBe(1_000_000);
    expect(parseCount("1,000", "records")).toBe(1000);
    expect(() => parseCount("-5", "records")).toThrow(BenchArgError);
    expect(() => parseCount("lots", "records")).toThrow(BenchArgError);
    expect(() => parseCount("0", "records", 1)).toThrow(/≥ 1/);
  });

  it("stores: de-duplicated, aliases, unknown names rejected", () => {
    expect(parseStores("pglite,postgres")).toEqual(["pglite", "postgres"]);
    expect(parseStores("pg, pglite, postgresql")).toEqual(["postgres", "pglite"]);
    expect(() => parseStores("mysql")).toThrow(/unknown store "mysql"/);
    expect(() => parseStores(",")).toThrow(BenchArgError);
  });

  it("rejects unknown options and bad URLs", () => {
    expect(() => parseBenchArgs(["--recrods", "5"])).toThrow(BenchArgError);
    expect(() => parseBenchArgs(["--pg-url", "mysql://x"])).toThrow(/postgresql/);
    expect(() => parseBenchArgs(["extra"])).toThrow(BenchArgError);
  });
});

const full: StoreResult = {
  store: "pglite",
  description: "PGlite",
  records: 200_000,
  raw: { records: 200_000, ms: 20_000, eventsPerSec: 10_000.4, parseMs: 3000, copyWaitMs: 17_000, prepareMs: 50_000 },
  ingest: {
    read: 200_000,
    ingested: 200_000,
    quarantined: 0,
    files: 200,
    reportMs: 25_000,
    wallMs: 30_000,
    eventsPerSec: 8000.2,
    wallEventsPerSec: 6666.7,
    peakRssBytes: 300 * 2 ** 20,
  },
  queries: {
    windowPage: { label: "w", medianMs: 12.345, minMs: 10, maxMs: 20, result: 50 },
    buckets: { label: "b", medianMs: 150.04, minMs: 140, maxMs: 160, result: 200_000 },
    search: { label: "s", medianMs: 99.96, minMs: 90, maxMs: 120, result: 40 },
    searchMiss: { label: "m", medianMs: 5.04, minMs: 4, maxMs: 6, result: 0 },
    timeline: { label: "t", medianMs: 20.5, minMs: 19, maxMs: 22, result: 60_000 },
    timelineEvents: { label: "te", medianMs: 300.5, minMs: 290, maxMs: 310, result: 60_000 },
  },
  reconstruct: {
    events: 1_003_496,
    sessions: 7,
    links: 120,
    incidents: 4,
    ms: 4321.6,
    reportedMs: 4300,
    loadMs: 200_000,
    plannedCalls: 60,
  },
  errors: [],
};

describe("bench JSON line", () => {
  it("has exactly the documented keys, in order, with rounded values", () => {
    const line = jsonLine(full);
    expect(Object.keys(line)).toEqual([
      "store",
      "records",
      "rawEventsPerSec",
      "ingestEventsPerSec",
      "ratio",
      "windowPageMs",
      "bucketsMs",
      "searchMs",
      "reconstructEvents",
      "reconstructMs",
    ]);
    expect(line).toEqual({
      store: "pglite",
      records: 200_000,
      rawEventsPerSec: 10_000,
      ingestEventsPerSec: 8000,
      ratio: 0.8,
      windowPageMs: 12.3,
      bucketsMs: 150,
      searchMs: 100,
      reconstructEvents: 1_003_496,
      reconstructMs: 4322,
    });
    expect(JSON.parse(JSON.stringify(line))).toEqual(line);
  });

  it("nulls what was not measured", () => {
    const line = jsonLine({ ...full, ingest: null, queries: null, reconstruct: null });
    expect(line).toMatchObject({
      rawEventsPerSec: 10_000,
      ingestEventsPerSec: null,
      ratio: null,
      windowPageMs: null,
      bucketsMs: null,
      searchMs: null,
      reconstructEvents: null,
      reconstructMs: null,
    });
  });
});

describe("bench table", () => {
  it("aligns columns: label left, values right, rule under the header", () => {
    const t = formatTable([
      ["", "a", "bb"],
      ["long label", "1", "22,000"],
      ["x", "333", "4"],
    ]);
    expect(t.split("\n")).toEqual([
      "              a      bb",
      "----------  ---  ------",
      "long label    1  22,000",
      "x           333       4",
    ]);
  });

  it("renders one column per store, the ratio verdict and the reconstruction rows", () => {
    const t = resultTable([full, { ...full, store: "postgres", ingest: { ...full.ingest!, eventsPerSec: 5000 }, reconstruct: null }]);
    const lines = t.split("\n");
    expect(lines[0]).toMatch(/pglite\s+postgres$/);
    expect(t).toMatch(/\(a\) raw limit.*\s10,000\s+10,000/);
    expect(t).toMatch(/goal ≥ 70 %\s+80 % ok\s+50 % MISS/);
    expect(t).toMatch(/reconstructAll, events in store\s+1,003,496\s+—/);
    expect(t).toMatch(/sessions \/ links \/ incidents\s+7 \/ 120 \/ 4\s+—/);
    // every line of the body is as wide as the rule or narrower
    const width = lines[1].length;
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(width);
  });
});

describe("bench helpers", () => {
  it("median", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it("finds the CLI's JSON report among other output", () => {
    const r = parseCliReport(`some log\n{"not":"it"}\n{"read":3,"ingested":3,"quarantined":0,"durationMs":12,"files":[]}\n`);
    expect(r).toMatchObject({ read: 3, durationMs: 12 });
    expect(() => parseCliReport("nothing here")).toThrow(/no JSON report/);
  });

  it("swaps the database of a PostgreSQL URL", () => {
    expect(withDatabase("postgresql://postgres@127.0.0.1:5432/postgres", "b1")).toBe("postgresql://postgres@127.0.0.1:5432/b1");
    expect(withDatabase("postgresql://u:p@h/x?sslmode=disable", "b2")).toBe("postgresql://u:p@h/b2?sslmode=disable");
  });

  it("the search needle is a resource id of the corpus", () => {
    expect(searchNeedle({ records: 1000, fileRecords: 100, seed: 1 })).toMatch(/^i-[0-9a-f]{17}$/);
  });

  it("COPY columns are the cloudtrail_event columns of the migrations", () => {
    const sql = readdirSync(path.join(ROOT, "prisma/migrations"))
      .filter((d) => !d.includes("."))
      .map((d) => readFileSync(path.join(ROOT, "prisma/migrations", d, "migration.sql"), "utf8"))
      .join("\n");
    const table = /CREATE TABLE "cloudtrail_event" \(([\s\S]*?)\n\);/.exec(sql);
    expect(table).not.toBeNull();
    const columns = new Set([...table![1].matchAll(/^\s+"([a-z_]+)"/gm)].map((x) => x[1]));
    for (const added of sql.matchAll(/ALTER TABLE "cloudtrail_event" ADD COLUMN\s+"([a-z_]+)"/g)) columns.add(added[1]);
    for (const c of EVENT_COPY_COLUMNS) expect(columns.has(c), c).toBe(true);
  });
});

describe("bench agent sessions", () => {
  it("maps events to aws CLI commands that map back to them", () => {
    expect(
      cliCommandFor({
        eventSource: "ec2.amazonaws.com",
        eventName: "TerminateInstances",
        region: "us-east-1",
        resources: ["i-0abc", "stack-1"],
      }),
    ).toBe("aws ec2 terminate-instances --instance-ids i-0abc --region us-east-1");
    expect(
      cliCommandFor({ eventSource: "cloudformation.amazonaws.com", eventName: "DeleteStack", region: "eu-west-1", resources: ["stack-7"] }),
    ).toBe("aws cloudformation delete-stack --stack-name stack-7 --region eu-west-1");
    expect(cliCommandFor({ eventSource: "s3.amazonaws.com", eventName: "GetObject", region: null, resources: [] })).toBe(
      "aws s3api get-object",
    );
    expect(cliCommandFor({ eventSource: "unknown.amazonaws.com", eventName: "X", region: null, resources: [] })).toBeNull();
  });

  it("plans sessions from streamed events and writes valid canonical JSONL", () => {
    const total = 60_000;
    const start = Date.UTC(2025, 11, 9);
    const planner = new SyntheticSessionPlanner(3, start, 24 * 3600_000);
    for (let i = 0; i < total; i++) {
      const n = normalizeRecord(syntheticRecord(i, { seed: 3, total, startMs: start, spanMs: 24 * 3600_000 }));
      if (n.ok) planner.offer(n.event);
    }
    const files = planner.files();
    expect(files.length).toBe(3);
    expect(planner.plannedCalls).toBeGreaterThan(0);
    for (const f of files) {
      const parsed = parseAgentLog(f.content, { fileName: f.name });
      expect(parsed.format).toBe("canonical");
      expect(parsed.quarantine).toEqual([]);
      expect(parsed.sessions).toHaveLength(1);
      const s = parsed.sessions[0];
      expect(s.awsIdentity?.principalArn).toMatch(/assumed-role\/agent-sandbox\//);
      expect(s.actions.filter((a) => a.kind === "tool_call").length).toBeGreaterThan(0);
    }
  });
});

describe("bench breakdown", () => {
  it("classifies the writer's statements", () => {
    expect(sqlKind("CREATE TEMP TABLE IF NOT EXISTS stage_ct_x (a int)")).toBe("create stage");
    expect(sqlKind("TRUNCATE stage_ct_x")).toBe("truncate stage");
    expect(sqlKind("WITH ins AS (\n INSERT INTO cloudtrail_event (a) SELECT …")).toBe("INSERT … ON CONFLICT");
    expect(sqlKind("WITH c AS (SELECT …), ins AS (INSERT INTO event_conflict …)")).toBe("conflict query");
    expect(sqlKind("DROP TABLE IF EXISTS stage_ct_x")).toBe("drop stage");
    expect(sqlKind("ANALYZE cloudtrail_event")).toBe("ANALYZE");
    expect(sqlKind("SELECT 1")).toBe("other SQL");
  });

  const b: Breakdown = {
    files: 2,
    events: 1000,
    totalMs: 300,
    readMs: 100,
    normalizeMs: 30,
    copyTextMs: 50,
    sql: {
      "COPY cloudtrail_event": 0,
      "create stage": 1,
      "truncate stage": 2,
      "COPY stage": 40,
      "INSERT … ON CONFLICT": 60,
      "conflict query": 0,
      "drop stage": 1,
      ANALYZE: 6,
      "other SQL": 0,
    },
    bookkeepingMs: 20,
  };

  it("splits read into parse / normalize / hash and adds up to the total", () => {
    const rows = Object.fromEntries(breakdownRows(b));
    expect(rows["main: gunzip + split + JSON.parse + unwrap"]).toBe(70);
    expect(rows["main: normalizeRecord"]).toBe(30);
    expect(rows["= main thread"]).toBe(150);
    expect(rows["= database"]).toBe(130);
    expect(rows.unaccounted).toBe(20);
    expect("db: other SQL" in rows).toBe(false);
  });

  it("renders a table with ms, % and µs/event per store", () => {
    const t = breakdownTable([{ ...full, breakdown: b }])!;
    expect(t).toMatch(/= main thread\s+150\s+50\s+150\.0/);
    expect(t).toMatch(/= events\/s\s+3,333/);
    expect(breakdownTable([full])).toBeNull();
  });
});

describe("bench CPU profile summary", () => {
  it("sums self time by function and file", () => {
    const profile = {
      startTime: 0,
      endTime: 10_000,
      nodes: [
        { id: 1, callFrame: { functionName: "(root)", url: "", lineNumber: -1 } },
        { id: 2, callFrame: { functionName: "(idle)", url: "", lineNumber: -1 } },
        { id: 3, callFrame: { functionName: "csvRow", url: "file:///repo/lib/ingest/csv.ts", lineNumber: 31 } },
        { id: 4, callFrame: { functionName: "parse", url: "file:///repo/node_modules/@scope/pkg/index.js", lineNumber: 0 } },
      ],
      samples: [2, 3, 3, 4],
      timeDeltas: [1000, 2000, 3000, 4000],
    };
    const s = summarizeProfile(profile);
    expect(s.totalMs).toBe(10);
    expect(s.byFunction[0]).toEqual({ name: "csvRow lib/ingest/csv.ts:32", ms: 5 });
    expect(s.byFile.map((f) => f.name)).toEqual(["lib/ingest/csv.ts", "@scope/pkg", "(idle)"]);
  });
});
