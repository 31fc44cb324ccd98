import { describe, expect, it } from "vitest";
import { distinguishingParts, effectiveStatus, type GroupableSource, groupSources } from "@/lib/sources/grouping";

const src = (id: string, path: string, over: Partial<GroupableSource> = {}): GroupableSource => ({
  id,
  fileName: path.split("/").pop()!,
  path,
  via: "cli",
  status: "done",
  read: 10,
  quarantined: 0,
  startedAt: "2026-01-01T10:00:00.000Z",
  finishedAt: "2026-01-01T10:01:00.000Z",
  ...over,
});

describe("sources grouping", () => {
  it("gives failed and quarantined files their own status", () => {
    expect(effectiveStatus({ status: "done", read: 5, quarantined: 5 })).toBe("quarantined");
    expect(effectiveStatus({ status: "done", read: 5, quarantined: 2 })).toBe("partly-quarantined");
    expect(effectiveStatus({ status: "done", read: 5, quarantined: 0 })).toBe("done");
    expect(effectiveStatus({ status: "failed", read: 0, quarantined: 0 })).toBe("failed");
  });

  it("shows the part of near-identical names that differs", () => {
    const parts = distinguishingParts([
      "417382950164_CloudTrail_cn-north-1_20251209T2335Z_vFb8.json.gz",
      "417382950164_CloudTrail_cn-north-1_20251209T2350Z_3tgV.json.gz",
    ]);
    expect(parts[0]).toEqual({ head: "417382950164_CloudTrail_cn-north-1_", distinct: "20251209T2335Z_vFb8", tail: ".json.gz" });
    expect(parts[1].distinct).toBe("20251209T2350Z_3tgV");
    expect(distinguishingParts(["only.json"])[0]).toEqual({ head: "", distinct: "only.json", tail: "" });
  });

  it("groups files into runs by finish time and within a run by directory", () => {
    const runs = groupSources([
      src("a", "/d/AWSLogs/1/CloudTrail/r/2025/12/10/x_1.json.gz"),
      src("b", "/d/AWSLogs/1/CloudTrail/r/2025/12/09/x_2.json.gz", { quarantined: 10 }),
      src("c", "/d/agent-logs/kiro/s.jsonl"),
      src("d", "/e/other.json", { finishedAt: "2026-01-01T09:00:00.000Z", startedAt: "2026-01-01T08:59:00.000Z" }),
    ]);
    expect(runs.map((r) => r.files)).toEqual([3, 1]);
    expect(runs[0].root).toBe("/d");
    expect(runs[0].problems).toBe(1);
    expect(runs[0].prefixes.map((p) => p.prefix)).toEqual([
      "AWSLogs/1/CloudTrail/r/2025/12/10",
      "AWSLogs/1/CloudTrail/r/2025/12/09",
      "agent-logs/kiro",
    ]);
    expect(runs[0].prefixes[1].files[0].effective).toBe("quarantined");
  });
});
