import protobuf from "protobufjs/light.js";
import descriptor from "./descriptor.json";

/**
 * OTLP/HTTP protobuf bodies, decoded by protobufjs with the OpenTelemetry project's own message definitions
 * (lib/otlp/proto, compiled to descriptor.json), and turned into the OTLP/JSON shape the agent-log readers take:
 * lowerCamelCase fields, 64-bit integers as decimal strings, trace/span ids as hex, enums as numbers.
 */
export type OtlpSignal = "traces" | "logs";

const root = protobuf.Root.fromJSON(descriptor as protobuf.INamespace);
const TYPES = {
  traces: {
    request: root.lookupType("opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest"),
    response: root.lookupType("opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse"),
    rejected: "rejectedSpans",
  },
  logs: {
    request: root.lookupType("opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest"),
    response: root.lookupType("opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse"),
    rejected: "rejectedLogRecords",
  },
} as const;

export type DecodeResult = { ok: true; value: unknown } | { ok: false; error: string };

/** Bytes fields (trace_id, span_id, parent_span_id) become lowercase hex, as in OTLP/JSON. */
function hexBytes(v: unknown): unknown {
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("hex");
  if (Array.isArray(v)) return v.map(hexBytes);
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = hexBytes(x);
    return out;
  }
  return v;
}

/** An ExportTraceServiceRequest / ExportLogsServiceRequest as OTLP/JSON, or why it is not one. */
export function decodeOtlpProtobuf(signal: OtlpSignal, body: Uint8Array): DecodeResult {
  const type = TYPES[signal].request;
  try {
    const message = type.decode(body);
    const object = type.toObject(message, { longs: String, enums: Number, defaults: false });
    return { ok: true, value: hexBytes(object) };
  } catch (e) {
    return { ok: false, error: `malformed OTLP protobuf (${type.name}): ${(e as Error).message}` };
  }
}

/** The body of an OTLP/JSON export request, parsed, or why it is not JSON. */
export function decodeOtlpJson(body: Uint8Array): DecodeResult {
  try {
    return { ok: true, value: JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8")) };
  } catch (e) {
    return { ok: false, error: `malformed JSON: ${(e as Error).message}` };
  }
}

export interface ExportOutcome {
  /** Spans / log records refused (quarantined). */
  rejected: number;
  errorMessage: string;
}

/** ExportTraceServiceResponse / ExportLogsServiceResponse as OTLP/JSON (`{}` when everything was accepted). */
export function exportResponseJson(signal: OtlpSignal, outcome: ExportOutcome): Record<string, unknown> {
  if (outcome.rejected === 0) return {};
  return { partialSuccess: { [TYPES[signal].rejected]: String(outcome.rejected), errorMessage: outcome.errorMessage } };
}

/** The same response, protobuf-encoded. */
export function exportResponseProtobuf(signal: OtlpSignal, outcome: ExportOutcome): Uint8Array {
  const type = TYPES[signal].response;
  const payload =
    outcome.rejected === 0 ? {} : { partialSuccess: { [TYPES[signal].rejected]: outcome.rejected, errorMessage: outcome.errorMessage } };
  return type.encode(type.fromObject(payload)).finish();
}

/** Decodes a protobuf export response (for tests and clients). */
export function decodeExportResponse(signal: OtlpSignal, body: Uint8Array): Record<string, unknown> {
  const type = TYPES[signal].response;
  return type.toObject(type.decode(body), { longs: String, defaults: false }) as Record<string, unknown>;
}
