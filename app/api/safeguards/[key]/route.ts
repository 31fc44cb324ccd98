import { z } from "zod";
import { getStore } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { getSafeguardView } from "@/lib/safeguards/queries";

export const dynamic = "force-dynamic";

/** GET /api/safeguards/:key → the safeguard with its targets, evidence and rollout series. */
export const GET = route(
  { permission: "data:read", params: z.object({ key: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,79}$/) }) },
  async ({ params }) => {
    const v = await getSafeguardView(await getStore(), params.key, Date.now());
    if (!v) throw notFound("No safeguard with this key.");
    return v;
  },
);
