import { getStore } from "@/lib/db";
import { route } from "@/lib/http/route";
import { IncidentParams } from "@/lib/postmortems/api-params";
import { RequestReviewInput } from "@/lib/postmortems/model";
import { requestReview } from "@/lib/postmortems/mutations";

/** POST {reviewers: [user id or email…]} → in review. */
export const POST = route(
  { permission: "postmortems:write", params: IncidentParams, body: RequestReviewInput },
  async ({ actor, params, body, meta }) => requestReview(await getStore(), actor, params.id, body.reviewers, meta),
);
