import path from "node:path";
import { z } from "zod";

/** Which store DATABASE_URL selects. Only lib/db reads this. */
export type DbConfig = { kind: "pglite"; dataDir: string | null /* null = in memory */ } | { kind: "postgres"; url: string };

export function parseDatabaseUrl(url: string | undefined, cwd = process.cwd()): DbConfig {
  const value = url?.trim();
  if (!value) return { kind: "pglite", dataDir: path.resolve(cwd, ".data/pglite") };
  if (value.startsWith("postgresql://") || value.startsWith("postgres://")) return { kind: "postgres", url: value };
  if (value === "pglite:memory" || value === "pglite://memory") return { kind: "pglite", dataDir: null };
  if (value.startsWith("pglite:")) {
    const dir = value.slice("pglite:".length).replace(/^\/\/(?=\/)/, "");
    if (!dir) throw new Error("DATABASE_URL pglite:<dir> needs a directory");
    return { kind: "pglite", dataDir: path.resolve(cwd, dir) };
  }
  throw new Error(`DATABASE_URL must be postgresql://…, pglite:<dir> or pglite:memory (got a value starting "${value.slice(0, 12)}")`);
}

/** A description safe to print (no password). */
export function describeDbConfig(config: DbConfig): string {
  if (config.kind === "pglite") return config.dataDir ? `PGlite (${config.dataDir})` : "PGlite (in memory)";
  try {
    const u = new URL(config.url);
    return `PostgreSQL (${u.hostname}:${u.port || 5432}${u.pathname})`;
  } catch {
    return "PostgreSQL";
  }
}

const ReplicaUrls = z
  .string()
  .transform((s) =>
    s
      .split(",")
      .map((u) => u.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(
        z.string().refine((u) => /^postgres(ql)?:\/\/[^/]/.test(u) && URL.canParse(u), {
          message: "each replica must be a postgresql://user@host:port/db URL",
        }),
      )
      .max(16, { message: "at most 16 replicas" }),
  );

/**
 * DATABASE_REPLICA_URLS: comma-separated postgresql:// URLs of streaming replicas of the primary DATABASE_URL
 * names. Empty or unset → no replicas. Replicas of an embedded PGlite store do not exist: that is refused.
 */
export function parseReplicaUrls(value: string | undefined, primary: DbConfig): string[] {
  const parsed = ReplicaUrls.safeParse(value ?? "");
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = typeof issue?.path[0] === "number" ? ` (entry ${issue.path[0] + 1})` : "";
    throw new Error(`DATABASE_REPLICA_URLS${at}: ${issue?.message ?? "invalid"}`);
  }
  if (parsed.data.length > 0 && primary.kind !== "postgres") {
    throw new Error(
      "DATABASE_REPLICA_URLS needs a PostgreSQL primary: DATABASE_URL is an embedded PGlite store, which has no streaming replicas. Set DATABASE_URL=postgresql://… or unset DATABASE_REPLICA_URLS.",
    );
  }
  return parsed.data;
}
