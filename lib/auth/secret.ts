import "server-only";
import { randomBytes } from "node:crypto";
import type { Store } from "@/lib/db";
import type { Env } from "./env";

/**
 * The secret that signs session cookies: AFTERMATH_SECRET (or BETTER_AUTH_SECRET) when set, else one generated on
 * first use and kept in the store (app_secret), so every server process on the same store agrees and restarts
 * keep sessions valid. Whoever can read the store is its admin anyway.
 */
export async function authSecret(store: Store, env: Env = process.env): Promise<string> {
  const configured = env.AFTERMATH_SECRET || env.BETTER_AUTH_SECRET;
  if (configured) {
    if (configured.length < 32) throw new Error("AFTERMATH_SECRET must be at least 32 characters (try `openssl rand -base64 32`).");
    return configured;
  }
  await store.prisma.appSecret.createMany({
    data: [{ name: "session", value: randomBytes(32).toString("base64url") }],
    skipDuplicates: true,
  });
  const row = await store.prisma.appSecret.findUniqueOrThrow({ where: { name: "session" } });
  return row.value;
}
