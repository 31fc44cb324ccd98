import { ByteCollector } from "./byte-collector";
import {
  BACKSLASH,
  COLON,
  COMMA,
  CR,
  FATAL_KEEP_BYTES,
  LBRACE,
  LBRACKET,
  LF,
  type Located,
  MAX_DEPTH,
  MAX_ELEMENT_BYTES,
  MAX_WARNINGS,
  QUOTE,
  RBRACE,
  RBRACKET,
  SPACE,
  type SplitMode,
  type SplitPiece,
  TAB,
} from "./json-split-pieces";

/**
 * Streaming JSON splitter: walks the bytes once, tracking string/escape/bracket state, and hands out each
 * element as its own text for JSON.parse. It never builds the whole document, so memory stays bounded by
 * the largest element (capped at MAX_ELEMENT_BYTES). Chunk boundaries may fall anywhere (mid-string,
 * mid-escape, mid-UTF-8 sequence): state is byte-level and text is decoded per complete element.
 *
 * Modes:
 *  - `values`: every top-level value is an element; a top-level array is flattened (its elements are the
 *    elements). Covers bare arrays, a single record, concatenated records and EventBridge envelopes.
 *  - `keyed`: for every top-level object, the elements of the array under `key` (`Records`, `Events`,
 *    `QueryResultRows`). Several wrapper objects in a row (lookup-events pages) are fine; any other
 *    top-level value is handed out as a `stray`.
 * Tolerance: two elements of an array with no comma between them are split anyway (warning). A bracket
 * mismatch inside an element of an array (a record of `Records`, of a bare array) is resynchronised: the broken
 * element, up to the next element start (`,` then `{` at the broken element's indentation, or anywhere on a
 * one-line file), becomes one `stray` piece and splitting resumes there. A mismatch anywhere else cannot be
 * resynchronised: the open element and the rest of the input become one `fatal` piece.
 */

export { MAX_ELEMENT_BYTES, type SplitMode, type SplitPiece } from "./json-split-pieces";

export class JsonSplitter {
  private depth = 0;
  private readonly stack = new Uint8Array(MAX_DEPTH);
  private inString = false;
  private escaped = false;
  private line = 1;
  private offset = 0;
  /** Depth at which values are elements; -1 = none here (keyed mode outside the target array uses 0 for strays). */
  private elemLevel = 0;
  private collecting = false;
  private collectKind: "element" | "stray" = "element";
  private collectIsString = false;
  private collectIsPrimitive = false;
  private collectStart = 0;
  private afterValue = false;
  private readonly collector = new ByteCollector(MAX_ELEMENT_BYTES);
  // keyed mode: key capture at depth 1
  private expectKey = false;
  private capturingKey = false;
  private keyStart = 0;
  private keyParts: Buffer[] = [];
  private lastKey = "";
  // fatal mode
  private fatal: { reason: string; collector: ByteCollector } | null = null;
  private warnings = 0;
  private out: SplitPiece[] = [];
  // resync after a bracket mismatch inside an element
  private resync: {
    reason: string;
    col: number;
    lastNonWs: number;
    colNow: number;
    lineStart: boolean;
    inString: boolean;
    escaped: boolean;
  } | null = null;
  private collectCol = -1;
  private col = -1;

  constructor(private readonly mode: SplitMode) {}

  /** Feed one chunk; returns the pieces completed in it. */
  push(chunk: Uint8Array): SplitPiece[] {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.out = [];
    if (this.fatal) this.fatal.collector.add(b, true);
    else if (this.resync) this.resyncScan(b, 0);
    else this.scan(b);
    this.offset += b.length;
    return this.out;
  }

  /** Signal end of input; returns the last pieces (an unfinished element becomes `incomplete`). */
  end(): SplitPiece[] {
    this.out = [];
    if (this.fatal) {
      this.emitLocated("fatal", this.fatal.collector, this.fatal.reason);
    } else if (this.resync) {
      const reason = `${this.resync.reason}; no further record start found`;
      this.resync = null;
      this.emitLocated("stray", this.collector, reason);
    } else if (this.collecting && this.collectIsPrimitive) {
      this.finishCollect(null, 0);
    } else if (this.collecting) {
      this.collecting = false;
      this.out.push({ kind: "incomplete", ...this.located(this.collector) });
    } else if (this.depth > 0) {
      this.warn(`input ended with ${this.depth} unclosed bracket(s)`);
    }
    return this.out;
  }

