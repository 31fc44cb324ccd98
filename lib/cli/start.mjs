#!/usr/bin/env node
// `npm start`: migrate and load the demo into an empty store, build the app only when its sources changed since the
// last build, then serve. A restart with unchanged sources skips `next build` (the slow part) entirely.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** What `next build` reads: the app's sources and the files that configure or pin its toolchain. */
export const BUILD_INPUTS = [
  "app",
  "components",
  "lib",
  "public",
  "prisma",
  "next.config.ts",
  "tsconfig.json",
  "package.json",
  "package-lock.json",
  "postcss.config.mjs",
];
/** Never inputs: generated (lib/generated comes from prisma/ and package-lock.json), data, caches. */
const SKIP = new Set(["node_modules", ".next", ".data", "generated", ".git"]);
/** Where the hash of the last successful build is kept (inside .next, so deleting .next forces a build). */
export const HASH_FILE = path.join(".next", "aftermath-build-inputs.sha256");

function* filesUnder(root, rel) {
  const abs = path.join(root, rel);
  if (!existsSync(abs)) return;
  let entries;
  try {
    entries = readdirSync(abs, { withFileTypes: true });
  } catch {
    yield rel; // a file
    return;
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (SKIP.has(e.name) || e.name.endsWith(".tsbuildinfo")) continue;
    const child = path.join(rel, e.name);
    if (e.isDirectory()) yield* filesUnder(root, child);
    else if (e.isFile()) yield child;
  }
}

/**
 * A content hash of everything a build depends on: each input file's path and bytes, the Node and Next versions'
 * inputs (package-lock.json) and the NEXT_PUBLIC_* variables that `next build` inlines.
 * @param {string} root
 * @param {Record<string, string | undefined>} env
 */
export function buildInputsHash(root, env = process.env) {
  const h = createHash("sha256");
  h.update(`node ${process.version}\n`);
  for (const [k, v] of Object.entries(env).sort(([a], [b]) => (a < b ? -1 : 1)))
    if (k.startsWith("NEXT_PUBLIC_")) h.update(`env ${k}=${v}\n`);
  for (const input of BUILD_INPUTS)
    for (const file of filesUnder(root, input)) {
      h.update(`file ${file.split(path.sep).join("/")}\n`);
      h.update(readFileSync(path.join(root, file)));
    }
  return h.digest("hex");
}

/** Where `npm start` notes the store it set up (with the demo) and the migrations it applied. */
export const SETUP_FILE = path.join(".data", "aftermath-setup.json");

function migrationsHash(root) {
  const h = createHash("sha256");
  for (const file of filesUnder(root, path.join("prisma", "migrations"))) h.update(file).update(readFileSync(path.join(root, file)));
  return h.digest("hex");
}

/** The PGlite data directory DATABASE_URL names (as lib/db/config.ts reads it); null for PostgreSQL or in memory. */
function pgliteDir(root, url) {
  const v = url?.trim();
  if (!v) return path.join(root, ".data", "pglite");
  if (!v.startsWith("pglite:") || v === "pglite:memory" || v === "pglite://memory") return null;
  return path.resolve(root, v.slice("pglite:".length).replace(/^\/\/(?=\/)/, ""));
}

/**
 * Whether `setup --demo` already ran against this store with these migrations, so a restart can skip it (the server
 * applies pending migrations itself when it opens the store). An in-memory store, or a PGlite directory that is gone,
 * is set up again.
 * @param {string} root
 * @param {Record<string, string | undefined>} env
 */
export function setupIsCurrent(root, env = process.env) {
  const url = env.DATABASE_URL?.trim() ?? "";
  if (url === "pglite:memory" || url === "pglite://memory") return false;
  const dir = pgliteDir(root, url);
  if (dir && !existsSync(path.join(dir, "PG_VERSION"))) return false;
  try {
    const mark = JSON.parse(readFileSync(path.join(root, SETUP_FILE), "utf8"));
    return mark.databaseUrl === url && mark.migrations === migrationsHash(root);
  } catch {
    return false;
  }
}

/** @param {string} root @param {Record<string, string | undefined>} env */
function noteSetup(root, env = process.env) {
  mkdirSync(path.join(root, ".data"), { recursive: true });
  const mark = { databaseUrl: env.DATABASE_URL?.trim() ?? "", migrations: migrationsHash(root) };
  writeFileSync(path.join(root, SETUP_FILE), `${JSON.stringify(mark)}\n`);
}

/** Whether the build in .next was made from exactly these inputs. */
export function buildIsCurrent(root, hash) {
  const file = path.join(root, HASH_FILE);
  return existsSync(path.join(root, ".next", "BUILD_ID")) && existsSync(file) && readFileSync(file, "utf8").trim() === hash;
}

let current = null;
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"])
  process.on(sig, () => {
    if (current)
      current.kill(sig); // the child exits, then so does this process
    else process.exit(1);
  });

function run(cmd, args, root) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: root, stdio: "inherit" });
    current = child;
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      current = null;
      resolve(signal ? 1 : (code ?? 1));
    });
  });
}

async function main() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
  const node = process.execPath;
  const next = path.join(root, "node_modules", "next", "dist", "bin", "next");
  if (setupIsCurrent(root)) process.stdout.write("store already set up (npx aftermath setup --demo to check again)\n");
  else {
    const setup = await run(node, [path.join(root, "lib/cli/bin.mjs"), "setup", "--demo"], root);
    if (setup !== 0) return setup;
    noteSetup(root);
  }
  const hash = buildInputsHash(root);
  if (buildIsCurrent(root, hash)) process.stdout.write("sources unchanged since the last build: skipping next build\n");
  else {
    const built = await run(node, [next, "build"], root);
    if (built !== 0) return built;
    writeFileSync(path.join(root, HASH_FILE), `${hash}\n`);
  }
  return run(node, [next, "start", "-p", process.env.PORT || "3000"], root);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = await main();
