import { getStore } from "@/lib/db";
import { route } from "@/lib/http/route";
import { IncidentParams } from "@/lib/postmortems/api-params";
import { ReviewInput } from "@/lib/postmortems/model";
import { submitReview } from "@/lib/postmortems/mutations";

/**
 * POST {decision: comment|approved|changes_requested, body} → a review. Approving needs postmortems:review, a named
 * reviewer and someone other than the author (403 `forbidden`, details.reason `author_cannot_approve`).
 */
export const POST = route(
  { permission: "annotations:write", params: IncidentParams, body: ReviewInput },
  async ({ actor, params, body, meta }) => submitReview(await getStore(), actor, params.id, body, meta),
);
