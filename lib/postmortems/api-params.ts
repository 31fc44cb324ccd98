import { z } from "zod";
import { isUuid } from "@/lib/annotations/model";

/** Route params and queries of the post-mortem API (pure). */
export const IncidentParams = z.object({ id: z.string().refine(isUuid, "not an incident id") });
export const RevisionParams = IncidentParams.extend({ number: z.coerce.number().int().positive() });
export const ItemParams = IncidentParams.extend({ itemId: z.string().refine(isUuid, "not an action item id") });
export const DiffQuery = z.object({ a: z.coerce.number().int().positive(), b: z.coerce.number().int().positive() });
