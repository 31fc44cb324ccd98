import { pgTextArray } from "./csv";

/**
 * Rows for PostgreSQL `COPY … FROM … (FORMAT text)`, written straight into one growing byte buffer as UTF-8 — no
 * per-row or per-batch string building. Text format rather than CSV because the widest field, the raw JSON
 * record, is full of double quotes (CSV would double every one) but almost never holds a backslash, newline, CR
 * or tab, the only characters text format escapes; such a field is copied as it is. NULL is `\N`; NUL, which
 * PostgreSQL text cannot hold, becomes U+FFFD.
 */
export type CopyValue = string | number | boolean | null | undefined | string[];

const SPECIAL = /[\\\n\r\t\u0000]/;
const SPECIAL_ALL = /[\\\n\r\t\u0000]/g;
const ESCAPES: Record<string, string> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\u0000": "\uFFFD" };

/** A value as one text-format field (without the delimiter). */
export function escapeCopyText(s: string): string {
  return SPECIAL.test(s) ? s.replace(SPECIAL_ALL, (c) => ESCAPES[c]) : s;
}

export class CopyTextBuffer {
  private buf: Buffer;
  private pos = 0;
  private first = true;

  constructor(initialBytes = 1 << 20) {
    this.buf = Buffer.allocUnsafe(initialBytes);
  }

  get byteLength(): number {
    return this.pos;
  }

  private room(n: number) {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  private sep() {
    if (this.first) this.first = false;
    else {
      this.room(1);
      this.buf[this.pos++] = 0x09;
    }
  }

  /** A text field (null/undefined → NULL). */
  text(s: string | null | undefined): this {
    this.sep();
    if (s === null || s === undefined) {
      this.room(2);
      this.buf[this.pos++] = 0x5c;
      this.buf[this.pos++] = 0x4e;
      return this;
    }
    const v = escapeCopyText(s);
    this.room(v.length * 3);
    this.pos += this.buf.write(v, this.pos, "utf8");
    return this;
  }

  value(v: CopyValue): this {
    if (v === null || v === undefined || typeof v === "string") return this.text(v);
    if (typeof v === "number") return this.text(Number.isFinite(v) ? String(v) : null);
    if (typeof v === "boolean") return this.text(v ? "t" : "f");
    return this.text(pgTextArray(v));
  }

  endRow(): this {
    this.room(1);
    this.buf[this.pos++] = 0x0a;
    this.first = true;
    return this;
  }

  /** The bytes written so far, as an exact-size copy that can be transferred; the buffer starts over. */
  take(): Uint8Array {
    const out = new Uint8Array(this.pos);
    out.set(this.buf.subarray(0, this.pos));
    this.pos = 0;
    this.first = true;
    return out;
  }
}
