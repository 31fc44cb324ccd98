import { z } from "zod";
import { readStore } from "@/lib/db/read";
import { notFound } from "@/lib/errors";
import { EventIdParam } from "@/lib/events/detail-schema";
import { getEvent } from "@/lib/events/queries";
import { route } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/events/:eventId → { event } (normalized fields + original record), or the error envelope. */
export const GET = route({ permission: "data:read", params: z.object({ eventId: EventIdParam }) }, async ({ actor, params }) => {
  const event = await getEvent(await readStore(actor), params.eventId);
  if (!event) throw notFound("No event with this id.");
  return { event };
});
