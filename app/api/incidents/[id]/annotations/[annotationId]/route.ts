import { z } from "zod";
import { isUuid, UpdateAnnotationInput } from "@/lib/annotations/model";
import { deleteAnnotation, updateAnnotation } from "@/lib/annotations/mutations";
import { getStore } from "@/lib/db";
import { route } from "@/lib/http/route";

const Params = z.object({
  id: z.string().refine(isUuid, "not an incident id"),
  annotationId: z.string().refine(isUuid, "not an annotation id"),
});

/** PATCH /api/incidents/:id/annotations/:annotationId {body?, marker?, tag?} — the author only. */
export const PATCH = route(
  { permission: "annotations:write", params: Params, body: UpdateAnnotationInput, maxBodyBytes: 64 * 1024 },
  async ({ actor, params, body, meta }) => updateAnnotation(await getStore(), actor, params.id, params.annotationId, body, meta),
);

/** DELETE /api/incidents/:id/annotations/:annotationId — the author only (soft delete: replies keep their thread). */
export const DELETE = route({ permission: "annotations:write", params: Params }, async ({ actor, params, meta }) => {
  await deleteAnnotation(await getStore(), actor, params.id, params.annotationId, meta);
  return { ok: true };
});
