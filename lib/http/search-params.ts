import { z } from "zod";

/** Search params as Next.js hands them to a page, or as a URLSearchParams. */
export type SearchParamsInput = URLSearchParams | Record<string, string | string[] | undefined>;

/** Every value of one parameter. */
export function paramValues(sp: SearchParamsInput, key: string): string[] {
  if (sp instanceof URLSearchParams) return sp.getAll(key);
  const v = sp[key];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** A non-negative offset from a URL parameter; anything invalid → 0. */
export const OffsetParam = z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.coerce.number().int().min(0).max(10_000_000)).catch(0);

/** Free text from a URL: trimmed, at most `max` characters, no control characters; empty → absent. */
export const UrlText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s))
    .transform((s) => (s === "" ? undefined : s));

/**
 * A list page's URL state: each parameter named in `fields` is validated on its own (first value only); an invalid
 * one is dropped, so a hand-edited URL still shows a sane page.
 */
export function parseFieldParams<S extends object>(sp: SearchParamsInput, fields: Record<string, z.ZodType>, defaults: S): S {
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [key, schema] of Object.entries(fields)) {
    const raw = paramValues(sp, key)[0];
    if (raw === undefined) continue;
    const r = schema.safeParse(raw);
    if (r.success && r.data !== undefined) out[key] = r.data;
  }
  return out as S;
}
