import { describe, expect, it } from "vitest";
import { JsonSplitter, LineSplitter, type SplitPiece } from "@/lib/cloudtrail";
import { readAll } from "./helpers";

function splitAll(text: string | Buffer, mode: ConstructorParameters<typeof JsonSplitter>[0], sizes: number[] = [1 << 16]): SplitPiece[] {
  const buf = typeof text === "string" ? Buffer.from(text) : text;
  const sp = new JsonSplitter(mode);
  const out: SplitPiece[] = [];
  let k = 0;
  for (let i = 0; i < buf.length; ) {
    const n = sizes[k++ % sizes.length];
    out.push(...sp.push(buf.subarray(i, i + n)));
    i += n;
  }
  out.push(...sp.end());
  return out;
}

const elements = (pieces: SplitPiece[]) => pieces.filter((p) => p.kind === "element").map((p) => ("text" in p ? p.text : ""));

/** Records whose strings are full of chunk-boundary traps: escapes, quotes, brackets, 2/3/4-byte UTF-8. */
function trickyRecord(i: number): Record<string, unknown> {
  return {
    eventID: `ev-${i}`,
    eventTime: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(),
    eventSource: "s3.amazonaws.com",
    eventName: i % 3 === 0 ? "DeleteObject" : "PutObject",
    requestParameters: { bucketName: "b", key: `k/é/日本/😀/${i}/"quoted" \\ back\\slash ]}{[ ,:` },
    note: "\u0001\t\n\r\u2028 \\u0041",
    // One escaped quote (an odd count flips string state if escapes are mishandled) and a trailing backslash.
    odd: `one " quote ]}{[ , then a trailing backslash \\`,
  };
}

describe("JsonSplitter", () => {
  it("splits Records[] elements and ignores sibling keys", () => {
    const p = splitAll('{"Other":[1,2],"Records":[{"a":1}, {"b":"x]}"} ,{"c":[{}]}],"Tail":{"Records":[9]}}', {
      kind: "keyed",
      key: "Records",
    });
    expect(elements(p)).toEqual(['{"a":1}', '{"b":"x]}"}', '{"c":[{}]}']);
  });

  it("handles several wrapper objects in a row (lookup-events pages)", () => {
    const p = splitAll('{"Events":[{"a":1}],"NextToken":"t"}\n{"Events":[{"b":2}]}{"Events":[]}', { kind: "keyed", key: "Events" });
    expect(elements(p)).toEqual(['{"a":1}', '{"b":2}']);
  });

  it("reports a top-level object without the target array as a stray", () => {
    const p = splitAll('{"Records":[{"a":1}]} {"x":1} 42', { kind: "keyed", key: "Records" });
    expect(p.filter((x) => x.kind === "stray").map((x) => ("text" in x ? x.text : ""))).toEqual(['{"x":1}', "42"]);
  });

  it("values mode: bare array, concatenated objects and primitives", () => {
    expect(elements(splitAll('[{"a":1},{"b":[1,2]}, 3, "s"]', { kind: "values" }))).toEqual(['{"a":1}', '{"b":[1,2]}', "3", '"s"']);
    expect(elements(splitAll('{"a":1}\n{"b":2}{"c":3}', { kind: "values" }))).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
  });

  it("splits array elements that lack a comma, with a warning", () => {
    const p = splitAll('{"Records":[{"a":1}\n{"b":2},{"c":3}]}', { kind: "keyed", key: "Records" });
    expect(elements(p)).toEqual(['{"a":1}', '{"b":2}', '{"c":3}']);
    expect(p.filter((x) => x.kind === "warning")).toHaveLength(1);
  });

  it("gives the start line of each element", () => {
    const p = splitAll('{\n"Records":[\n{"a":1},\n\n{"b":\n2}]}', { kind: "keyed", key: "Records" });
    expect(p.filter((x) => x.kind === "element").map((x) => ("line" in x ? x.line : 0))).toEqual([3, 5]);
  });

  it("a bracket mismatch inside an array element quarantines that element and resumes at the next one", () => {
    for (const sizes of [[5], [1], [1000]]) {
      const p = splitAll('[{"a":1},{"b":]},{"c":3},{"d":4}]', { kind: "values" }, sizes);
      expect(elements(p)).toEqual(['{"a":1}', '{"c":3}', '{"d":4}']);
      const stray = p.find((x) => x.kind === "stray");
      expect(stray && "text" in stray ? stray.text : "").toBe('{"b":]}');
      expect(stray && "reason" in stray ? stray.reason : "").toMatch(/structural JSON error .*']' closes '\{'.*resumed at the next record/);
    }
  });

  it("pretty-printed Records: resynchronises at the next record's indentation, not at a nested object", () => {
    const good = (n: number) =>
      `    {\n      "eventName": "E${n}",\n      "resources": [\n        {"ARN": "a"},\n        {"ARN": "b"}\n      ]\n    }`;
    const broken = `    {\n      "eventName": "BAD",\n      "resources": [\n        {"ARN": "a"},\n        {"ARN": "b"}\n      }\n    }`;
    const text = `{\n  "Records": [\n${[good(1), broken, good(2), good(3)].join(",\n")}\n  ]\n}\n`;
    for (const sizes of [[7], [1], [100000]]) {
      const p = splitAll(text, { kind: "keyed", key: "Records" }, sizes);
      expect(elements(p).map((e) => JSON.parse(e).eventName)).toEqual(["E1", "E2", "E3"]);
      const strays = p.filter((x) => x.kind === "stray");
      expect(strays).toHaveLength(1);
      expect("text" in strays[0] ? strays[0].text : "").toContain('"BAD"');
      expect(p.some((x) => x.kind === "fatal")).toBe(false);
    }
  });

  it("a mismatch outside any array element still ends in one fatal piece", () => {
    const p = splitAll('{"a":1]{"b":2}', { kind: "values" });
    expect(p.some((x) => x.kind === "fatal")).toBe(true);
  });

  it("reports an element cut by the end of input as incomplete", () => {
    const p = splitAll('{"Records":[{"a":1},{"b":"unterminated', { kind: "keyed", key: "Records" });
    expect(elements(p)).toEqual(['{"a":1}']);
    expect(p.some((x) => x.kind === "incomplete" && x.text === '{"b":"unterminated')).toBe(true);
  });

  it("is chunk-boundary safe: 1-byte chunks and odd sizes give identical elements", () => {
    const recs = Array.from({ length: 300 }, (_, i) => trickyRecord(i));
    const text = JSON.stringify({ Records: recs }, null, 2);
    const expected = recs.map((r) => JSON.stringify(r));
    for (const sizes of [[1], [2, 3, 5, 7], [13, 1, 4093], [65536]]) {
      const got = elements(splitAll(text, { kind: "keyed", key: "Records" }, sizes)).map((t) => JSON.stringify(JSON.parse(t)));
      expect(got).toEqual(expected);
    }
  });
});

