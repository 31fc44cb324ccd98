import { ByteCollector } from "./byte-collector";
import { MAX_ELEMENT_BYTES } from "./json-split";

/** One non-blank line of a JSON-lines input. */
export interface LinePiece {
  /** 1-based line number. */
  line: number;
  byteOffset: number;
  bytes: number;
  truncated: boolean;
  /** The line without its line terminator (and without surrounding whitespace). */
  text: string;
}

/**
 * Streaming JSON-lines splitter: one piece per non-blank line, whatever the chunk boundaries.
 * Uses Buffer.indexOf (memchr) to find newlines; lines longer than MAX_ELEMENT_BYTES are cut (truncated).
 */
export class LineSplitter {
  private line = 1;
  private offset = 0;
  private readonly collector = new ByteCollector(MAX_ELEMENT_BYTES);
  private open = false;

  push(chunk: Uint8Array): LinePiece[] {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const out: LinePiece[] = [];
    let start = 0;
    for (;;) {
      const nl = b.indexOf(0x0a, start);
      if (nl === -1) break;
      if (this.open) {
        this.collector.add(b.subarray(start, nl));
        this.emit(out);
      } else {
        this.emitDirect(out, b, start, nl);
      }
      this.line++;
      start = nl + 1;
    }
    if (start < b.length) {
      if (!this.open) {
        this.open = true;
        this.collector.begin(this.offset + start, this.line);
      }
      this.collector.add(b.subarray(start), true);
    }
    this.offset += b.length;
    return out;
  }

  end(): LinePiece[] {
    const out: LinePiece[] = [];
    if (this.open) this.emit(out);
    return out;
  }

  private emitDirect(out: LinePiece[], b: Buffer, start: number, end: number): void {
    const text = b.toString("utf8", start, end).trim();
    if (text.length > 0) out.push({ line: this.line, byteOffset: this.offset + start, bytes: end - start, truncated: false, text });
  }

  private emit(out: LinePiece[]): void {
    this.open = false;
    const { startLine, startOffset, bytes, truncated } = this.collector;
    const text = this.collector.take().trim();
    if (text.length > 0) out.push({ line: startLine, byteOffset: startOffset, bytes, truncated, text });
  }
}
