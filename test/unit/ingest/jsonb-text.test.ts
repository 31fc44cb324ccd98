import { describe, expect, it } from "vitest";
import { CopyTextBuffer, escapeCopyText } from "@/lib/ingest/copy-text-buffer";
import { jsonbSafeText, jsonbSafeValue } from "@/lib/ingest/jsonb-text";

describe("jsonbSafeText", () => {
  it("replaces the escapes jsonb refuses and nothing else", () => {
    expect(jsonbSafeText(String.raw`{"a":"x\u0000y"}`)).toBe(String.raw`{"a":"x\ufffdy"}`);
    expect(jsonbSafeText(String.raw`{"a":"\ud800","b":"\uDC00z"}`)).toBe(String.raw`{"a":"\ufffd","b":"\ufffdz"}`);
    // a valid surrogate pair, an escaped backslash before "u0000", ordinary escapes: untouched
    const keep = String.raw`{"a":"\ud83d\ude00","b":"\\u0000","c":"\u00e9\n\"","d":"\\\\"}`;
    expect(jsonbSafeText(keep)).toBe(keep);
    // an odd run of backslashes still ends in a real escape
    expect(jsonbSafeText(String.raw`"\\\u0000"`)).toBe(String.raw`"\\\ufffd"`);
    // a high surrogate followed by another high surrogate: both unpaired
    expect(jsonbSafeText(String.raw`"\ud800\ud800"`)).toBe(String.raw`"\ufffd\ufffd"`);
  });

  it("returns parsed values as they were when nothing needs replacing", () => {
    const v = { a: [1, "b"], c: null };
    expect(jsonbSafeValue(v)).toBe(v);
    expect(jsonbSafeValue({ a: "x\u0000", b: "\ud800" })).toEqual({ a: "x\uFFFD", b: "\uFFFD" });
  });
});

describe("COPY text format", () => {
  it("escapes backslash, newline, CR and tab; NUL becomes U+FFFD; quotes and commas stay", () => {
    expect(escapeCopyText('plain "quoted", text')).toBe('plain "quoted", text');
    expect(escapeCopyText("a\\b\nc\rd\te\u0000f")).toBe("a\\\\b\\nc\\rd\\te\uFFFDf");
  });

  it("writes tab-separated rows with \\N for NULL, t/f, numbers and array literals, as UTF-8", () => {
    const b = new CopyTextBuffer(8); // tiny start: the buffer has to grow
    b.text("é😀").text(null).value(true).value(false).value(42).value(Number.NaN).value(["a b", 'c"d']).endRow();
    b.text("second").value(undefined).value([]).endRow();
    expect(b.byteLength).toBeGreaterThan(8);
    const text = Buffer.from(b.take()).toString("utf8");
    expect(text).toBe('é😀\t\\N\tt\tf\t42\t\\N\t{"a b","c\\\\"d"}\nsecond\t\\N\t{}\n');
    expect(b.byteLength).toBe(0);
  });
});
