import { AsyncQueue } from "./async-queue";
import { type ParseRequest, parseCloudTrail } from "./parse-cloudtrail";
import { FlowControlledJob } from "./parse-job";

/** A parse on the calling thread (no workers configured, or none available). */
export class InlineParseJob extends FlowControlledJob {
  private readonly input = new AsyncQueue<Uint8Array>(() => this.pulled());

  constructor(request: ParseRequest) {
    super(request);
    parseCloudTrail(this.input, request, (out) => this.produced(out)).catch((e) => this.failed(e));
  }

  protected send(chunk: Uint8Array) {
    this.input.push(chunk);
  }
  protected sendEnd() {
    this.input.close();
  }
  protected sendAbort(error: unknown) {
    this.input.fail(error);
  }
}
