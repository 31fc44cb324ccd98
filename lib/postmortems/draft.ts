import type { AnnotationView } from "@/lib/annotations/model";
import { MARKER_LABEL } from "@/lib/annotations/model";
import type { PhaseView } from "@/lib/incidents/phase-edits";
import type { IncidentDetail } from "@/lib/incidents/report-schema";
import { evidenceEventHref } from "./evidence";

/**
 * The post-mortem's first draft, built from the reconstruction the moment the document is opened (pure). Every fact
 * is a live evidence link (evidence.ts), never pasted: the renderer shows the event's data and links to it.
 */

/** Customer impact, when a measure is available (lib/incidents/impact*.ts); otherwise failed calls are counted. */
export interface ImpactInput {
  customerFacingErrors: number;
  description?: string;
  firstErrorEventId?: string | null;
}

export interface EventFact {
  eventId: string;
  eventTime: string;
  eventName: string;
  principalArn: string | null;
  errorCode: string | null;
}

export interface DraftInput {
  incidentId: string;
  detail: IncidentDetail;
  phases: readonly PhaseView[];
  annotations: readonly AnnotationView[];
  /** facts of events the draft cites (starred/marked events), by eventID */
  events: ReadonlyMap<string, EventFact>;
  /** the agent's prompt and plan texts before the trigger (newest last) */
  agent: { prompt: string | null; plan: string | null };
  /** failed calls (errorCode set) naming an affected resource after the trigger, by principals other than the agent */
  failedCalls: { count: number; firstEventId: string | null };
  impact?: ImpactInput | null;
}

export const SECTION_TITLES = [
  "Summary",
  "Impact",
  "Timeline",
  "What the agent did",
  "Contributing factors",
  "What went well",
  "What went badly",
  "Action items",
  "Lessons learned",
] as const;

