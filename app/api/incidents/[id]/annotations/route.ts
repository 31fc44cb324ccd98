import { z } from "zod";
import { CreateAnnotationInput, isUuid } from "@/lib/annotations/model";
import { createAnnotation } from "@/lib/annotations/mutations";
import { listAnnotations } from "@/lib/annotations/queries";
import { getStore } from "@/lib/db";
import { notFound } from "@/lib/errors";
import { route } from "@/lib/http/route";

const Params = z.object({ id: z.string().refine(isUuid, "not an incident id") });

/** GET /api/incidents/:id/annotations → every live annotation of the incident, oldest first. */
export const GET = route({ permission: "data:read", params: Params }, async ({ params }) => {
  const store = await getStore();
  const exists = await store.prisma.incident.findUnique({ where: { id: params.id }, select: { id: true } });
  if (!exists) throw notFound("No incident with this id.");
  return { annotations: await listAnnotations(store, params.id) };
});

/** POST /api/incidents/:id/annotations {kind, body?, marker?, tag?, eventId?, agentSessionRef?, actionKey?, at?, parentId?} → 201. */
export const POST = route(
  { permission: "annotations:write", params: Params, body: CreateAnnotationInput, status: 201, maxBodyBytes: 64 * 1024 },
  async ({ actor, params, body, meta }) => createAnnotation(await getStore(), actor, params.id, body, meta),
);
