import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isUniqueViolation, type Store } from "@/lib/db";
import { CopyTextBuffer } from "@/lib/ingest/copy-text-buffer";
import { testStores } from "../support/stores";

describe.each(testStores())("store on $name", ({ open }) => {
  let store: Store;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await store?.close();
  });

  it("has the schema migrated and Prisma working", async () => {
    const s = await store.prisma.ingestSource.create({ data: { kind: "cloudtrail", fileName: "a.json", sha256: "x", sizeBytes: 1n } });
    expect(await store.prisma.ingestSource.findUnique({ where: { id: s.id } })).toMatchObject({ fileName: "a.json" });
  });

  it("copies CSV rows in bulk through COPY", async () => {
    const csv = new TextEncoder().encode('"k1","a ""quoted"" value"\n"k2","line\nbreak"\n');
    const n = await store.session(async (s) => {
      await s.exec("CREATE TEMP TABLE IF NOT EXISTS copy_probe (k text, v text)");
      const copied = await s.copyCsv("copy_probe", ["k", "v"], csv);
      const rows = await s.query<{ k: string; v: string }>("SELECT k, v FROM copy_probe ORDER BY k");
      expect(rows).toEqual([
        { k: "k1", v: 'a "quoted" value' },
        { k: "k2", v: "line\nbreak" },
      ]);
      return copied;
    });
    expect(n).toBe(2);
  });

  it("copies text-format rows with every character that needs escaping, and reports a duplicate key as a unique violation", async () => {
    const hostile = ["tab\there", "new\nline\r\n", "back\\slash \\N", "quote \" and '", "nul\u0000byte", "emoji 😀 ü", "", "\\."];
    const out = new CopyTextBuffer();
    for (const [i, v] of hostile.entries())
      out
        .text(`k${i}`)
        .text(v)
        .value(i % 2 === 0 ? ["a,b", 'q"uote', "back\\slash", "{brace}"] : null)
        .endRow();
    out.text("null-row").text(null).value([]).endRow();
    await store.session(async (s) => {
      await s.exec("CREATE TEMP TABLE IF NOT EXISTS copy_text_probe (k text PRIMARY KEY, v text, a text[])");
      expect(await s.copyText("copy_text_probe", ["k", "v", "a"], out.take())).toBe(hostile.length + 1);
      const rows = await s.query<{ k: string; v: string | null; a: string[] | null }>("SELECT k, v, a FROM copy_text_probe ORDER BY k");
      const byKey = new Map(rows.map((r) => [r.k, r]));
      hostile.forEach((v, i) => {
        expect(byKey.get(`k${i}`)!.v).toBe(v.replace("\u0000", "\uFFFD"));
        expect(byKey.get(`k${i}`)!.a).toEqual(i % 2 === 0 ? ["a,b", 'q"uote', "back\\slash", "{brace}"] : null);
      });
      expect(byKey.get("null-row")).toEqual({ k: "null-row", v: null, a: [] });
      const again = new CopyTextBuffer();
      again.text("k0").text("dup").value(null).endRow();
      const err = await s.copyText("copy_text_probe", ["k", "v", "a"], again.take()).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isUniqueViolation(err)).toBe(true);
      // the session is still usable after the failed COPY
      expect(await s.query<{ n: number }>("SELECT count(*)::int AS n FROM copy_text_probe")).toEqual([{ n: hostile.length + 1 }]);
    });
  });

  it("rolls back a failed transaction", async () => {
    await expect(
      store.prisma.$transaction(async (tx) => {
        await tx.ingestSource.create({ data: { kind: "cloudtrail", fileName: "rollback.json", sha256: "y", sizeBytes: 1n } });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await store.prisma.ingestSource.count({ where: { fileName: "rollback.json" } })).toBe(0);
  });
});