const fmt = (iso: string) => `${iso.slice(0, 19).replace("T", " ")} UTC`;
/** Markdown-safe one-line text (log text is attacker-controlled: it must not become links, HTML or table cells). */
export function inline(text: string, max = 200): string {
  const one = text.replace(/\s+/g, " ").trim();
  const cut = one.length > max ? `${one.slice(0, max - 1)}…` : one;
  return cut.replace(/([\\`*_{}[\]()<>#+!|~])/g, "\\$1");
}
/** A fenced block for verbatim text; the fence is longer than any backtick run inside. */
export function fenced(text: string, lang = "text"): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${lang}\n${text}\n${fence}`;
}
/** An inline code span for verbatim one-line text (no escaping needed inside; backtick runs get a longer fence). */
export function code(text: string, max = 300): string {
  const one = text.replace(/\s+/g, " ").trim().slice(0, max);
  const longest = Math.max(0, ...[...one.matchAll(/`+/g)].map((m) => m[0].length));
  const f = "`".repeat(longest + 1);
  return longest ? `${f} ${one} ${f}` : `${f}${one}${f}`;
}
const ev = (label: string, eventId: string) => `[${inline(label, 120)}](${evidenceEventHref(eventId)})`;

function duration(min: number | null): string {
  if (min === null) return "not recovered yet";
  const h = Math.floor(min / 60);
  const m = Math.round(min % 60);
  return h ? `${h} h ${m} min` : `${m} min`;
}

export interface TimelineRow {
  at: string;
  what: string;
  /** CloudTrail eventID of the evidence, if any */
  eventId: string | null;
  source: "phase" | "marker" | "star" | "note";
}

/** Derived phases (edits applied) + markers + starred events + time-anchored notes, in time order. */
export function timelineRows(input: Pick<DraftInput, "phases" | "annotations" | "events">): TimelineRow[] {
  const rows: TimelineRow[] = [];
  for (const p of input.phases) {
    if (!p.at) continue;
    rows.push({
      at: p.at,
      what: `${p.label}${p.source === "edited" ? " (edited)" : ""}${p.note ? `: ${p.note}` : ""}`,
      eventId: p.eventId,
      source: "phase",
    });
  }
  const starred = new Set<string>();
  for (const a of input.annotations) {
    if (a.deleted || a.parentId) continue;
    const fact = a.eventId ? input.events.get(a.eventId) : undefined;
    const at = a.at ?? fact?.eventTime ?? null;
    if (!at) continue;
    if (a.kind === "marker" && a.marker)
      rows.push({
        at,
        what: `${MARKER_LABEL[a.marker]}${a.body ? `: ${a.body}` : fact ? `: ${fact.eventName}` : ""}`,
        eventId: a.eventId,
        source: "marker",
      });
    else if (a.kind === "star" && a.eventId && !starred.has(a.eventId)) {
      starred.add(a.eventId);
      rows.push({ at, what: `Key event: ${fact?.eventName ?? a.eventId}`, eventId: a.eventId, source: "star" });
    } else if (a.kind === "note") rows.push({ at, what: a.body, eventId: a.eventId, source: "note" });
  }
  return rows.sort((a, b) => a.at.localeCompare(b.at) || a.source.localeCompare(b.source));
}

export function buildDraft(input: DraftInput): { title: string; body: string } {
  const d = input.detail;
  const out: string[] = [];
  const section = (t: (typeof SECTION_TITLES)[number]) => out.push("", `## ${t}`, "");

  section("Summary");
  out.push(
    `A ${inline(d.agent.kind)} agent (session ${code(d.agent.sessionId, 120)}, mode ${inline(d.agent.mode ?? "unknown")}) ran ${ev(d.trigger.eventName, d.trigger.eventId)} at ${fmt(d.trigger.eventTime)}` +
      `${d.accountId ? ` in account ${inline(d.accountId)}` : ""}${d.region ? ` (${inline(d.region)})` : ""}, destroying ${d.blastRadius.length} resource(s).`,
    d.recovery
      ? `Service was restored at ${fmt(d.recovery.eventTime)} by ${ev(d.blastRadius.find((b) => b.recreatedByEventId === d.recovery?.eventId)?.recreatedByEventName ?? "this call", d.recovery.eventId)}${d.recovery.partial ? " (partly: some resources were never recreated)" : ""}, ${duration(d.durationMinutes)} after the trigger.`
      : "The destroyed resources have not been recreated yet.",
  );

  section("Impact");
  out.push(`- **Duration:** ${duration(d.durationMinutes)}`);
  const errors = input.impact ?? null;
  if (errors) {
    out.push(
      `- **Customer-facing errors:** ${errors.customerFacingErrors}${errors.description ? ` (${inline(errors.description)})` : ""}${errors.firstErrorEventId ? `, first ${ev("error", errors.firstErrorEventId)}` : ""}`,
    );
  } else {
    out.push(
      `- **Failed calls on the affected resources:** ${input.failedCalls.count}${input.failedCalls.firstEventId ? ` (first: ${ev("failed call", input.failedCalls.firstEventId)})` : ""}`,
    );
  }
  out.push(`- **Affected resources (${d.blastRadius.length}):**`);
  for (const b of d.blastRadius) {
    const back = b.recreatedByEventId
      ? `recreated ${ev(b.recreatedByEventName ?? "recreate", b.recreatedByEventId)}`
      : "**never recreated**";
    out.push(`  - ${code(b.resource)} — destroyed by ${ev(b.destroyedByEventName, b.destroyedByEventId)}; ${back}`);
  }

  section("Timeline");
  out.push("| Time (UTC) | What | Evidence |", "| --- | --- | --- |");
  for (const r of timelineRows(input)) out.push(`| ${fmt(r.at)} | ${inline(r.what, 300)} | ${r.eventId ? ev("event", r.eventId) : "—"} |`);

  section("What the agent did");
  if (input.agent.prompt) out.push("**Prompt**", "", fenced(input.agent.prompt.slice(0, 4000)), "");
  if (input.agent.plan) out.push("**Plan**", "", fenced(input.agent.plan.slice(0, 4000)), "");
  out.push(d.agent.command ? `**Command** (tool call ${code(d.agent.toolCallId ?? "?", 120)})` : "**Command**: not recorded", "");
  if (d.agent.command) out.push(fenced(d.agent.command.slice(0, 4000), "sh"), "");
  out.push(`It caused ${ev(d.trigger.eventName, d.trigger.eventId)} (link confidence ${d.trigger.linkConfidence}).`, "");
  out.push(
    `- **Approval:** ${d.approval.recorded ? `recorded (${inline(d.approval.decision ?? "?")} by ${inline(d.approval.approver ?? d.approval.source ?? "?")})` : "none recorded"}; mode ${inline(d.approval.mode ?? "unknown")}.`,
    `- **Privilege:** ${inline(d.privilege.principalArn ?? "unknown principal", 300)}${d.privilege.inheritedHumanSession ? `, an inherited human session of ${inline(d.privilege.human ?? "a person")}` : ""}${d.privilege.adminRole ? " (administrator role)" : ""}.`,
  );

  section("Contributing factors");
  const factors = input.annotations.filter((a) => !a.deleted && a.kind === "marker" && a.marker === "contributing_factor");
  for (const f of d.findings) out.push(`- ${inline(f.title, 300)}${f.eventIds[0] ? ` — ${ev("evidence", f.eventIds[0])}` : ""}`);
  for (const f of factors)
    out.push(`- ${inline(f.body || "Marked contributing factor", 300)}${f.eventId ? ` — ${ev("evidence", f.eventId)}` : ""}`);
  if (!d.findings.length && !factors.length) out.push("_None found in the data yet._");

  section("What went well");
  out.push(d.blockedAttempts.length ? `- A guardrail held for ${d.blockedAttempts.length} destructive call(s).` : "- _to write_");
  section("What went badly");
  out.push(d.approval.recorded ? "- _to write_" : "- No approval stood between the agent and a destructive call.");
  section("Action items");
  out.push("_Tracked below the document (owner, due date, priority, status)._");
  section("Lessons learned");
  out.push("- _to write_");

  return { title: `Post-mortem: ${d.title}`, body: `${out.join("\n").trim()}\n` };
}
