import { getStore } from "@/lib/db";
import { EventIdParam } from "@/lib/events/detail-schema";
import { getEvent } from "@/lib/events/queries";
import { HttpError, withErrors } from "@/lib/http/errors";

/** GET /api/events/:eventId → { event } (normalized fields + original record), or the error envelope. */
export const GET = withErrors(async (_request: Request, ctx: { params: Promise<{ eventId: string }> }) => {
  const { eventId } = await ctx.params;
  const id = EventIdParam.safeParse(eventId);
  if (!id.success) throw new HttpError(400, "invalid_parameter", "The event id is not valid.");
  const event = await getEvent(await getStore(), id.data);
  if (!event) throw new HttpError(404, "not_found", "No event with this id.");
  return Response.json({ event }, { headers: { "cache-control": "no-store" } });
});