describe("LineSplitter", () => {
  it("gives non-blank lines with their line numbers across chunks, CRLF tolerated", () => {
    const text = '{"a":1}\r\n\n  \n{"b":"é😀"}\n{"c":3}';
    for (const n of [1, 3, 100]) {
      const sp = new LineSplitter();
      const out = [];
      for (let i = 0; i < Buffer.byteLength(text); i += n) out.push(...sp.push(Buffer.from(text).subarray(i, i + n)));
      out.push(...sp.end());
      expect(out.map((l) => [l.line, l.text])).toEqual([
        [1, '{"a":1}'],
        [4, '{"b":"é😀"}'],
        [5, '{"c":3}'],
      ]);
    }
  });
});

describe("readCloudTrail on a big synthetic file split at awkward places", () => {
  it("reads 200k records with random chunk sizes (mid-string, mid-escape, mid-UTF-8) exactly", async () => {
    const N = 200_000;
    const parts: string[] = [];
    for (let i = 0; i < N; i++) parts.push(JSON.stringify(trickyRecord(i)));
    const buf = Buffer.from(`{"Records":[${parts.join(",")}]}`);
    // Deterministic pseudo-random sizes between 1 and ~9000 bytes.
    const sizes: number[] = [];
    let seed = 12345;
    for (let i = 0; i < 997; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      sizes.push(1 + (seed % 9000));
    }
    const r = await readAll(buf, "big.json", sizes);
    expect(r.format).toBe("cloudtrail-records");
    expect(r.quarantined).toHaveLength(0);
    expect(r.events).toHaveLength(N);
    expect(r.summary).toMatchObject({ records: N, events: N, quarantined: 0, skipped: 0, bytes: buf.length });
    for (const i of [0, 1, 4242, 99_999, N - 1]) {
      const e = r.events[i];
      expect(e.position.index).toBe(i);
      expect(e.event.eventId).toBe(`ev-${i}`);
      expect(e.event.resources).toContain(`b/k/é/日本/😀/${i}/"quoted" \\ back\\slash ]}{[ ,:`);
    }
    expect(r.events[3].event.risk).toBe("destructive");
  }, 120_000);
});
