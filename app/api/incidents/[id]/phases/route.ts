import { getStore } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { IncidentIdParams, PhaseResetQuery } from "@/lib/incidents/api-params";
import { resetPhaseEdit, upsertPhaseEdit } from "@/lib/incidents/mutations";
import { PhaseEditInput } from "@/lib/incidents/phase-edits";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * POST /api/incidents/:id/phases {phase, at, eventId?, note?} → stores the signed-in user's value for that phase
 * (author = the user; audited as phase.edit).
 */
export const POST = route(
  { permission: "incidents:edit", params: IncidentIdParams, body: PhaseEditInput, maxBodyBytes: 16 * 1024 },
  async ({ actor, params, body, meta }) => {
    const ok = await upsertPhaseEdit(await getStore(), params.id, body, { actor, meta });
    if (!ok) throw notFound("No incident with this id.");
    return { ok: true, phase: body.phase, at: new Date(body.at).toISOString() };
  },
);

/** DELETE /api/incidents/:id/phases?phase=… → drops the edit; the derived value shows again (audited as phase.reset). */
export const DELETE = route(
  { permission: "incidents:edit", params: IncidentIdParams, query: PhaseResetQuery },
  async ({ actor, params, query, meta }) => {
    const removed = await resetPhaseEdit(await getStore(), params.id, query.phase, { actor, meta });
    return { ok: true, removed };
  },
);
