import { type AnnotationView, MARKER_LABEL, threadComments } from "@/lib/annotations/model";
import type { IncidentReport } from "@/lib/incidents/report-schema";
import { code, type EventFact, inline, type TimelineRow } from "./draft";
import { evidenceUrl, resolveEvidenceLinks } from "./evidence";
import type { ActionItemView, PostMortemView } from "./views";

/**
 * Exports of an incident's post-mortem (pure: a bundle in, text out). Markdown is GitHub-flavoured: the document
 * with evidence links resolved to stable URLs, then the timeline table, the annotations and the action items.
 * `npx aftermath postmortem <id> --format md|json` and `GET /api/incidents/<id>/postmortem.md` print these.
 */

export interface ExportBundle {
  exportedAt: string;
  /** prefix for links (e.g. https://aftermath.example.com); "" keeps absolute paths */
  baseUrl: string;
  incident: IncidentReport;
  postMortem: PostMortemView | null;
  /** every revision with its text (JSON export only) */
  revisions: {
    number: number;
    title: string;
    body: string;
    reason: string;
    restoredFrom: number | null;
    author: string;
    createdAt: string;
  }[];
  timeline: TimelineRow[];
  annotations: AnnotationView[];
  events: Record<string, EventFact>;
  actionItems: ActionItemView[];
}

const fmt = (iso: string) => `${iso.slice(0, 19).replace("T", " ")} UTC`;
const cell = (s: string) => inline(s, 300);

function eventLink(b: ExportBundle, eventId: string, label?: string): string {
  const fact = b.events[eventId];
  return `[${inline(label ?? fact?.eventName ?? eventId, 120)}](${b.baseUrl}${evidenceUrl({ type: "event", eventId })})`;
}

function anchorText(b: ExportBundle, a: AnnotationView): string {
  if (a.eventId) return `on ${eventLink(b, a.eventId)}`;
  if (a.actionKey) return `on agent action ${code(`${a.agentSessionRef}/${a.actionKey}`)}`;
  return a.at ? `at ${fmt(a.at)}` : "";
}

function quote(md: string): string {
  return md
    .split("\n")
    .map((l) => `> ${l}`)
    .join("\n");
}

export function exportMarkdown(b: ExportBundle): string {
  const i = b.incident;
  const pm = b.postMortem;
  const out: string[] = [];
  out.push(`# ${inline(pm?.title ?? `Post-mortem: ${i.title}`, 300)}`, "");
  const meta = [
    `Incident: [${inline(i.title, 200)}](${b.baseUrl}/incidents/${i.id})`,
    `status ${i.status}${i.reproduced ? "" : " (no longer reproduced)"}`,
    `started ${fmt(i.startedAt)}`,
    i.durationMinutes !== null ? `duration ${Math.round(i.durationMinutes)} min` : "not recovered",
  ];
  out.push(meta.join(" · "), "");
  if (pm) {
    const reviewers = pm.reviewers.map((r) => `${inline(r.reviewer)}${r.decision ? ` (${r.decision.replace("_", " ")})` : ""}`).join(", ");
    out.push(
      `Post-mortem ${pm.statusLabel.toLowerCase()} · revision ${pm.revision} · author ${inline(pm.author.label)}${reviewers ? ` · reviewers ${reviewers}` : ""}${pm.approvedBy ? ` · approved by ${inline(pm.approvedBy)}` : ""}`,
      "",
    );
  }
  if (!i.reproduced && i.notReproducedReason) out.push(`> **Not reproduced:** ${inline(i.notReproducedReason, 500)}`, "");
  if (pm) {
    // the author's own Markdown, demoted one level below the export's title
    out.push(
      resolveEvidenceLinks(pm.body, b.baseUrl)
        .replace(/^(#{1,5}) /gm, "$1# ")
        .trim(),
      "",
    );
  } else out.push("_No post-mortem written yet._", "");

  out.push("## Appendix: timeline", "", "| Time (UTC) | What | Evidence |", "| --- | --- | --- |");
  for (const r of b.timeline) out.push(`| ${fmt(r.at)} | ${cell(r.what)} | ${r.eventId ? eventLink(b, r.eventId) : "—"} |`);
  out.push("");

  out.push("## Appendix: annotations", "");
  const marks = b.annotations.filter((a) => !a.deleted && !a.parentId && a.kind !== "comment");
  for (const a of marks) {
    const what =
      a.kind === "marker" && a.marker
        ? `**${MARKER_LABEL[a.marker]}**`
        : a.kind === "star"
          ? "**★ Key event**"
          : a.kind === "tag"
            ? `**Tag** ${code(a.tag ?? "")}`
            : "**Note**";
    out.push(`- ${what} ${anchorText(b, a)} — ${inline(a.author.label)}${a.body && a.kind !== "note" ? `: ${inline(a.body, 500)}` : ""}`);
    if (a.kind === "note") out.push("", quote(a.body), "");
  }
  for (const t of threadComments(b.annotations)) {
    out.push(
      "",
      `- **Comment** ${anchorText(b, t.root)} — ${inline(t.root.author.label)}, ${fmt(t.root.createdAt)}`,
      "",
      quote(t.root.deleted ? "_deleted_" : t.root.body),
    );
    for (const r of t.replies)
      out.push(
        "",
        `  - reply by ${inline(r.author.label)}, ${fmt(r.createdAt)}`,
        "",
        quote(r.deleted ? "_deleted_" : r.body).replace(/^/gm, "    "),
      );
  }
  if (!b.annotations.length) out.push("_None._");
  out.push("");

  out.push("## Appendix: action items", "");
  if (b.actionItems.length) {
    out.push("| Title | Owner | Due | Priority | Status | Safeguard |", "| --- | --- | --- | --- | --- | --- |");
    for (const a of b.actionItems)
      out.push(
        `| ${cell(a.title)} | ${cell(a.owner ?? "—")} | ${a.dueDate ?? "—"}${a.overdue ? " **overdue**" : ""} | ${a.priority} | ${a.status} | ${a.safeguardKey ? cell(a.safeguardKey) : "—"} |`,
      );
  } else out.push("_None._");
  out.push("", `_Exported from Aftermath at ${fmt(b.exportedAt)}._`, "");
  return out.join("\n");
}

/** The JSON archive: facts, annotations, the post-mortem with every revision, action items. */
export function exportJson(b: ExportBundle): string {
  return `${JSON.stringify(
    {
      format: "aftermath.incident-export/1",
      exportedAt: b.exportedAt,
      incident: b.incident,
      timeline: b.timeline,
      annotations: b.annotations,
      events: b.events,
      postMortem: b.postMortem ? { ...b.postMortem, revisions: b.revisions } : null,
      actionItems: b.actionItems,
    },
    null,
    2,
  )}\n`;
}
