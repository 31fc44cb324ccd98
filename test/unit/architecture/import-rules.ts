/**
 * The layering rules the README's "Where code goes" states, as a check over source text (no TypeScript program, so it
 * runs in milliseconds and on any file set, real or synthetic):
 * - lib/ never imports app/ or components/ (the domain knows nothing of pages, routes or UI);
 * - app/, components/ and lib/ never import test/ (the bench and test helpers are tooling, not product);
 * - a client component ("use client") never imports a database module directly: the `server-only` package,
 *   lib/db, the generated Prisma client, a queries/mutations module, or any module marked `import "server-only"`;
 * - every lib/ queries/mutations module, and every other lib/ module that touches the database, starts with
 *   `import "server-only";`.
 */

export type SourceFiles = ReadonlyMap<string, string>;
export type Violation = { file: string; rule: string; detail: string };

const EXTENSIONS = ["", ".ts", ".tsx", ".mjs", ".js", "/index.ts", "/index.tsx"];
const IMPORT_RE = /(?:^|[\s;}])(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

export type ImportRef = { specifier: string; typeOnly: boolean };

/** Import/export-from specifiers of a module (comments stripped first, so commented-out imports do not count). */
export function importsOf(source: string): ImportRef[] {
  const text = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const out: ImportRef[] = [];
  for (const m of text.matchAll(IMPORT_RE)) {
    const specifier = m[2] ?? m[3];
    if (specifier) out.push({ specifier, typeOnly: Boolean(m[1]) });
  }
  return out;
}

/** The file an import points at inside the set (`@/` is the project root), or the bare specifier for a package. */
export function resolveImport(from: string, specifier: string, files: SourceFiles): string {
  let base: string;
  if (specifier.startsWith("@/")) base = specifier.slice(2);
  else if (specifier.startsWith("./") || specifier.startsWith("../")) {
    const parts = from.split("/").slice(0, -1);
    for (const seg of specifier.split("/")) {
      if (seg === "..") parts.pop();
      else if (seg !== ".") parts.push(seg);
    }
    base = parts.join("/");
  } else return specifier;
  for (const ext of EXTENSIONS) if (files.has(base + ext)) return base + ext;
  return base;
}

export const isServerOnly = (source: string) => /^\s*(?:\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*import\s+["']server-only["'];?/.test(source);
const isClient = (source: string) => /^\s*(?:\/\/[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*["']use client["']/.test(source);
/** Named as a database layer: lib/<domain>/queries.ts, mutations.ts, or <topic>-queries.ts / <topic>-mutations.ts. */
export const isLayerFile = (file: string) => /^lib\/.+\/(?:[\w-]+-)?(?:queries|mutations)\.tsx?$/.test(file);
/** Uses the database: the Prisma client or a raw session, or a value import of lib/db or the generated client. */
function touchesDatabase(file: string, source: string, files: SourceFiles): boolean {
  if (/\.prisma\.|\$queryRaw|\$executeRaw|\$transaction\(|\bstore\.session\(/.test(source)) return true;
  return importsOf(source).some(
    (i) => !i.typeOnly && /^lib\/(?:db(?:\/|\.ts|$)|generated\/prisma)/.test(resolveImport(file, i.specifier, files)),
  );
}

function isDatabaseModule(target: string, files: SourceFiles): boolean {
  if (target === "server-only") return true;
  if (/^lib\/(?:db|generated\/prisma)(?:\/|\.|$)/.test(target) || isLayerFile(target)) return true;
  const source = files.get(target);
  return source !== undefined && isServerOnly(source);
}

export function checkImportRules(files: SourceFiles): Violation[] {
  const out: Violation[] = [];
  for (const [file, source] of files) {
    if (!/\.(?:tsx?|mjs)$/.test(file) || file.startsWith("lib/generated/")) continue;
    const product = /^(?:app|components|lib)\//.test(file);
    const client = isClient(source);
    for (const { specifier } of importsOf(source)) {
      const target = resolveImport(file, specifier, files);
      if (file.startsWith("lib/") && /^(?:app|components)\//.test(target))
        out.push({ file, rule: "lib imports app/components", detail: specifier });
      if (product && target.startsWith("test/")) out.push({ file, rule: "product imports test/ (bench, test helpers)", detail: specifier });
      if (client && isDatabaseModule(target, files))
        out.push({ file, rule: "client component imports a database module", detail: specifier });
    }
    if (file.startsWith("lib/") && /\.tsx?$/.test(file) && !isServerOnly(source)) {
      if (isLayerFile(file)) out.push({ file, rule: 'queries/mutations module without import "server-only"', detail: "first line" });
      else if (touchesDatabase(file, source, files))
        out.push({ file, rule: 'database module without import "server-only"', detail: "first line" });
    }
  }
  return out;
}
