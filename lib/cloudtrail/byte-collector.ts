/**
 * Collects the bytes of one element that may span several input chunks, with a hard size cap so a
 * single giant (or runaway) element cannot exhaust memory. Slices are kept zero-copy until `take()`.
 */
export class ByteCollector {
  private parts: Buffer[] = [];
  private kept = 0;
  /** Total bytes seen for this element, including those dropped past the cap. */
  bytes = 0;
  startOffset = 0;
  startLine = 1;

  constructor(private readonly cap: number) {}

  begin(offset: number, line: number): void {
    this.parts = [];
    this.kept = 0;
    this.bytes = 0;
    this.startOffset = offset;
    this.startLine = line;
  }

  /**
   * Add bytes. `copy`: the slice points into a chunk the caller may reuse after this call, so keep a copy
   * (only of the part within the cap); without it the slice is kept as is (use when decoded before returning).
   */
  add(slice: Buffer, copy = false): void {
    this.bytes += slice.length;
    const room = this.cap - this.kept;
    if (room <= 0) return;
    const within = slice.length > room ? slice.subarray(0, room) : slice;
    const part = copy || within !== slice ? Buffer.from(within) : within;
    this.parts.push(part);
    this.kept += part.length;
  }

  /** True when bytes were dropped because the element exceeded the cap. */
  get truncated(): boolean {
    return this.bytes > this.kept;
  }

  /** The collected text (UTF-8; a multibyte character cut by the cap becomes U+FFFD). Resets the collector. */
  take(): string {
    const text = this.parts.length === 1 ? this.parts[0].toString("utf8") : Buffer.concat(this.parts, this.kept).toString("utf8");
    this.parts = [];
    this.kept = 0;
    return text;
  }

  /** Detach the collected slices from the chunk they point into (call before the chunk buffer may be reused). */
  reset(): void {
    this.parts = [];
    this.kept = 0;
    this.bytes = 0;
  }
}
