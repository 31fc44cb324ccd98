import { getStore } from "@/lib/db";
import { route } from "@/lib/http/route";
import { ItemParams } from "@/lib/postmortems/api-params";
import { ActionItemPatch } from "@/lib/postmortems/model";
import { updateActionItem } from "@/lib/postmortems/mutations";

/** PATCH {title?, owner?, dueDate?, priority?, status?, safeguardKey?}. */
export const PATCH = route(
  { permission: "postmortems:write", params: ItemParams, body: ActionItemPatch },
  async ({ actor, params, body, meta }) => {
    await updateActionItem(await getStore(), actor, params.id, params.itemId, body, meta);
    return { ok: true };
  },
);
