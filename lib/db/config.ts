import path from "node:path";

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
