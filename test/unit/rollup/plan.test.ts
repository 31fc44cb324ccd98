import { describe, expect, it } from "vitest";
import { eventFilter } from "@/lib/events/filters";
import { countEvent, mergeCounts, type RollupCounts, rollupRows } from "@/lib/rollup/counts";
import { planRollup, rollupAnswers, totalsAnswer } from "@/lib/rollup/plan";

const M = 60_000;
const H = 3_600_000;
const T = Date.UTC(2026, 0, 1);

describe("planRollup", () => {
  it("splits a ragged range into event edges, minutes and hours when buckets are whole hours", () => {
    const p = planRollup(eventFilter(), T + 10 * M + 5000, T + 5 * H + 30 * M + 1, 2 * H)!;
    expect(p.table).toBe("total");
    expect(p.events).toEqual([
      [T + 10 * M + 5000, T + 11 * M],
      [T + 5 * H + 30 * M, T + 5 * H + 30 * M + 1],
    ]);
    expect(p.minutes).toEqual([
      [T + 11 * M, T + H],
      [T + 5 * H, T + 5 * H + 30 * M],
    ]);
    expect(p.hours).toEqual([[T + H, T + 5 * H]]);
  });

  it("uses only minute rows for minute-wide buckets, and nothing but events inside one minute", () => {
    const p = planRollup(eventFilter({ region: "eu-west-1" }), T, T + 24 * H, M)!;
    expect(p).toEqual({ table: "all", events: [], minutes: [[T, T + 24 * H]], hours: [] });
    expect(planRollup(eventFilter(), T + 1000, T + 2000, M)).toEqual({
      table: "total",
      events: [[T + 1000, T + 2000]],
      minutes: [],
      hours: [],
    });
  });

  it("declines sub-minute buckets and filters that are not rollup dimensions", () => {
    expect(planRollup(eventFilter(), T, T + H, 30_000)).toBeNull();
    for (const f of [{ principal: "bob" }, { eventName: "Delete*" }, { terms: ["x"] }, { incidentOnly: true }]) {
      expect(rollupAnswers(eventFilter(f))).toBe(false);
      expect(planRollup(eventFilter(f), T, T + H, M)).toBeNull();
    }
    expect(totalsAnswer(eventFilter({ account: "1" }))).toBe(true);
    expect(totalsAnswer(eventFilter({ linkedOnly: true }))).toBe(false);
  });
});

describe("rollup counts", () => {
  it("counts per minute and dimensions, NULL as '' and errors by presence of a code", () => {
    const a: RollupCounts = new Map();
    const e = {
      eventTime: T + 59_999,
      accountId: null,
      region: "us-east-1",
      eventSource: "s3.amazonaws.com",
      risk: "read",
      errorCode: null,
      humanName: null,
      principalType: "AssumedRole",
      roleArn: "arn:aws:iam::111122223333:role/ci",
      userAgent: "aws-sdk-go/1.0",
    };
    countEvent(a, e);
    countEvent(a, { ...e, eventTime: T + 1 });
    countEvent(a, { ...e, errorCode: "" });
    const b: RollupCounts = new Map();
    countEvent(b, { ...e, eventTime: T + M });
    countEvent(b, { ...e, eventTime: T + M, userAgent: "Mozilla/5.0 (console)" }); // a person's call: its own row
    mergeCounts(a, b);
    const rows = rollupRows(a).sort(
      (x, y) => x.minute.localeCompare(y.minute) || Number(x.errors) - Number(y.errors) || Number(x.human) - Number(y.human),
    );
    // every row: the account-less us-east-1 S3 reads, not agent-linked; what varies is minute, errors, human, n
    const row = (minute: number, errors: boolean, human: boolean, n: number) => ({
      minute: new Date(minute).toISOString(),
      account_id: "",
      region: "us-east-1",
      event_source: "s3.amazonaws.com",
      risk: "read",
      errors,
      agent_linked: false,
      human,
      n,
    });
    expect(rows).toEqual([row(T, false, false, 2), row(T, true, false, 1), row(T + M, false, false, 1), row(T + M, false, true, 1)]);
  });
});
