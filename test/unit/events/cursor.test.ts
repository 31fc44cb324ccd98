import { describe, expect, it } from "vitest";
import { type Cursor, decodeCursor, encodeCursor } from "@/lib/events/cursor";

const b64url = (s: string) => Buffer.from(s, "utf8").toString("base64url");

describe("cursor", () => {
  const samples: Cursor[] = [
    { key: "eventTime", dir: "desc", value: "2025-03-01T10:00:00.123Z", id: "12345", before: false },
    { key: "risk", dir: "asc", value: 3, id: "1", before: true },
    { key: "principal", dir: "asc", value: "", id: "9223372036854775807", before: false },
    { key: "eventName", dir: "desc", value: 'Ünïcødé 名前 "quoted" </script>', id: "7", before: true },
  ];

  it.each(samples)("round-trips %o", (c) => {
    const s = encodeCursor(c);
    expect(s).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(s)).toEqual(c);
  });

  it("rejects garbage", () => {
    for (const s of ["", "!!!", "a", "%%%", "x".repeat(5000), b64url("not json"), b64url("null"), b64url("[]"), b64url("{}")]) {
      expect(decodeCursor(s)).toBeNull();
    }
  });

  it("rejects tampered payloads", () => {
    const bad = [
      { k: "search_text", d: "asc", v: "x", i: "1" }, // sort key outside the allow-list
      { k: "eventName", d: "up", v: "x", i: "1" },
      { k: "eventName", d: "asc", v: "x", i: "1 OR 1=1" },
      { k: "eventName", d: "asc", v: "x", i: "0" },
      { k: "eventName", d: "asc", v: "x", i: "99999999999999999999" },
      { k: "eventName", d: "asc", v: { $gt: 1 }, i: "1" },
      { k: "eventName", d: "asc", v: 5, i: "1" }, // number for a text key
      { k: "risk", d: "asc", v: "destructive", i: "1" }, // text for the rank key
      { k: "risk", d: "asc", v: 99, i: "1" },
      { k: "eventTime", d: "asc", v: "yesterday", i: "1" },
      { k: "eventTime", d: "asc", v: "2025-03-01T10:00:00Z'; --", i: "1" },
      { k: "eventName", d: "asc", v: "x", i: "1", extra: true },
      { k: "eventName", d: "asc", v: "x".repeat(3000), i: "1" },
    ];
    for (const p of bad) expect(decodeCursor(b64url(JSON.stringify(p)))).toBeNull();
  });

  it("treats a modified but well-formed cursor as just another position", () => {
    const c = decodeCursor(b64url(JSON.stringify({ k: "eventTime", d: "desc", v: "2030-01-01T00:00:00.000Z", i: "5" })));
    expect(c).toEqual({ key: "eventTime", dir: "desc", value: "2030-01-01T00:00:00.000Z", id: "5", before: false });
  });
});
