import { getStore } from "@/lib/db";
import { HttpError, withErrors } from "@/lib/http/errors";
import { firstIssue, PhaseResetQuery, parseQuery } from "@/lib/incidents/api-params";
import { PhaseEditInput } from "@/lib/incidents/phase-edits";
import { isIncidentId, resetPhaseEdit, upsertPhaseEdit } from "@/lib/incidents/queries";

const MAX_BODY = 16 * 1024;

async function readJson(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/json"))
    throw new HttpError(415, "unsupported_media_type", "Send the edit as application/json.");
  const text = await request.text();
  if (text.length > MAX_BODY) throw new HttpError(413, "payload_too_large", "The edit is too large.");
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, "bad_request", "The body is not valid JSON.");
  }
}

/** POST /api/incidents/:id/phases {phase, at, eventId?, note?, author?} → stores the user's value for that phase. */
export const POST = withErrors(async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  if (!isIncidentId(id)) throw new HttpError(404, "not_found", "No incident with this id.");
  const body = PhaseEditInput.safeParse(await readJson(request));
  if (!body.success) throw new HttpError(400, "invalid_parameter", firstIssue(body.error));
  const ok = await upsertPhaseEdit(await getStore(), id, body.data);
  if (!ok) throw new HttpError(404, "not_found", "No incident with this id.");
  return Response.json(
    { ok: true, phase: body.data.phase, at: new Date(body.data.at).toISOString() },
    { headers: { "cache-control": "no-store" } },
  );
});

/** DELETE /api/incidents/:id/phases?phase=… → drops the edit; the derived value shows again. */
export const DELETE = withErrors(async (request: Request, ctx: { params: Promise<{ id: string }> }) => {
  const { id } = await ctx.params;
  if (!isIncidentId(id)) throw new HttpError(404, "not_found", "No incident with this id.");
  const q = parseQuery(PhaseResetQuery, new URL(request.url).searchParams);
  if (!q.success) throw new HttpError(400, "invalid_parameter", firstIssue(q.error));
  const removed = await resetPhaseEdit(await getStore(), id, q.data.phase);
  return Response.json({ ok: true, removed }, { headers: { "cache-control": "no-store" } });
});
