import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildInputsHash, buildIsCurrent, HASH_FILE, SETUP_FILE, setupIsCurrent } from "@/lib/cli/start.mjs";

let root: string;
const put = (rel: string, text: string) => {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
};

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "aftermath-start-"));
  put("app/page.tsx", "export default function P() { return null; }\n");
  put("lib/x/queries.ts", 'import "server-only";\n');
  put("prisma/migrations/1_init/migration.sql", "CREATE TABLE t (id int);\n");
  put("package-lock.json", "{}\n");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe("npm start: build only when the sources changed", () => {
  it("hashes the build inputs and nothing else", () => {
    const h = buildInputsHash(root, {});
    put(".data/pglite/PG_VERSION", "17\n");
    put(".next/cache/x", "cache");
    put("node_modules/p/index.js", "x");
    put("lib/generated/prisma/client.ts", "generated");
    put("test/unit/a.test.ts", "tests are not built");
    expect(buildInputsHash(root, {})).toBe(h);
    put("app/page.tsx", "export default function P() { return 1; }\n");
    const h2 = buildInputsHash(root, {});
    expect(h2).not.toBe(h);
    put("components/new.tsx", "export const N = 1;\n");
    expect(buildInputsHash(root, {})).not.toBe(h2);
    expect(buildInputsHash(root, { NEXT_PUBLIC_X: "1" })).not.toBe(buildInputsHash(root, {}));
  });

  it("treats a build as current only with BUILD_ID and the same hash", () => {
    const h = buildInputsHash(root, {});
    expect(buildIsCurrent(root, h)).toBe(false);
    put(HASH_FILE, `${h}\n`);
    expect(buildIsCurrent(root, h)).toBe(false); // no BUILD_ID: no finished build
    put(".next/BUILD_ID", "abc");
    expect(buildIsCurrent(root, h)).toBe(true);
    expect(buildIsCurrent(root, "0".repeat(64))).toBe(false);
  });

  it("skips setup only for the same store and migrations, with the PGlite directory still there", () => {
    expect(setupIsCurrent(root, {})).toBe(false);
    put(".data/pglite/PG_VERSION", "17\n");
    expect(setupIsCurrent(root, {})).toBe(false); // never set up
    const h = createHash("sha256");
    h.update("prisma/migrations/1_init/migration.sql").update("CREATE TABLE t (id int);\n");
    put(SETUP_FILE, JSON.stringify({ databaseUrl: "", migrations: h.digest("hex") }));
    expect(setupIsCurrent(root, {})).toBe(true);
    expect(setupIsCurrent(root, { DATABASE_URL: "postgresql://db/x" })).toBe(false); // another store
    expect(setupIsCurrent(root, { DATABASE_URL: "pglite:memory" })).toBe(false);
    put("prisma/migrations/2_more/migration.sql", "ALTER TABLE t ADD c int;\n");
    expect(setupIsCurrent(root, {})).toBe(false); // a new migration
    rmSync(path.join(root, "prisma/migrations/2_more"), { recursive: true });
    rmSync(path.join(root, ".data/pglite"), { recursive: true });
    expect(setupIsCurrent(root, {})).toBe(false); // the store is gone
  });
});
