import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * What people write (phase edits, annotations, post-mortems and their revisions/reviews, action items) must never be
 * deleted by a rebuild of derived rows: every relation from such a model to another model is ON DELETE RESTRICT.
 * The audit log and safeguards have no relation to derived rows at all.
 */
const SCHEMA = readFileSync(path.resolve(import.meta.dirname, "../../../prisma/schema.prisma"), "utf8");
const USER_WRITTEN = [
  "IncidentPhase",
  "Annotation",
  "PostMortem",
  "PostMortemRevision",
  "PostMortemReviewer",
  "PostMortemReview",
  "ActionItem",
];

function modelBody(name: string): string {
  const m = new RegExp(`\\nmodel ${name} \\{([\\s\\S]*?)\\n\\}`).exec(SCHEMA);
  if (!m) throw new Error(`model ${name} not in schema.prisma`);
  return m[1];
}

describe("user-written rows survive rebuilds", () => {
  it.each(USER_WRITTEN)("%s: every relation it holds is onDelete: Restrict", (name) => {
    const relations = modelBody(name)
      .split("\n")
      .filter((l) => l.includes("@relation(") && l.includes("fields:"));
    for (const r of relations) expect(r, `${name}: ${r.trim()}`).toMatch(/onDelete:\s*Restrict/);
  });

  it.each(["AuditLog", "Safeguard"])("%s holds no relation to derived rows", (name) => {
    expect(modelBody(name)).not.toMatch(/@relation\(/);
  });
});
