import { constants, createGunzip } from "node:zlib";

/** Outcome of reading a possibly-gzipped input, filled in as the stream is consumed. */
export interface DecompressState {
  gzip: boolean;
  /** Compressed bytes read from the source (gzip only). */
  compressedBytes: number;
  /** Decompressed (or plain) bytes handed out. */
  outputBytes: number;
  /** zlib error when the gzip stream was truncated or corrupt; everything decoded before it was handed out. */
  gzipError: string | null;
  /** True when the gzip stream ended before its end-of-stream marker. */
  truncated: boolean;
}

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

function toBuffer(c: Uint8Array): Buffer {
  return Buffer.isBuffer(c) ? c : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
}

/**
 * Yields the plain bytes of `chunks`, gunzipping transparently when the input starts with the gzip magic
 * (multi-member gzip included). A truncated or corrupt gzip does not throw: every byte that could be
 * decoded is yielded (the decoder is sync-flushed before it is finished), then `state.gzipError` is set.
 * Errors from the source itself (I/O) are re-thrown.
 */
export async function* decompress(chunks: AsyncIterable<Uint8Array>, state: DecompressState): AsyncGenerator<Buffer> {
  const it = chunks[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headLen = 0;
  while (headLen < 2) {
    const r = await it.next();
    if (r.done) break;
    const b = toBuffer(r.value);
    if (b.length === 0) continue;
    head.push(b);
    headLen += b.length;
  }
  const first = head.length ? (head.length === 1 ? head[0] : Buffer.concat(head)) : Buffer.alloc(0);
  state.gzip = first.length >= 2 && first[0] === GZIP_MAGIC_0 && first[1] === GZIP_MAGIC_1;
  if (!state.gzip) {
    if (first.length) {
      state.outputBytes += first.length;
      yield first;
    }
    let done = false;
    try {
      for (let r = await it.next(); !r.done; r = await it.next()) {
        const b = toBuffer(r.value);
        state.outputBytes += b.length;
        yield b;
      }
      done = true;
    } finally {
      if (!done) void it.return?.();
    }
    return;
  }

  const gunzip = createGunzip({ chunkSize: 256 * 1024 });
  let sourceError: unknown = null;
  const feed = async (): Promise<void> => {
    try {
      state.compressedBytes += first.length;
      if (!gunzip.write(first)) await settled(gunzip, "drain");
      for (let r = await it.next(); !r.done && !gunzip.destroyed; r = await it.next()) {
        const b = toBuffer(r.value);
        state.compressedBytes += b.length;
        if (!gunzip.write(b)) await settled(gunzip, "drain");
      }
      if (gunzip.destroyed) {
        void it.return?.();
        return;
      }
      // Push out everything decodable before finishing, so a truncated stream loses nothing already decoded.
      await new Promise<void>((resolve) => {
        gunzip.once("close", resolve);
        gunzip.flush(constants.Z_SYNC_FLUSH, () => resolve());
      });
      if (!gunzip.destroyed) gunzip.end();
    } catch (e) {
      sourceError = e;
      gunzip.destroy(e instanceof Error ? e : new Error(String(e)));
    }
  };
  const feeding = feed();
  let finished = false;
  try {
    for await (const out of gunzip) {
      const b = out as Buffer;
      state.outputBytes += b.length;
      yield b;
    }
    finished = true;
  } catch (e) {
    finished = true;
    if (sourceError) throw sourceError;
    const err = e as NodeJS.ErrnoException;
    state.gzipError = err.message;
    state.truncated = err.code === "Z_BUF_ERROR" || /unexpected end of file/i.test(err.message);
  } finally {
    if (finished) {
      await feeding;
    } else {
      // The consumer stopped early: stop decoding and release the source.
      gunzip.destroy();
      void feeding;
      void it.return?.();
    }
  }
}

/** Resolves on `event`, or when the stream closes or errors (so a waiting writer never hangs). */
function settled(stream: NodeJS.EventEmitter, event: string): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      stream.off(event, done);
      stream.off("close", done);
      stream.off("error", done);
      resolve();
    };
    stream.on(event, done);
    stream.on("close", done);
    stream.on("error", done);
  });
}
