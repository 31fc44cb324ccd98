import { describe, expect, it } from "vitest";
import {
  dayOf,
  expiredPartitions,
  intervalEnd,
  intervalStart,
  isPartitionName,
  partitionInterval,
  partitionName,
  planPartitions,
} from "@/lib/partitions/plan";
import { describeRetention, eventRetentionCutoff, eventRetentionDays } from "@/lib/retention/policy";

const utc = (s: string) => Date.parse(s);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const day = (s: string) => dayOf(utc(s));

describe("partition intervals (UTC)", () => {
  it("month, ISO week (Monday) and day starts and ends", () => {
    const t = utc("2024-02-29T23:59:59.999Z"); // a Thursday, leap day
    expect(iso(intervalStart(t, "month"))).toBe("2024-02-01");
    expect(iso(intervalEnd(intervalStart(t, "month"), "month"))).toBe("2024-03-01");
    expect(iso(intervalStart(t, "week"))).toBe("2024-02-26");
    expect(iso(intervalEnd(intervalStart(t, "week"), "week"))).toBe("2024-03-04");
    expect(iso(intervalStart(t, "day"))).toBe("2024-02-29");
    expect(iso(intervalStart(utc("2024-03-03T12:00:00Z"), "week"))).toBe("2024-02-26"); // Sunday → previous Monday
    expect(iso(intervalEnd(utc("2025-12-01T00:00:00Z"), "month"))).toBe("2026-01-01");
    expect(iso(intervalStart(utc("1999-12-31T00:00:00Z"), "month"))).toBe("1999-12-01");
  });

  it("AFTERMATH_PARTITION_INTERVAL: month by default, week or day, anything else is an error naming the variable", () => {
    expect(partitionInterval({})).toBe("month");
    expect(partitionInterval({ AFTERMATH_PARTITION_INTERVAL: " Week " })).toBe("week");
    expect(partitionInterval({ AFTERMATH_PARTITION_INTERVAL: "day" })).toBe("day");
    expect(() => partitionInterval({ AFTERMATH_PARTITION_INTERVAL: "year" })).toThrow(/AFTERMATH_PARTITION_INTERVAL.*"year"/);
  });

  it("names partitions by their start and only accepts its own names", () => {
    expect(partitionName(utc("2026-12-01T00:00:00Z"))).toBe("cloudtrail_event_p20261201");
    expect(partitionName(utc("2026-12-01T06:30:00Z"))).toBe("cloudtrail_event_p20261201_063000");
    expect(isPartitionName("cloudtrail_event_p20261201")).toBe(true);
    expect(isPartitionName("cloudtrail_event_p20261201_063000")).toBe(true);
    expect(isPartitionName('cloudtrail_event_p20261201"; DROP TABLE x; --')).toBe(false);
    expect(isPartitionName("audit_log")).toBe(false);
  });
});

describe("planPartitions", () => {
  it("one partition per interval touched, none for the months in between, none already covered", () => {
    const days = [day("2019-03-15T00:00:00Z"), day("2019-03-20T00:00:00Z"), day("2026-12-01T00:00:00Z")];
    expect(planPartitions(days, "month", []).map((p) => [p.name, iso(p.from), iso(p.to)])).toEqual([
      ["cloudtrail_event_p20190301", "2019-03-01", "2019-04-01"],
      ["cloudtrail_event_p20261201", "2026-12-01", "2027-01-01"],
    ]);
    const existing = [{ from: utc("2019-03-01T00:00:00Z"), to: utc("2019-04-01T00:00:00Z") }];
    expect(planPartitions(days, "month", existing).map((p) => p.name)).toEqual(["cloudtrail_event_p20261201"]);
    expect(planPartitions([], "month", [])).toEqual([]);
  });

  it("clips a new range to the gaps between existing ones (a changed interval never overlaps)", () => {
    const existing = [
      { from: utc("2016-03-07T00:00:00Z"), to: utc("2016-03-14T00:00:00Z") },
      { from: utc("2016-03-20T00:00:00Z"), to: utc("2016-03-21T00:00:00Z") },
    ];
    const plan = planPartitions([day("2016-03-02T00:00:00Z")], "month", existing);
    expect(plan.map((p) => [iso(p.from), iso(p.to)])).toEqual([
      ["2016-03-01", "2016-03-07"],
      ["2016-03-14", "2016-03-20"],
      ["2016-03-21", "2016-04-01"],
    ]);
    // an unbounded range (made by hand) covers everything it reaches
    expect(planPartitions([day("2001-01-01T00:00:00Z")], "month", [{ from: null, to: utc("2010-01-01T00:00:00Z") }])).toEqual([]);
  });
});

describe("retention", () => {
  const parts = [
    { name: "cloudtrail_event_p20250101", from: utc("2025-01-01T00:00:00Z"), to: utc("2025-02-01T00:00:00Z") },
    { name: "cloudtrail_event_p20250201", from: utc("2025-02-01T00:00:00Z"), to: utc("2025-03-01T00:00:00Z") },
    { name: "cloudtrail_event_p20250301", from: utc("2025-03-01T00:00:00Z"), to: utc("2025-04-01T00:00:00Z") },
    { name: "hand_made_old", from: utc("2000-01-01T00:00:00Z"), to: utc("2001-01-01T00:00:00Z") },
    { name: "cloudtrail_event_p20000101", from: null, to: null },
  ];

  it("drops only partitions whose whole range ends at or before the cutoff, never an unbounded or foreign one", () => {
    expect(expiredPartitions(parts, utc("2025-03-01T00:00:00Z")).map((p) => p.name)).toEqual([
      "cloudtrail_event_p20250101",
      "cloudtrail_event_p20250201",
    ]);
    expect(expiredPartitions(parts, utc("2025-02-28T23:59:59.999Z")).map((p) => p.name)).toEqual(["cloudtrail_event_p20250101"]);
  });

  it("AFTERMATH_RETENTION_DAYS: unset/0/forever keep everything; a bad value is an error", () => {
    expect(eventRetentionDays({})).toBeNull();
    expect(eventRetentionDays({ AFTERMATH_RETENTION_DAYS: "forever" })).toBeNull();
    expect(eventRetentionDays({ AFTERMATH_RETENTION_DAYS: "0" })).toBeNull();
    expect(eventRetentionDays({ AFTERMATH_RETENTION_DAYS: "400" })).toBe(400);
    expect(() => eventRetentionDays({ AFTERMATH_RETENTION_DAYS: "1.5" })).toThrow(/AFTERMATH_RETENTION_DAYS/);
    expect(eventRetentionCutoff(10, new Date("2026-12-15T00:00:00Z")).toISOString()).toBe("2026-12-05T00:00:00.000Z");
  });

  it("describes a run in one line", () => {
    const line = describeRetention({
      dryRun: true,
      retentionDays: 30,
      cutoff: "2026-11-01T00:00:00.000Z",
      partitions: [{ name: "cloudtrail_event_p20260901", from: null, to: "2026-10-01T00:00:00.000Z", events: 3 }],
      events: 3,
      links: 1,
      conflicts: 0,
      quarantined: 2,
      skipped: 0,
    });
    expect(line).toBe(
      "retention (30 d, before 2026-11-01T00:00:00.000Z): would drop cloudtrail_event_p20260901; 3 event(s), 1 link(s), 0 conflict(s), 2 quarantined and 0 skipped record(s)",
    );
  });
});
