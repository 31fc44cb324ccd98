import { getStore } from "@/lib/db";
import { route } from "@/lib/http/route";
import { IncidentParams } from "@/lib/postmortems/api-params";
import { ActionItemInput } from "@/lib/postmortems/model";
import { createActionItem } from "@/lib/postmortems/mutations";
import { listActionItems } from "@/lib/postmortems/queries";

export const GET = route({ permission: "data:read", params: IncidentParams }, async ({ params }) => ({
  actionItems: await listActionItems(await getStore(), { incidentId: params.id }),
}));

/** POST {title, owner?, dueDate? (YYYY-MM-DD), priority?, status?, safeguardKey?} → 201 {id}. */
export const POST = route(
  { permission: "postmortems:write", params: IncidentParams, body: ActionItemInput, status: 201 },
  async ({ actor, params, body, meta }) => ({ id: await createActionItem(await getStore(), actor, params.id, body, meta) }),
);
