import { z } from "zod";

/** A non-negative offset from a URL parameter; anything invalid → 0. */
export const OffsetParam = z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.coerce.number().int().min(0).max(10_000_000)).catch(0);
