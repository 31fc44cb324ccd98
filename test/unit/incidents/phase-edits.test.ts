import { describe, expect, it } from "vitest";
import { mergePhases, PhaseEditInput, phaseGapMinutes } from "@/lib/incidents/phase-edits";
import type { Phase } from "@/lib/incidents/report-schema";

const derived: Phase[] = [
  { phase: "trigger", at: "2025-12-09T02:14:07.000Z", eventId: "t", principalArn: "arn:agent", evidence: ["first destructive call"] },
  { phase: "first_impact", at: "2025-12-09T02:15:20.000Z", eventId: "i", principalArn: "arn:canary", evidence: ["canary failed"] },
  { phase: "detection", at: "2025-12-09T02:42:03.000Z", eventId: "d", principalArn: "arn:oncall", evidence: ["on-call looked"] },
  { phase: "recovery", at: "2025-12-09T15:14:07.000Z", eventId: "r", principalArn: "arn:oncall", evidence: ["recreated"] },
];

describe("mergePhases", () => {
  it("lists all five phases in order, derived where known and missing otherwise", () => {
    const m = mergePhases(derived, []);
    expect(m.map((p) => [p.phase, p.source])).toEqual([
      ["trigger", "derived"],
      ["first_impact", "derived"],
      ["detection", "derived"],
      ["mitigation", "missing"],
      ["recovery", "derived"],
    ]);
    expect(m[2]).toMatchObject({
      label: "Detection",
      at: "2025-12-09T02:42:03.000Z",
      eventId: "d",
      evidence: ["on-call looked"],
      derived: derived[2],
    });
    expect(m[3]).toMatchObject({ at: null, eventId: null, derived: null });
  });

  it("lets a user's edit override the derived value and keeps the derived one to reset to", () => {
    const m = mergePhases(derived, [
      {
        phase: "detection",
        at: new Date("2025-12-09T02:20:00.000Z"),
        eventId: null,
        note: "PagerDuty alert",
        author: "liu.yang",
        updatedAt: new Date("2025-12-10T09:00:00.000Z"),
      },
      {
        phase: "mitigation",
        at: "2025-12-09T03:00:00.000Z",
        eventId: "m",
        note: null,
        author: null,
        updatedAt: "2025-12-10T09:01:00.000Z",
      },
    ]);
    expect(m[2]).toMatchObject({
      source: "edited",
      at: "2025-12-09T02:20:00.000Z",
      note: "PagerDuty alert",
      author: "liu.yang",
      evidence: [],
      editedAt: "2025-12-10T09:00:00.000Z",
      derived: derived[2],
    });
    expect(m[3]).toMatchObject({ source: "edited", at: "2025-12-09T03:00:00.000Z", eventId: "m", derived: null });
    expect(phaseGapMinutes(m, "trigger", "detection")).toBeCloseTo(5.88, 1);
    expect(phaseGapMinutes(mergePhases([], []), "trigger", "recovery")).toBeNull();
  });

  it("ignores edits of unknown phases", () => {
    const m = mergePhases(derived, [
      { phase: "coffee", at: "2025-12-09T03:00:00.000Z", eventId: null, note: null, author: null, updatedAt: "2025-12-10T09:01:00.000Z" },
    ]);
    expect(m.every((p) => p.source !== "edited")).toBe(true);
  });
});

describe("PhaseEditInput", () => {
  it("accepts a UTC time with or without zone and turns it into epoch ms", () => {
    expect(PhaseEditInput.parse({ phase: "detection", at: "2025-12-09 02:42:03" })).toEqual({
      phase: "detection",
      at: Date.parse("2025-12-09T02:42:03Z"),
      eventId: null,
      note: null,
      author: null,
    });
    expect(PhaseEditInput.parse({ phase: "recovery", at: "2025-12-09T15:14:07.000Z", note: "  all green  ", author: "" })).toMatchObject({
      note: "all green",
      author: null,
    });
  });

  it("rejects unknown phases, bad times, control characters, long notes and extra fields", () => {
    expect(PhaseEditInput.safeParse({ phase: "lunch", at: "2025-12-09 02:42:03" }).success).toBe(false);
    expect(PhaseEditInput.safeParse({ phase: "detection", at: "soon" }).success).toBe(false);
    expect(PhaseEditInput.safeParse({ phase: "detection", at: "2025-12-09 02:42:03", note: "a\u0000b" }).success).toBe(false);
    expect(PhaseEditInput.safeParse({ phase: "detection", at: "2025-12-09 02:42:03", note: "x".repeat(2001) }).success).toBe(false);
    expect(PhaseEditInput.safeParse({ phase: "detection", at: "2025-12-09 02:42:03", eventId: "has space" }).success).toBe(false);
    expect(PhaseEditInput.safeParse({ phase: "detection", at: "2025-12-09 02:42:03", incidentId: "x" }).success).toBe(false);
  });
});
