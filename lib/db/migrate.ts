import "server-only";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { MigrationList, SchemaEngine as SchemaEngineType } from "@prisma/schema-engine-wasm";

/**
 * Migrations through Prisma's wasm schema engine (no native engine download). prisma/migrations stays in
 * Prisma's own format, so `prisma migrate deploy` works wherever the native engine exists.
 */

const ROOT = process.cwd();
export const SCHEMA_PATH = path.join(ROOT, "prisma/schema.prisma");
export const MIGRATIONS_DIR = path.join(ROOT, "prisma/migrations");

type Glue = typeof import("@prisma/schema-engine-wasm/schema_engine_bg") & {
  __wbg_set_wasm(w: unknown): void;
  SchemaEngine: typeof SchemaEngineType;
};

let gluePromise: Promise<Glue> | null = null;

/** Instantiates the wasm by hand so Node 20 needs no --experimental-wasm-modules flag. */
function loadEngine(): Promise<Glue> {
  gluePromise ??= (async () => {
    const glue = (await import("@prisma/schema-engine-wasm/schema_engine_bg")) as unknown as Glue;
    const entry = createRequire(import.meta.url).resolve(/* turbopackIgnore: true */ "@prisma/schema-engine-wasm");
    const bytes = readFileSync(path.join(path.dirname(entry), "schema_engine_bg.wasm"));
    const { instance } = await WebAssembly.instantiate(bytes, { "./schema_engine_bg.js": glue as unknown as WebAssembly.ModuleImports });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return gluePromise;
}

function migrationsList(upTo?: string): MigrationList {
  const dirs = existsSync(MIGRATIONS_DIR)
    ? readdirSync(MIGRATIONS_DIR)
        .filter((d) => statSync(path.join(MIGRATIONS_DIR, d)).isDirectory() && (upTo === undefined || d <= upTo))
        .sort()
    : [];
  const lockPath = path.join(MIGRATIONS_DIR, "migration_lock.toml");
  return {
    baseDir: MIGRATIONS_DIR,
    lockfile: { path: "migration_lock.toml", content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: dirs.map((d) => {
      const file = path.join(MIGRATIONS_DIR, d, "migration.sql");
      return {
        path: d,
        migrationFile: {
          path: "migration.sql",
          content: existsSync(file) ? { tag: "ok", value: readFileSync(file, "utf8") } : { tag: "error", value: "migration.sql missing" },
        },
      } as MigrationList["migrationDirectories"][number];
    }),
  };
}

async function withEngine<T>(factory: SqlMigrationAwareDriverAdapterFactory, fn: (engine: SchemaEngineType) => Promise<T>): Promise<T> {
  const glue = await loadEngine();
  const schema = readFileSync(SCHEMA_PATH, "utf8");
  const engine = await glue.SchemaEngine.new(
    { datamodels: [[SCHEMA_PATH, schema]] },
    () => undefined,
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  try {
    return await fn(engine);
  } finally {
    engine.free();
  }
}

const NO_FILTER = { externalTables: [], externalEnums: [] };

/** Applies every migration not yet applied (`upTo`: only those whose directory name sorts ≤ it, for upgrade tests); returns their names. */
export async function applyMigrations(factory: SqlMigrationAwareDriverAdapterFactory, upTo?: string): Promise<string[]> {
  return withEngine(factory, async (engine) => {
    const out = await engine.applyMigrations({ migrationsList: migrationsList(upTo), filters: NO_FILTER });
    return out.appliedMigrationNames;
  });
}

/**
 * The SQL that would take the database `db` to prisma/schema.prisma; "" when nothing differs. (Child partitions of
 * cloudtrail_event must never show up here: test/integration/partitions-schema.test.ts.)
 */
export async function schemaDiff(db: SqlMigrationAwareDriverAdapterFactory): Promise<string> {
  const schema = readFileSync(SCHEMA_PATH, "utf8");
  const files = [{ path: SCHEMA_PATH, content: schema }];
  const script = await withEngine(db, async (engine) => {
    const out = await engine.diff({
      from: { tag: "schemaDatasource", files, configDir: path.dirname(SCHEMA_PATH) },
      to: { tag: "schemaDatamodel", files },
      script: true,
      exitCode: null,
      filters: NO_FILTER,
    });
    return out.stdout ?? "";
  });
  return !script.trim() || /^-- This is an empty migration\.?\s*$/.test(script.trim()) ? "" : script;
}

/**
 * Writes a new migration for the difference between prisma/schema.prisma and what the migrations so far
 * produce. The wasm engine cannot create a PostgreSQL shadow database itself, so the caller passes a scratch
 * database (a fresh in-memory PGlite): the migrations are applied there, and the engine diffs that database
 * (`schemaDatasource`) against the schema. Returns the new directory name, or null when nothing changed.
 */
export async function createMigration(
  scratch: SqlMigrationAwareDriverAdapterFactory,
  name: string,
  now = new Date(),
): Promise<string | null> {
  await applyMigrations(scratch);
  const script = await schemaDiff(scratch);
  if (!script) return null;
  const stamp = now.toISOString().replace(/\D/g, "").slice(0, 14);
  const dirName = `${stamp}_${name.replace(/[^a-zA-Z0-9_]+/g, "_")}`;
  mkdirSync(path.join(MIGRATIONS_DIR, dirName), { recursive: true });
  writeFileSync(path.join(MIGRATIONS_DIR, dirName, "migration.sql"), script);
  return dirName;
}
