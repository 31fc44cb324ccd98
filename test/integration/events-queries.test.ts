import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "@/lib/db";
import { decodeCursor } from "@/lib/events/cursor";
import { type EventFilter, eventFilter, parseEventSearchParams } from "@/lib/events/filters";
import { countEvents, eventDensity, facetValues, getEvent, listEvents } from "@/lib/events/queries";
import { searchIdsOf } from "@/lib/events/search-terms";
import { SORT_KEYS, type SortKey } from "@/lib/events/sort";
import type { EventRow } from "@/lib/events/types";
import type { RiskClass } from "@/lib/model/risk";
import { ensurePartitionsFor } from "@/lib/partitions/mutations";
import { rebuildRollup } from "@/lib/rollup/mutations";
import { testStores } from "../support/stores";

const BASE = Date.parse("2025-03-01T10:00:00.000Z");
const HOUR = 3_600_000;

const API: { name: string; source: string; risk: RiskClass }[] = [
  { name: "DescribeInstances", source: "ec2.amazonaws.com", risk: "read" },
  { name: "TerminateInstances", source: "ec2.amazonaws.com", risk: "destructive" },
  { name: "DeleteDBInstance", source: "rds.amazonaws.com", risk: "destructive" },
  { name: "PutObject", source: "s3.amazonaws.com", risk: "write" },
  { name: "AttachRolePolicy", source: "iam.amazonaws.com", risk: "privilege" },
];

type Seed = {
  eventId: string;
  eventTime: Date;
  accountId: string | null;
  region: string | null;
  eventSource: string;
  eventName: string;
  principalArn: string | null;
  sessionName: string | null;
  humanName: string | null;
  errorCode: string | null;
  executed: boolean;
  resources: string[];
  risk: RiskClass;
  searchText: string;
  searchIds: string[];
  raw: object;
  recordIndex: number;
  sourceId: string;
};

/** 66 events: 60 inside 10:00–11:00 (groups of 4 share a timestamp), 3 before and 3 after. */
function seeds(sourceId: string): Seed[] {
  const out: Seed[] = [];
  for (let i = 0; i < 66; i++) {
    const api = API[i % API.length];
    const inWindow = i < 60;
    const t = inWindow ? BASE + Math.floor(i / 4) * 4 * 60_000 : i < 63 ? BASE - HOUR + i * 1000 : BASE + 2 * HOUR + i * 1000;
    const agent = i % 3 === 0;
    const principalArn =
      i % 11 === 5
        ? null
        : agent
          ? `arn:aws:sts::111111111111:assumed-role/AgentRole/agent-session-${i % 2}`
          : `arn:aws:iam::222222222222:user/Bob`;
    const sessionName = agent ? `agent-session-${i % 2}` : null;
    const humanName = agent ? "Alice.Smith@example.com" : principalArn ? "Bob" : null;
    const resources =
      i % 5 === 2 ? [`arn:aws:rds:us-east-1:111111111111:db:prod-db-${i}`] : i % 5 === 1 ? [`i-0abc${i}`, `i-0def${i}`, "i-x", "i-y"] : [];
    const errorCode = i % 7 === 0 ? "AccessDenied" : null;
    const searchText = [api.name, api.source, principalArn, sessionName, humanName, errorCode, ...resources]
      .filter(Boolean)
      .join(" ")
      .toLowerCase();
    out.push({
      eventId: `evt-${String(i).padStart(3, "0")}`,
      eventTime: new Date(t),
      accountId: i % 2 === 0 ? "111111111111" : "222222222222",
      region: i % 10 === 9 ? null : i % 3 === 0 ? "eu-west-1" : "us-east-1",
      eventSource: api.source,
      eventName: api.name,
      principalArn,
      sessionName,
      humanName,
      errorCode,
      executed: errorCode === null,
      resources,
      risk: api.risk,
      searchText,
      searchIds: searchIdsOf(searchText),
      raw: { eventID: `evt-${i}`, eventName: api.name, note: "<script>alert(1)</script>", nested: { i } },
      recordIndex: i,
      sourceId,
    });
  }
  return out;
}