  private scan(b: Buffer): void {
    this.lastChunk = b;
    const n = b.length;
    if (this.collecting) this.collectStart = 0;
    if (this.capturingKey) this.keyStart = 0;
    // Hot state in locals; written back before any call that reads it and at the end.
    let line = this.line;
    let inString = this.inString;
    let i = 0;
    if (this.escaped && n > 0) {
      if (b[0] === LF) line++;
      this.escaped = false;
      i = 1;
    }
    while (i < n) {
      if (inString) {
        let c = 0;
        for (; i < n; i++) {
          c = b[i];
          if (c === QUOTE || c === BACKSLASH) break;
          if (c === LF) line++;
        }
        if (i >= n) break;
        if (c === BACKSLASH) {
          if (i + 1 < n) {
            if (b[i + 1] === LF) line++;
            i += 2;
          } else {
            this.escaped = true; // the escaped byte is the first of the next chunk
            i = n;
          }
          continue;
        }
        inString = false;
        if (this.capturingKey || (this.collecting && this.collectIsString)) {
          this.line = line;
          this.stringEnded(b, i);
        }
        i++;
        continue;
      }
      const c = b[i];
      if (c === SPACE || c === LF || c === CR || c === TAB || c === COLON) {
        if (c === LF) line++;
        if (this.collectIsPrimitive && this.collecting) this.finishCollect(b, i);
        i++;
        continue;
      }
      this.line = line;
      if (this.collectIsPrimitive && this.collecting) {
        if (c !== QUOTE && c !== LBRACE && c !== LBRACKET && c !== RBRACE && c !== RBRACKET && c !== COMMA) {
          i++; // still inside a number / literal
          continue;
        }
        this.finishCollect(b, i);
      }
      if (c === QUOTE) {
        if (!this.collecting && this.depth === this.elemLevel) this.beginCollect(i, "string");
        else if (this.expectKey && this.depth === 1 && this.mode.kind === "keyed") {
          this.capturingKey = true;
          this.keyStart = i + 1;
          this.keyParts = [];
        }
        inString = true;
      } else if (c === LBRACE || c === LBRACKET) {
        if (!this.open(b, i, c)) return;
      } else if (c === RBRACE || c === RBRACKET) {
        if (!this.close(b, i, c)) return;
      } else if (c === COMMA) {
        if (this.depth === this.elemLevel) this.afterValue = false;
        if (this.depth === 1 && this.mode.kind === "keyed") this.expectKey = true;
      } else if (!this.collecting && this.depth === this.elemLevel) {
        this.beginCollect(i, "primitive");
      }
      i++;
    }
    this.line = line;
    this.inString = inString;
    if (this.collecting) this.collector.add(b.subarray(this.collectStart), true);
    if (this.capturingKey) this.keyParts.push(Buffer.from(b.subarray(this.keyStart)));
  }

  private open(b: Buffer, i: number, c: number): boolean {
    if (!this.collecting && this.depth === this.elemLevel) {
      if (this.mode.kind === "values" && this.depth === 0 && c === LBRACKET) {
        this.elemLevel = 1; // a top-level array: its elements are the elements
        this.afterValue = false;
      } else {
        this.beginCollect(i, "container");
      }
    }
    if (this.depth >= MAX_DEPTH) return this.goFatal(b, i, `nesting deeper than ${MAX_DEPTH} levels`);
    this.stack[this.depth++] = c;
    if (this.mode.kind === "keyed") {
      if (this.depth === 1) this.expectKey = c === LBRACE;
      else if (this.depth === 2 && c === LBRACKET && this.stack[0] === LBRACE && this.lastKey === this.mode.key) {
        if (this.collecting) {
          this.collecting = false; // the wrapper object holds the target array: no longer a stray
          this.collector.reset();
        }
        this.elemLevel = 2;
        this.afterValue = false;
      }
    }
    return true;
  }

  private close(b: Buffer, i: number, c: number): boolean {
    const want = c === RBRACE ? LBRACE : LBRACKET;
    if (this.depth === 0) return this.goFatal(b, i, `unexpected '${String.fromCharCode(c)}' at top level`);
    if (this.stack[this.depth - 1] !== want) {
      if (this.collecting && this.collectKind === "element" && this.elemLevel > 0 && !this.collectIsString)
        return this.startResync(b, i, `'${String.fromCharCode(c)}' closes '${String.fromCharCode(this.stack[this.depth - 1])}'`);
      return this.goFatal(b, i, `'${String.fromCharCode(c)}' closes '${String.fromCharCode(this.stack[this.depth - 1])}'`);
    }
    this.depth--;
    if (this.collecting && this.depth === this.elemLevel && !this.collectIsString) {
      this.finishCollect(b, i + 1);
    } else if (this.mode.kind === "values" && this.depth === 0 && this.elemLevel === 1) {
      this.elemLevel = 0; // end of a top-level array
    } else if (this.mode.kind === "keyed" && this.depth === 1 && this.elemLevel === 2) {
      this.elemLevel = 0; // end of the target array; back to wrapper level
    }
    if (this.mode.kind === "keyed" && this.depth === 1) this.expectKey = false;
    return true;
  }

  private beginCollect(i: number, what: "string" | "container" | "primitive"): void {
    if (this.afterValue && this.elemLevel > 0) {
      this.warn(`missing ',' between array elements before line ${this.line}: split there`);
    }
    this.collecting = true;
    this.collectKind = this.mode.kind === "keyed" && this.elemLevel === 0 ? "stray" : "element";
    this.collectIsString = what === "string";
    this.collectIsPrimitive = what === "primitive";
    this.collectStart = i;
    this.collector.begin(this.offset + i, this.line);
    const lf = i > 0 ? this.lastChunk.lastIndexOf(LF, i - 1) : -1;
    this.collectCol = lf >= 0 ? i - lf - 1 : -1;
  }

