import "server-only";
import type { Store } from "@/lib/db";
import type { Env } from "./env";
import { type CreatedUser, createFirstAdmin } from "./mutations";

/**
 * Headless first run: AFTERMATH_ADMIN_EMAIL + AFTERMATH_ADMIN_PASSWORD create the admin when the store has no user
 * (never touches an existing one). Run by `aftermath setup` and when the server's accounts open.
 */
export async function ensureEnvAdmin(store: Store, env: Env = process.env): Promise<CreatedUser | null> {
  const email = env.AFTERMATH_ADMIN_EMAIL?.trim();
  const password = env.AFTERMATH_ADMIN_PASSWORD;
  if (!email && !password) return null;
  if (!email || !password) throw new Error("Set both AFTERMATH_ADMIN_EMAIL and AFTERMATH_ADMIN_PASSWORD (or neither).");
  return createFirstAdmin(
    store,
    { email, password, name: env.AFTERMATH_ADMIN_NAME?.trim() || undefined },
    { kind: "system", name: "env-admin" },
  );
}