/** Walks every page forward, then back from the last page; returns both id sequences. */
async function walk(store: Store, f: Partial<EventFilter>): Promise<{ forward: string[]; backward: string[]; pages: number }> {
  const forward: string[] = [];
  let cursor = null as EventFilter["cursor"];
  let pages = 0;
  let lastPage: { rows: EventRow[]; prevCursor: string | null } | null = null;
  for (;;) {
    const page = await listEvents(store, { ...f, cursor });
    pages++;
    forward.push(...page.rows.map((r) => r.eventId));
    lastPage = page;
    if (!page.nextCursor) break;
    cursor = decodeCursor(page.nextCursor);
    expect(cursor).not.toBeNull();
    if (pages > 100) throw new Error("runaway pagination");
  }
  const backward: string[] = [...lastPage.rows.map((r) => r.eventId)];
  let prev = lastPage.prevCursor;
  while (prev) {
    const page = await listEvents(store, { ...f, cursor: decodeCursor(prev) });
    backward.unshift(...page.rows.map((r) => r.eventId));
    prev = page.prevCursor;
  }
  return { forward, backward, pages };
}

const riskRank: Record<RiskClass, number> = { read: 0, write: 1, privilege: 2, destructive: 3 };
function expectedOrder(all: Seed[], key: SortKey, dir: "asc" | "desc"): string[] {
  const val = (s: Seed): string | number => {
    switch (key) {
      case "eventTime":
        return s.eventTime.getTime();
      case "eventName":
        return s.eventName;
      case "eventSource":
        return s.eventSource;
      case "principal":
        return s.principalArn ?? "";
      case "risk":
        return riskRank[s.risk];
      case "region":
        return s.region ?? "";
      case "account":
        return s.accountId ?? "";
    }
  };
  const idx = (s: Seed) => s.recordIndex; // inserted in recordIndex order → id order
  const sorted = [...all].sort((a, b) => {
    const va = val(a);
    const vb = val(b);
    const c = va < vb ? -1 : va > vb ? 1 : idx(a) - idx(b);
    return dir === "asc" ? c : -c;
  });
  return sorted.map((s) => s.eventId);
}

