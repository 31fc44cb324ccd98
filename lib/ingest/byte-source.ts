import { createHash, type Hash } from "node:crypto";
import { createReadStream } from "node:fs";

/**
 * A file's bytes as they stream in (from disk or an HTTP body), hashed and counted on the way, with the first
 * bytes held back for format detection and then replayed.
 */
export class ByteSource {
  readonly hash: Hash = createHash("sha256");
  bytes = 0;
  private head: Uint8Array[] = [];
  private iterator: AsyncIterator<Uint8Array>;
  private done = false;

  constructor(
    chunks: AsyncIterable<Uint8Array>,
    private readonly limitBytes = Infinity,
  ) {
    this.iterator = chunks[Symbol.asyncIterator]();
  }

  static fromFile(path: string): ByteSource {
    return new ByteSource(createReadStream(path, { highWaterMark: 1 << 20 }));
  }

  private async pull(): Promise<Uint8Array | null> {
    if (this.done) return null;
    const r = await this.iterator.next();
    if (r.done) {
      this.done = true;
      return null;
    }
    const chunk = r.value instanceof Uint8Array ? r.value : Buffer.from(r.value as string);
    this.bytes += chunk.byteLength;
    if (this.bytes > this.limitBytes) throw new SizeLimitError(this.limitBytes);
    this.hash.update(chunk);
    return chunk;
  }

  /** Reads (and keeps) at least `n` bytes, or the whole input if shorter. */
  async peek(n: number): Promise<Uint8Array> {
    let have = this.head.reduce((s, c) => s + c.byteLength, 0);
    while (have < n) {
      const c = await this.pull();
      if (!c) break;
      this.head.push(c);
      have += c.byteLength;
    }
    return Buffer.concat(this.head);
  }

  /** The whole stream from the start (peeked bytes first). Can be consumed once. */
  async *stream(): AsyncGenerator<Uint8Array> {
    const held = this.head;
    this.head = [];
    yield* held;
    for (;;) {
      const c = await this.pull();
      if (!c) return;
      yield c;
    }
  }

  /** Reads everything that is left (for formats parsed whole). */
  async readAll(): Promise<Buffer> {
    const parts: Uint8Array[] = [];
    for await (const c of this.stream()) parts.push(c);
    return Buffer.concat(parts);
  }

  /** Drains the rest so the hash and size cover the whole input. */
  async drain(): Promise<void> {
    for await (const c of this.stream()) void c;
  }

  sha256(): string {
    return this.hash.copy().digest("hex");
  }
}

export class SizeLimitError extends Error {
  constructor(readonly limitBytes: number) {
    super(`input is larger than the limit of ${limitBytes} bytes`);
    this.name = "SizeLimitError";
  }
}
