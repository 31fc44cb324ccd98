import { AsyncQueue } from "./async-queue";
import type { ParseOutput, ParseRequest } from "./parse-cloudtrail";

/**
 * One file being parsed (on a worker or inline). The caller feeds bytes with `room()` + `push()` and `end()`, and
 * reads `outputs` in order. Both directions are bounded: at most MAX_INPUT_CHUNKS chunks wait to be parsed and at
 * most MAX_OUTPUT_CHUNKS row chunks or quarantine batches wait to be written, so memory stays flat however large the
 * file (a file of nothing but invalid records included).
 */
export interface ParseJob {
  room(): Promise<void>;
  push(chunk: Uint8Array): void;
  end(): void;
  /** The input failed (e.g. over the size limit): the parse stops and `outputs` throws this error. */
  abort(error: unknown): void;
  readonly outputs: AsyncIterable<ParseOutput>;
}

export const MAX_INPUT_CHUNKS = 3;
export const MAX_OUTPUT_CHUNKS = 8;

/** The bookkeeping shared by both kinds of job; subclasses move the bytes. */
export abstract class FlowControlledJob implements ParseJob {
  readonly outputs: AsyncQueue<ParseOutput>;
  private inputsWaiting = 0;
  private rowChunksWaiting = 0;
  private roomWaiter: (() => void) | null = null;
  /** Failed or aborted: room() no longer waits (pushes go nowhere). */
  private dead = false;

  constructor(readonly request: ParseRequest) {
    this.outputs = new AsyncQueue<ParseOutput>((out) => {
      if (out.type === "rows" || out.type === "quarantine") {
        this.rowChunksWaiting--;
        this.wakeRoom();
      }
    });
  }

  protected abstract send(chunk: Uint8Array): void;
  protected abstract sendEnd(): void;
  protected abstract sendAbort(error: unknown): void;

  room(): Promise<void> {
    if (this.hasRoom()) return Promise.resolve();
    return new Promise((resolve) => (this.roomWaiter = resolve));
  }

  push(chunk: Uint8Array): void {
    this.inputsWaiting++;
    this.send(chunk);
  }

  end(): void {
    this.sendEnd();
  }

  abort(error: unknown): void {
    this.dead = true;
    this.sendAbort(error);
    this.outputs.fail(error);
    this.wakeRoom(true);
  }

  /** A pushed chunk was taken by the parser. */
  protected pulled(): void {
    this.inputsWaiting--;
    this.wakeRoom();
  }

  /** The parser produced an output. */
  protected produced(out: ParseOutput): void {
    if (out.type === "rows" || out.type === "quarantine") this.rowChunksWaiting++;
    this.outputs.push(out);
    if (out.type === "done") this.outputs.close();
  }

  protected failed(error: unknown): void {
    this.dead = true;
    this.outputs.fail(error);
    this.wakeRoom(true);
  }

  private hasRoom(): boolean {
    return this.dead || (this.inputsWaiting < MAX_INPUT_CHUNKS && this.rowChunksWaiting < MAX_OUTPUT_CHUNKS);
  }

  private wakeRoom(force = false) {
    if (!this.roomWaiter || !(force || this.hasRoom())) return;
    const w = this.roomWaiter;
    this.roomWaiter = null;
    w();
  }
}
