import { z } from "zod";
import { TOKEN_SCOPES } from "@/lib/auth/permissions";
import { parseExpiry } from "./expiry";
import { TOKEN_KINDS } from "./scope";

/** The body of POST /api/tokens (pure; the settings page sends it). */
export const CreateTokenBody = z.object({
  name: z.string().trim().min(1, "name it").max(100),
  scope: z.enum(TOKEN_SCOPES),
  kind: z.enum(TOKEN_KINDS).default("personal"),
  /** 7d | 30d | 90d | never | a future date (ISO) */
  expires: z
    .string()
    .max(40)
    .default("never")
    .transform((s, ctx) => {
      try {
        return parseExpiry(s);
      } catch (e) {
        ctx.addIssue({ code: "custom", message: (e as Error).message });
        return z.NEVER;
      }
    }),
  /** a personal token for someone else (admins): their email */
  ownerEmail: z.email().max(320).optional(),
});
export type CreateTokenBody = z.output<typeof CreateTokenBody>;

/** What POST /api/tokens answers: the token itself, this once. */
export const CreatedTokenResponse = z.object({ id: z.string(), name: z.string(), scope: z.enum(TOKEN_SCOPES), token: z.string() });
