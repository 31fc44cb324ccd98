import { describe, expect, it } from "vitest";
import { auditCsvHeader, auditCsvRow, auditJsonlRow, changesText, csvCell } from "@/lib/audit/csv";
import { jsonDiff } from "@/lib/audit/diff";
import { actionPrefix, auditFilterParams, parseAuditFilter } from "@/lib/audit/filters";
import { auditRetentionDays, retentionCutoff } from "@/lib/audit/retention";
import { type AuditRow, auditRow } from "@/lib/audit/row";

/** Parses RFC 4180 CSV (quoted cells, doubled quotes, CRLF) — an independent reader for the export's rows. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  return rows;
}

const model = {
  id: 42n,
  at: new Date("2026-12-06T01:02:03.456Z"),
  actorType: "anonymous",
  actorId: null,
  actorLabel: '=HYPERLINK("http://evil","x"), bob',
  action: "auth.sign_in_failed",
  targetType: "user",
  targetId: "u1",
  before: { role: "viewer", name: "Line\nbreak" },
  after: { role: "editor", name: "Line\nbreak" },
  diff: jsonDiff({ role: "viewer", name: "Line\nbreak" }, { role: "editor", name: "Line\nbreak" }),
  ip: "10.0.0.1",
  userAgent: null,
};

describe("audit export rows", () => {
  it("CSV: header and one row per record that a CSV reader gets back exactly, formulas defused", () => {
    const r = auditRow(model);
    const rows = parseCsv(auditCsvHeader() + auditCsvRow(r));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual([
      "id",
      "at",
      "actor_type",
      "actor_id",
      "actor_label",
      "action",
      "target_type",
      "target_id",
      "changes",
      "before",
      "after",
      "ip",
      "user_agent",
    ]);
    const [id, at, type, actorId, label, action, , , changes, before, after, ip, ua] = rows[1];
    expect([id, at, type, actorId, action, ip, ua]).toEqual([
      "42",
      "2026-12-06T01:02:03.456Z",
      "anonymous",
      "",
      "auth.sign_in_failed",
      "10.0.0.1",
      "",
    ]);
    expect(label).toBe(`'=HYPERLINK("http://evil","x"), bob`);
    expect(changes).toBe('role: "viewer" → "editor"');
    expect(JSON.parse(before)).toEqual(model.before);
    expect(JSON.parse(after)).toEqual(model.after);
  });

  it("csvCell quotes only when needed and prefixes formula starters", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell(null)).toBe("");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-2")).toBe("'-2");
    expect(csvCell("@x")).toBe("'@x");
    expect(csvCell(" pad")).toBe('" pad"');
  });

  it("JSONL: one line per record that parses back to the row", () => {
    const r = auditRow(model);
    const line = auditJsonlRow(r);
    expect(line.endsWith("\n")).toBe(true);
    expect(line.slice(0, -1)).not.toContain("\n");
    const back = JSON.parse(line) as AuditRow;
    expect(back).toEqual(r);
    expect(back.id).toBe("42");
    expect(back.diff).toEqual([{ path: "role", before: "viewer", after: "editor" }]);
  });

  it("changesText lists every changed path, a created value as one change", () => {
    const created = auditRow({ ...model, before: null, diff: jsonDiff(null, { a: 1 }) });
    expect(changesText(created)).toBe("a: ∅ → 1");
    expect(changesText(auditRow({ ...model, diff: null }))).toBe("");
  });
});

describe("audit diff", () => {
  it("reports leaf changes by path, nested objects recursed, arrays whole", () => {
    expect(jsonDiff({ a: 1, b: { c: 2, d: [1] } }, { a: 1, b: { c: 3, d: [1, 2] }, e: true })).toEqual([
      { path: "b.c", before: 2, after: 3 },
      { path: "b.d", before: [1], after: [1, 2] },
      { path: "e", before: null, after: true },
    ]);
    expect(jsonDiff({ a: new Date(0) }, { a: "1970-01-01T00:00:00.000Z" })).toEqual([]);
  });
});

describe("audit filters in the URL", () => {
  it("parses valid filters, drops invalid ones and round-trips", () => {
    const f = parseAuditFilter(
      new URLSearchParams({
        actor: "admin@example.com",
        action: "token.",
        from: "2026-12-01",
        to: "2026-12-06T10:00",
        targetId: "\u0001bad",
      }),
    );
    expect(f).toEqual({ actor: "admin@example.com", action: "token.", from: "2026-12-01T00:00:00.000Z", to: "2026-12-06T10:00:00.000Z" });
    expect(parseAuditFilter(auditFilterParams(f))).toEqual(f);
    expect(parseAuditFilter({ from: "yesterday-ish" })).toEqual({});
    expect(auditFilterParams(f, { offset: 50 }).get("offset")).toBe("50");
  });
  it("a trailing . or * is a prefix", () => {
    expect(actionPrefix("token.")).toBe("token.");
    expect(actionPrefix("token.*")).toBe("token.");
    expect(actionPrefix("token.create")).toBeNull();
  });
});

describe("audit retention", () => {
  it("defaults to forever and reads days", () => {
    expect(auditRetentionDays({})).toBeNull();
    expect(auditRetentionDays({ AFTERMATH_AUDIT_RETENTION_DAYS: "forever" })).toBeNull();
    expect(auditRetentionDays({ AFTERMATH_AUDIT_RETENTION_DAYS: "90" })).toBe(90);
    expect(() => auditRetentionDays({ AFTERMATH_AUDIT_RETENTION_DAYS: "1.5" })).toThrow(/whole number/);
    expect(retentionCutoff(2, new Date("2026-12-06T00:00:00Z")).toISOString()).toBe("2026-12-04T00:00:00.000Z");
  });
});

describe("displayChanges", () => {
  it("lists a created or removed object key by key and keeps other changes", async () => {
    const { displayChanges } = await import("@/lib/audit/row");
    expect(displayChanges(jsonDiff(null, { name: "ci", scope: "ingest", revokedAt: null }))).toEqual([
      { path: "name", before: null, after: "ci" },
      { path: "scope", before: null, after: "ingest" },
    ]);
    expect(displayChanges(jsonDiff({ a: { b: 1 } }, { a: null }))).toEqual([{ path: "a.b", before: 1, after: null }]);
    expect(displayChanges(jsonDiff({ a: 1 }, { a: 2 }))).toEqual([{ path: "a", before: 1, after: 2 }]);
  });
});
