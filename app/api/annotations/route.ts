import { z } from "zod";
import { eventAnnotationContext } from "@/lib/annotations/queries";
import { getStore } from "@/lib/db";
import { route } from "@/lib/http/route";

/** GET /api/annotations?eventId=<CloudTrail eventID> → annotations on that event and the incidents it can be annotated in. */
export const GET = route(
  {
    permission: "data:read",
    query: z.object({
      eventId: z
        .string()
        .trim()
        .min(1)
        .max(256)
        .regex(/^[\x21-\x7e]+$/, "not an event id"),
    }),
  },
  async ({ query }) => eventAnnotationContext(await getStore(), query.eventId),
);