  private lastChunk: Buffer = Buffer.alloc(0);

  /**
   * A bracket mismatch inside an element: keep collecting the broken element's bytes (strings still tracked) until
   * the next element start, then emit it as a `stray` and resume normal splitting there.
   */
  private startResync(b: Buffer, i: number, what: string): false {
    this.resync = {
      reason: `structural JSON error in this record at line ${this.line}: ${what}; record quarantined, reading resumed at the next record`,
      col: this.collectCol,
      lastNonWs: b[i],
      colNow: -1,
      lineStart: false,
      inString: false,
      escaped: false,
    };
    this.collector.add(b.subarray(this.collectStart, i + 1), true);
    this.resyncScan(b, i + 1);
    return false;
  }

  private resyncScan(b: Buffer, from: number): void {
    const r = this.resync;
    if (!r) return;
    let line = this.line;
    for (let i = from; i < b.length; i++) {
      const c = b[i];
      if (c === LF) {
        line++;
        r.colNow = 0;
        r.lineStart = true;
        continue;
      }
      const col = r.colNow;
      if (r.colNow >= 0) r.colNow++;
      if (r.inString) {
        if (r.escaped) r.escaped = false;
        else if (c === BACKSLASH) r.escaped = true;
        else if (c === QUOTE) r.inString = false;
        continue;
      }
      if (c === SPACE || c === TAB || c === CR) continue;
      const aligned = r.col < 0 ? !r.lineStart || col >= 0 : r.lineStart && col === r.col;
      if (c === LBRACE && r.lastNonWs === COMMA && aligned) {
        this.collector.add(b.subarray(from, i), true);
        const text = this.collector.take().replace(/[\s,]+$/, "");
        const bytes = Buffer.byteLength(text);
        const reason = `${r.reason} (line ${line})`;
        this.out.push({
          kind: "stray",
          reason,
          line: this.collector.startLine,
          byteOffset: this.collector.startOffset,
          bytes,
          truncated: false,
          text,
        });
        this.resync = null;
        this.line = line;
        this.depth = this.elemLevel;
        this.collecting = false;
        this.afterValue = false;
        this.inString = false;
        this.escaped = false;
        this.offset += i;
        try {
          this.scan(b.subarray(i));
        } finally {
          this.offset -= i;
        }
        return;
      }
      r.lineStart = false;
      if (c === QUOTE) r.inString = true;
      r.lastNonWs = c;
    }
    this.line = line;
    this.collector.add(b.subarray(from), true);
  }

  /** End the element at `end` (exclusive) in `b`; b null at end of input. */
  private finishCollect(b: Buffer | null, end: number): void {
    if (b) this.collector.add(b.subarray(this.collectStart, end));
    this.collecting = false;
    this.collectIsPrimitive = false;
    this.collectIsString = false;
    this.afterValue = true;
    if (this.collectKind === "stray") {
      const reason = this.mode.kind === "keyed" ? `top-level value without a "${this.mode.key}" array` : "unexpected top-level value";
      this.emitLocated("stray", this.collector, reason);
    } else {
      this.out.push({ kind: "element", ...this.located(this.collector) });
    }
  }

  private stringEnded(b: Buffer, i: number): void {
    if (this.capturingKey) {
      this.capturingKey = false;
      const tail = b.subarray(this.keyStart, i);
      this.lastKey = (this.keyParts.length ? Buffer.concat([...this.keyParts, tail]) : tail).toString("utf8");
      this.keyParts = [];
      this.expectKey = false;
    } else {
      this.finishCollect(b, i + 1);
    }
  }

  private goFatal(b: Buffer, i: number, what: string): false {
    const fc = new ByteCollector(FATAL_KEEP_BYTES);
    if (this.collecting) {
      fc.begin(this.collector.startOffset, this.collector.startLine);
      fc.add(Buffer.from(this.collector.take()));
      fc.bytes = this.collector.bytes;
      fc.add(b.subarray(this.collectStart), true);
      this.collecting = false;
    } else {
      fc.begin(this.offset + i, this.line);
      fc.add(b.subarray(i), true);
    }
    this.fatal = {
      reason: `unbalanced JSON at line ${this.line}: ${what}; cannot resynchronise, rest of input kept as one item`,
      collector: fc,
    };
    return false;
  }

  private located(c: ByteCollector): Located {
    const truncated = c.truncated;
    return { line: c.startLine, byteOffset: c.startOffset, bytes: c.bytes, truncated, text: c.take() };
  }

  private emitLocated(kind: "stray" | "fatal", c: ByteCollector, reason: string): void {
    this.out.push({ kind, reason, ...this.located(c) });
  }

  private warn(message: string): void {
    if (this.warnings++ < MAX_WARNINGS) this.out.push({ kind: "warning", message });
  }
}
