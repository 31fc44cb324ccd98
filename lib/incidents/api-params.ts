import { z } from "zod";
import { MAX_CURSOR_LENGTH } from "@/lib/events/cursor";
import { EVENT_LANES } from "@/lib/timeline/types";
import { RangeParams } from "@/lib/timeline/window";
import { PhaseName } from "./report-schema";

/** Query parameters of the incident route handlers (validated before any query runs). */

type Input = URLSearchParams;
const obj = (sp: Input) => Object.fromEntries([...sp.keys()].map((k) => [k, sp.get(k) ?? undefined]));

/** GET /api/incidents/[id]/events?from&to&lane&cursor&limit */
export const IncidentEventsQuery = z.intersection(
  RangeParams,
  z.object({
    lane: z.enum(["all", ...EVENT_LANES]).default("all"),
    cursor: z
      .string()
      .max(MAX_CURSOR_LENGTH)
      .regex(/^[A-Za-z0-9_-]*$/, "malformed cursor")
      .optional(),
    limit: z.coerce.number().int().min(1).max(500).optional(),
    total: z.enum(["1", "0"]).optional(),
  }),
);

/** GET /api/incidents/[id]/timeline?from&to&buckets */
export const IncidentTimelineQuery = z.intersection(
  RangeParams,
  z.object({ buckets: z.coerce.number().int().min(10).max(600).optional() }),
);

/** DELETE /api/incidents/[id]/phases?phase=… */
export const PhaseResetQuery = z.object({ phase: PhaseName });

export function parseQuery<T extends z.ZodType>(schema: T, sp: Input): z.ZodSafeParseResult<z.infer<T>> {
  return schema.safeParse(obj(sp)) as z.ZodSafeParseResult<z.infer<T>>;
}

/** "from: not a time" — the first problem, for the error envelope. */
export function firstIssue(e: z.ZodError): string {
  const i = e.issues[0];
  if (!i) return "invalid parameters";
  return i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message;
}

/** The [id] segment of the incident route handlers (an unknown or malformed id is a 404, checked by the handler). */
export const IncidentIdParams = z.object({ id: z.string().min(1).max(100) });
