import { describe, expect, it } from "vitest";
import { toIncidentReport } from "@/lib/incidents/report-schema";
import { buildDraft, timelineRows } from "@/lib/postmortems/draft";
import { type ExportBundle, exportJson, exportMarkdown } from "@/lib/postmortems/export";
import type { PostMortemView } from "@/lib/postmortems/views";
import { draftFixture } from "./fixture";

function bundle(): { b: ExportBundle; ids: Record<string, string> } {
  const { input, ids } = draftFixture();
  const draft = buildDraft(input);
  const pm: PostMortemView = {
    id: "pm-1",
    incidentId: "11111111-1111-4111-8111-111111111111",
    title: draft.title,
    body: draft.body,
    revision: 3,
    status: "approved",
    statusLabel: "Approved",
    author: { type: "user", id: "u-1", label: "alice@example.com", userId: "u-1" },
    approvedBy: "bob@example.com",
    approvedAt: "2025-12-11T00:00:00.000Z",
    publishedAt: null,
    createdAt: "2025-12-10T00:00:00.000Z",
    updatedAt: "2025-12-11T00:00:00.000Z",
    reviewers: [{ reviewer: "bob@example.com", decision: "approved", decidedAt: "2025-12-11T00:00:00.000Z" }],
    reviews: [],
    revisions: [],
    actionItems: [],
  };
  const items = [
    {
      id: "ai-1",
      incidentId: pm.incidentId,
      incidentTitle: null,
      title: "Roll out the approval gate | for all agents",
      owner: "carol@example.com",
      dueDate: "2025-12-20",
      priority: "p1",
      status: "open",
      safeguardKey: "approval-gate:111122223333",
      overdue: true,
      createdBy: "alice@example.com",
      createdAt: "2025-12-10T00:00:00.000Z",
      updatedAt: "2025-12-10T00:00:00.000Z",
    },
  ];
  const b: ExportBundle = {
    exportedAt: "2026-01-01T00:00:00.000Z",
    baseUrl: "https://aftermath.example",
    incident: toIncidentReport(input.detail, pm.incidentId),
    postMortem: pm,
    revisions: [
      {
        number: 1,
        title: pm.title,
        body: pm.body,
        reason: "draft",
        restoredFrom: null,
        author: "alice@example.com",
        createdAt: pm.createdAt,
      },
    ],
    timeline: timelineRows(input),
    annotations: [...input.annotations],
    events: Object.fromEntries(input.events),
    actionItems: items,
  };
  return { b, ids };
}

describe("Markdown export", () => {
  const { b, ids } = bundle();
  const md = exportMarkdown(b);

  it("title, meta line, review state", () => {
    expect(md.startsWith(`# Post-mortem: ${b.incident.title.replace(/[()]/g, "\\$&")}\n`)).toBe(true);
    expect(md).toContain(`Incident: [`);
    expect(md).toContain(
      "Post-mortem approved · revision 3 · author alice@example.com · reviewers bob@example.com (approved) · approved by bob@example.com",
    );
  });

  it("the document with evidence links resolved to stable URLs, its headings one level down", () => {
    expect(md).not.toContain("evidence:");
    expect(md).toContain(`[DeleteStack](https://aftermath.example/events?event=${ids.trigger})`);
    expect(md).toContain("\n### Summary\n");
    expect(md).toContain("\n### What the agent did\n");
  });

  it("the timeline table with evidence links", () => {
    const table = md.slice(md.indexOf("## Appendix: timeline"), md.indexOf("## Appendix: annotations"));
    expect(table).toContain("| Time (UTC) | What | Evidence |");
    expect(table).toContain(
      `| 2025-12-08 02:40:00 UTC | Detection: On-call opens the console | [DescribeStacks](https://aftermath.example/events?event=${ids.detect}) |`,
    );
    expect(table.split("\n").filter((l) => l.startsWith("| 20")).length).toBe(b.timeline.length);
  });

  it("annotations: markers, stars, tags, notes and threaded comments, quoted", () => {
    const ann = md.slice(md.indexOf("## Appendix: annotations"), md.indexOf("## Appendix: action items"));
    expect(ann).toContain(
      `- **Detection** on [DescribeStacks](https://aftermath.example/events?event=${ids.detect}) — alice@example.com: On-call opens the console`,
    );
    expect(ann).toContain("- **★ Key event** on [DescribeTable]");
    expect(ann).toContain("- **Tag** `cfn` on [DeleteStack]");
    expect(ann).toContain("> Customer tickets start arriving");
    expect(ann).toContain("> Why was **autopilot** on? <script>alert(1)</script>");
    expect(ann).toContain("  - reply by bob@example.com, 2025-12-10 00:00:06 UTC\n\n    > Inherited from the template.");
  });

  it("action items: a table, cells escaped, overdue flagged, safeguard key", () => {
    expect(md).toContain(
      "| Roll out the approval gate \\| for all agents | carol@example.com | 2025-12-20 **overdue** | p1 | open | approval-gate:111122223333 |",
    );
  });
});

describe("JSON export", () => {
  it("holds the facts, annotations and the post-mortem with every revision", () => {
    const { b } = bundle();
    const j = JSON.parse(exportJson(b));
    expect(j.format).toBe("aftermath.incident-export/1");
    expect(j.incident.id).toBe(b.incident.id);
    expect(j.annotations).toHaveLength(b.annotations.length);
    expect(j.postMortem.revisions[0]).toMatchObject({ number: 1, reason: "draft" });
    expect(j.actionItems[0].safeguardKey).toBe("approval-gate:111122223333");
  });
});