describe.each(testStores())("event queries on $name", ({ open }) => {
  let store: Store;
  let all: Seed[];
  beforeAll(async () => {
    store = await open();
    const src = await store.prisma.ingestSource.create({
      data: { kind: "cloudtrail", fileName: "trail.json", sha256: "abc", sizeBytes: 10n },
    });
    all = seeds(src.id);
    await ensurePartitionsFor(
      store,
      all.map((r) => r.eventTime),
    );
    await store.prisma.cloudTrailEvent.createMany({ data: all });
    // inserted directly, not by the ingest writer: count them into the chart rollup
    await store.prisma.$transaction((tx) => rebuildRollup(tx));
  });
  afterAll(async () => {
    await store?.close();
  });

  it.each(
    SORT_KEYS.flatMap(
      (k) =>
        [
          [k, "asc"],
          [k, "desc"],
        ] as const,
    ),
  )("pages by %s %s without gaps or duplicates", async (sort, dir) => {
    const { forward, backward, pages } = await walk(store, { sort, dir, limit: 7 });
    expect(pages).toBe(Math.ceil(all.length / 7));
    expect(new Set(forward).size).toBe(all.length);
    expect(forward).toEqual(expectedOrder(all, sort, dir));
    expect(backward).toEqual(forward);
  });

  it("returns the first page of a one-hour window newest first", async () => {
    const page = await listEvents(store, { from: BASE, to: BASE + HOUR, limit: 10 });
    expect(page.rows).toHaveLength(10);
    expect(page.prevCursor).toBeNull();
    expect(page.nextCursor).not.toBeNull();
    const times = page.rows.map((r) => Date.parse(r.eventTime));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(times.every((t) => t >= BASE && t < BASE + HOUR)).toBe(true);
    expect(page.rows[0]).toMatchObject({ eventId: "evt-059", resourceCount: expect.any(Number) });
  });

  it("caps resources per row but reports their count", async () => {
    const { rows } = await listEvents(store, { eventName: "TerminateInstances", limit: 200 });
    const many = rows.find((r) => r.resourceCount === 4)!;
    expect(many.resources).toHaveLength(3);
  });

  it("refuses a sort key outside the allow-list", async () => {
    await expect(listEvents(store, { sort: "raw" as SortKey })).rejects.toThrow(/not allowed/);
    await expect(listEvents(store, { sort: "__proto__" as SortKey })).rejects.toThrow(/not allowed/);
  });

  const cases: [string, Partial<EventFilter>, (s: Seed) => boolean][] = [
    ["account", { account: "111111111111" }, (s) => s.accountId === "111111111111"],
    ["region", { region: "eu-west-1" }, (s) => s.region === "eu-west-1"],
    ["service", { service: "rds.amazonaws.com" }, (s) => s.eventSource === "rds.amazonaws.com"],
    ["event name", { eventName: "PutObject" }, (s) => s.eventName === "PutObject"],
    ["event name prefix", { eventName: "De*" }, (s) => s.eventName.startsWith("De")],
    ["event name with LIKE metacharacters", { eventName: "%" }, () => false],
    [
      "principal ARN substring (case-insensitive)",
      { principal: "ASSUMED-ROLE/agentrole" },
      (s) => !!s.principalArn?.includes("assumed-role/AgentRole"),
    ],
    ["principal session name", { principal: "session-1" }, (s) => s.sessionName === "agent-session-1"],
    ["principal human name", { principal: "alice.smith" }, (s) => s.humanName === "Alice.Smith@example.com"],
    ["risk (several)", { risk: ["destructive", "privilege"] }, (s) => s.risk === "destructive" || s.risk === "privilege"],
    ["errors only", { errorsOnly: true }, (s) => s.errorCode !== null],
    [
      "time range",
      { from: BASE + 8 * 60_000, to: BASE + 20 * 60_000 },
      (s) => s.eventTime.getTime() >= BASE + 8 * 60_000 && s.eventTime.getTime() < BASE + 20 * 60_000,
    ],
    ["free text, one term", { terms: ["prod-db"] }, (s) => s.resources.some((r) => r.includes("prod-db"))],
    [
      "free text, all terms must match",
      { terms: ["deletedbinstance", "alice"] },
      (s) => s.eventName === "DeleteDBInstance" && s.humanName === "Alice.Smith@example.com",
    ],
    ["free text with quotes and SQL", { terms: ["'; drop table cloudtrail_event; --"] }, () => false],
    ["free text with LIKE wildcards taken literally", { terms: ["_"] }, () => false],
    ["free text with % and backslash taken literally", { terms: ["%", "\\"] }, () => false],
    ["free text is case-insensitive", { terms: ["PROD-DB-2"] }, (s) => s.resources.some((r) => r.includes("prod-db-2"))],
    [
      "combined",
      { account: "111111111111", risk: ["destructive"], from: BASE, to: BASE + HOUR },
      (s) =>
        s.accountId === "111111111111" && s.risk === "destructive" && s.eventTime.getTime() >= BASE && s.eventTime.getTime() < BASE + HOUR,
    ],
  ];
  it.each(cases)("filters by %s", async (_name, f, pred) => {
    const want = all
      .filter(pred)
      .map((s) => s.eventId)
      .sort();
    const { forward } = await walk(store, { ...f, limit: 5 });
    expect([...forward].sort()).toEqual(want);
    expect(await countEvents(store, f)).toBe(want.length);
  });

  it("applies filters parsed from a URL", async () => {
    const { filter } = parseEventSearchParams(new URLSearchParams("risk=destructive&q=TERMINATE&region=us-east-1&limit=500"));
    const page = await listEvents(store, filter);
    const want = all.filter((s) => s.risk === "destructive" && s.eventName === "TerminateInstances" && s.region === "us-east-1");
    expect(page.rows.map((r) => r.eventId).sort()).toEqual(want.map((s) => s.eventId).sort());
  });

  it("counts density per minute with destructive calls apart", async () => {
    const d = await eventDensity(store, { from: BASE, to: BASE + HOUR }, 60);
    expect(d.bucketMs).toBe(60_000);
    expect(d.buckets).toHaveLength(60);
    expect(d.buckets[0].t).toBe(BASE);
    const inWindow = all.filter((s) => s.eventTime.getTime() >= BASE && s.eventTime.getTime() < BASE + HOUR);
    expect(d.total).toBe(inWindow.length);
    expect(d.destructive).toBe(inWindow.filter((s) => s.risk === "destructive").length);
    // 4 events at 10:00, none at 10:01, 4 at 10:04
    expect(d.buckets.slice(0, 5).map((b) => b.total)).toEqual([4, 0, 0, 0, 4]);
    for (const b of d.buckets) {
      const want = inWindow.filter((s) => s.eventTime.getTime() >= b.t && s.eventTime.getTime() < b.t + d.bucketMs);
      expect(b.total).toBe(want.length);
      expect(b.destructive).toBe(want.filter((s) => s.risk === "destructive").length);
    }
  });

  it("gives 1440 one-minute buckets for 24 h", async () => {
    const d = await eventDensity(store, { from: BASE - 12 * HOUR, to: BASE + 12 * HOUR }, 1440);
    expect(d.bucketMs).toBe(60_000);
    expect(d.buckets).toHaveLength(1440);
    expect(d.total).toBe(all.length);
  });

  it("closes an open range at the matching events and respects filters", async () => {
    const d = await eventDensity(store, { risk: ["destructive"] }, 100);
    expect(d.total).toBe(all.filter((s) => s.risk === "destructive").length);
    expect(d.from).toBeLessThanOrEqual(Math.min(...all.filter((s) => s.risk === "destructive").map((s) => s.eventTime.getTime())));
    const none = await eventDensity(store, { terms: ["no-such-thing"] }, 100);
    expect(none.total).toBe(0);
    expect(none.buckets).toEqual([]);
  });

  it("gets one event with its raw record and source", async () => {
    const e = await getEvent(store, "evt-002");
    expect(e).not.toBeNull();
    expect(e!.eventName).toBe("DeleteDBInstance");
    expect(e!.raw).toMatchObject({ note: "<script>alert(1)</script>", nested: { i: 2 } });
    expect(e!.source?.fileName).toBe("trail.json");
    expect(e!.resources).toEqual(["arn:aws:rds:us-east-1:111111111111:db:prod-db-2"]);
    expect(await getEvent(store, "nope")).toBeNull();
  });

  it("lists facet values with counts", async () => {
    const regions = await facetValues(store, "region");
    expect(regions.map((r) => r.value)).toEqual(["eu-west-1", "us-east-1"]);
    const accounts = await facetValues(store, "account");
    expect(accounts.map((r) => r.value)).toEqual(["111111111111", "222222222222"]);
    const services = await facetValues(store, "service");
    expect(services).toHaveLength(4);
    expect(services[0]).toEqual({ value: "ec2.amazonaws.com", count: all.filter((s) => s.eventSource === "ec2.amazonaws.com").length });
    expect(services.reduce((n, r) => n + (r.count ?? 0), 0)).toBe(all.length);
    await expect(facetValues(store, "raw" as "region")).rejects.toThrow(/not allowed/);
  });

  it("defaults everything for a bare call", async () => {
    const page = await listEvents(store, eventFilter());
    expect(page.rows).toHaveLength(50);
  });
});
