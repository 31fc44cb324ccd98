import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testStores } from "../support/stores";
import type { Store } from "@/lib/db";

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
