import { describe, expect, it } from "vitest";
import { mergePhases, PhaseEditInput, phaseTimeProblem } from "@/lib/incidents/phase-edits";

/** Issue 14 #2: a phase edit at 9999-12-31T23:59:59Z was accepted and then broke the incident page (PostgreSQL 22009). */
describe("phase edit times", () => {
  it("refuses times outside [2000-01-01, now + 1 day]", () => {
    for (const at of ["9999-12-31T23:59:59Z", "1969-12-31T00:00:00Z", "1999-12-31 23:59"]) {
      const r = PhaseEditInput.safeParse({ phase: "recovery", at });
      expect(r.success, at).toBe(false);
    }
    expect(PhaseEditInput.safeParse({ phase: "recovery", at: "2025-12-09 15:14:07" }).success).toBe(true);
    const now = Date.UTC(2026, 0, 1);
    expect(phaseTimeProblem(now + 2 * 86_400_000, now)).toMatch(/future/);
    expect(phaseTimeProblem(now - 1000, now)).toBeNull();
  });

  it("never uses a stored out-of-range edit (the page renders; the phase shows as needing a reset)", () => {
    const views = mergePhases(
      [],
      [{ phase: "recovery", at: new Date("9999-12-31T23:59:59Z"), eventId: null, note: null, author: "x", updatedAt: new Date() }],
    );
    const recovery = views.find((v) => v.phase === "recovery")!;
    expect(recovery.source).toBe("edited");
    expect(recovery.at).toBeNull();
    expect(recovery.note).toMatch(/out of range/);
  });
});
