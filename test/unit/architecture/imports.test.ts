import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkImportRules, importsOf, resolveImport, type SourceFiles } from "./import-rules";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const SKIP = new Set(["node_modules", ".next", ".data", "generated", "bench-data", ".git"]);

function sourceTree(): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (rel: string) => {
    for (const e of readdirSync(path.join(ROOT, rel), { withFileTypes: true })) {
      if (SKIP.has(e.name)) continue;
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(child);
      else if (/\.(?:tsx?|mjs)$/.test(e.name)) files.set(child, readFileSync(path.join(ROOT, child), "utf8"));
    }
  };
  for (const top of ["app", "components", "lib", "test"]) walk(top);
  return files;
}

describe("import rules on the source tree", () => {
  const tree = sourceTree();

  it("reads the whole tree", () => {
    expect(tree.size).toBeGreaterThan(200);
    expect([...tree.keys()].some((f) => f.startsWith("app/"))).toBe(true);
    expect([...tree.keys()].some((f) => f.startsWith("test/bench/"))).toBe(true);
  });

  it("has no violations", () => {
    expect(checkImportRules(tree)).toEqual([]);
  });
});

describe("import rules on synthetic files (each rule can fail)", () => {
  const ok: Record<string, string> = {
    "lib/db/index.ts": 'import "server-only";\nexport const getStore = () => null;\n',
    "lib/widgets/queries.ts": 'import "server-only";\nimport { getStore } from "@/lib/db";\nexport const list = () => getStore();\n',
    "lib/widgets/format.ts": "export const label = (s: string) => s.trim();\n",
    "components/widgets/list.tsx": '"use client";\nimport { label } from "@/lib/widgets/format";\nexport const L = () => label(" x ");\n',
    "app/widgets/page.tsx": 'import { list } from "@/lib/widgets/queries";\nexport default function P() { return list(); }\n',
    "test/bench/run.ts": 'import { list } from "@/lib/widgets/queries";\nexport const bench = () => list();\n',
  };
  const check = (extra: Record<string, string>) => checkImportRules(new Map(Object.entries({ ...ok, ...extra })) as SourceFiles);

  it("accepts a tree that follows the rules", () => {
    expect(check({})).toEqual([]);
  });

  it("fails when lib/ imports app/ or components/", () => {
    const v = check({ "lib/widgets/format.ts": 'import { L } from "@/components/widgets/list";\nexport const x = L;\n' });
    expect(v).toEqual([{ file: "lib/widgets/format.ts", rule: "lib imports app/components", detail: "@/components/widgets/list" }]);
    expect(check({ "lib/widgets/more.ts": 'export { default } from "../../app/widgets/page";\n' })[0]?.rule).toBe(
      "lib imports app/components",
    );
  });

  it("fails when app/, components/ or lib/ import the bench or other test code", () => {
    const v = check({ "app/widgets/page.tsx": 'import { bench } from "@/test/bench/run";\nexport default bench;\n' });
    expect(v.map((x) => x.rule)).toEqual(["product imports test/ (bench, test helpers)"]);
  });

  it("fails when a client component imports a database module directly", () => {
    for (const spec of ["@/lib/widgets/queries", "@/lib/db", "server-only", "@/lib/widgets/mutations", "@/lib/generated/prisma/client"]) {
      const v = check({
        "lib/widgets/mutations.ts": 'import "server-only";\nexport const add = () => 1;\n',
        "components/widgets/list.tsx": `"use client";\nimport { x } from "${spec}";\nexport const L = () => x;\n`,
      });
      expect(v, spec).toEqual([{ file: "components/widgets/list.tsx", rule: "client component imports a database module", detail: spec }]);
    }
    // a module marked server-only counts whatever its name
    const marked = check({
      "lib/widgets/loader.ts": 'import "server-only";\nexport const load = 1;\n',
      "components/widgets/list.tsx": '"use client";\nimport { load } from "../../lib/widgets/loader";\nexport const L = load;\n',
    });
    expect(marked.map((x) => x.rule)).toEqual(["client component imports a database module"]);
    // the same import from a server component is fine
    expect(check({ "components/widgets/list.tsx": 'import { list } from "@/lib/widgets/queries";\nexport const L = list;\n' })).toEqual([]);
  });

  it('fails when a queries/mutations module, or another lib module using the database, lacks import "server-only"', () => {
    expect(check({ "lib/widgets/queries.ts": "export const list = () => [];\n" })).toEqual([
      { file: "lib/widgets/queries.ts", rule: 'queries/mutations module without import "server-only"', detail: "first line" },
    ]);
    expect(check({ "lib/widgets/story-queries.ts": "export const s = 1;\n" })[0]?.rule).toBe(
      'queries/mutations module without import "server-only"',
    );
    expect(check({ "lib/widgets/rebuild.ts": "export const r = (store: S) => store.prisma.widget.count();\n" })[0]?.rule).toBe(
      'database module without import "server-only"',
    );
    expect(check({ "lib/widgets/open.ts": 'import { getStore } from "@/lib/db";\nexport const o = getStore;\n' })[0]?.rule).toBe(
      'database module without import "server-only"',
    );
    // a type-only import of the store is not a use of the database
    expect(check({ "lib/widgets/types.ts": 'import type { Store } from "@/lib/db";\nexport type W = Store;\n' })).toEqual([]);
  });
});

describe("import parsing", () => {
  it("finds static, re-export, side-effect and dynamic imports, and skips commented ones", () => {
    const src = [
      'import "server-only";',
      'import type { A } from "./a";',
      "import {\n  b,\n  c,\n} from '../b';",
      'export * from "./c";',
      'const d = await import("./d");',
      '// import { e } from "./e";',
      '/* import { f } from "./f"; */',
    ].join("\n");
    expect(importsOf(src)).toEqual([
      { specifier: "server-only", typeOnly: false },
      { specifier: "./a", typeOnly: true },
      { specifier: "../b", typeOnly: false },
      { specifier: "./c", typeOnly: false },
      { specifier: "./d", typeOnly: false },
    ]);
  });

  it("resolves @/ and relative specifiers to files of the set", () => {
    const files = new Map([
      ["lib/x/index.ts", ""],
      ["lib/y.ts", ""],
    ]);
    expect(resolveImport("lib/z/a.ts", "@/lib/x", files)).toBe("lib/x/index.ts");
    expect(resolveImport("lib/z/a.ts", "../y", files)).toBe("lib/y.ts");
    expect(resolveImport("lib/z/a.ts", "zod", files)).toBe("zod");
  });
});
