import type { ParseOutput, ParseRequest } from "./parse-cloudtrail";

/** Messages between the parse pool (main thread) and a parse worker. */
export type ToWorker =
  | { op: "start"; id: number; request: ParseRequest }
  | { op: "chunk"; id: number; chunk: Uint8Array }
  | { op: "end"; id: number }
  | { op: "abort"; id: number; message: string };

export type FromWorker =
  | { id: number; type: "pulled" }
  | { id: number; type: "out"; out: ParseOutput }
  | { id: number; type: "error"; message: string };
