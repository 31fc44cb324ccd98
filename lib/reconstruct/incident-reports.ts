import "server-only";
import type { Store } from "@/lib/db";
import { IncidentDetail, IncidentReport, toIncidentReport } from "@/lib/incidents/report-schema";

/** Every incident as the stable CLI/API contract (validated against its zod schema), oldest first. */
export async function listIncidentReports(store: Store): Promise<IncidentReport[]> {
  const rows = await store.prisma.incident.findMany({ orderBy: [{ startedAt: "asc" }, { id: "asc" }] });
  return rows.map((r) => IncidentReport.parse(toIncidentReport(IncidentDetail.parse(r.detail), r.id, r)));
}

function duration(min: number | null): string {
  if (min === null) return "open";
  const h = Math.floor(min / 60);
  const m = Math.round(min % 60);
  return h ? `${h} h ${m} min` : `${m} min`;
}

export function formatIncidentTable(reports: IncidentReport[]): string {
  if (!reports.length) return "no incidents";
  return reports
    .map((r) =>
      [
        `${r.reproduced ? "" : "[NOT REPRODUCED] "}${r.status.toUpperCase().padEnd(8)} ${r.startedAt}  ${duration(r.durationMinutes).padEnd(12)} ${r.title}`,
        `         trigger ${r.trigger.eventName} by ${r.trigger.principalArn ?? "?"}  (${r.trigger.eventId})`,
        `         agent ${r.agent.kind} session ${r.agent.sessionId}${r.agent.command ? `: ${r.agent.command.slice(0, 120)}` : ""}`,
        `         approval ${r.approval.recorded ? "recorded" : "NOT recorded"} (mode ${r.approval.mode ?? "unknown"}); human behind the principal: ${r.privilege.human ?? "unknown"}${r.privilege.inheritedHumanSession ? " (inherited human session)" : ""}`,
      ].join("\n"),
    )
    .join("\n\n");
}
