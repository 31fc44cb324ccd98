import { isObject, str } from "./jsonl";

/** One OTLP log record or span, normalized from OTLP/JSON or from the Elastic receiver's flattened shape. */
export interface OtelItem {
  kind: "log" | "span";
  /** Log: event name (`claude_code.tool_result`, `tool_result`); span: span name. */
  name: string;
  attrs: Record<string, unknown>;
  resource: Record<string, unknown>;
  time: unknown;
  endTime: unknown;
  /** Span duration in ns when given instead of an end time (Elastic shape). */
  durationNs: number | null;
  traceId: string | null;
  spanId: string | null;
  parentSpanId: string | null;
  statusError: boolean;
  statusMessage: string | null;
  raw: unknown;
  /** Position of the item in its input. */
  index: number;
  line: number | null;
}

/** OTLP AnyValue → plain JS value. */
export function anyValue(v: unknown): unknown {
  if (!isObject(v)) return v;
  if ("stringValue" in v) return v.stringValue;
  if ("intValue" in v) return typeof v.intValue === "string" ? Number(v.intValue) : v.intValue;
  if ("doubleValue" in v) return v.doubleValue;
  if ("boolValue" in v) return v.boolValue;
  if ("bytesValue" in v) return v.bytesValue;
  if ("arrayValue" in v) return isObject(v.arrayValue) && Array.isArray(v.arrayValue.values) ? v.arrayValue.values.map(anyValue) : [];
  if ("kvlistValue" in v) return isObject(v.kvlistValue) ? attributes(v.kvlistValue.values) : {};
  return v;
}

/** `[{key, value: AnyValue}]` (OTLP) or an already flat object (Elastic) → object. */
export function attributes(list: unknown): Record<string, unknown> {
  if (isObject(list)) return list;
  const out: Record<string, unknown> = {};
  if (Array.isArray(list)) for (const kv of list) if (isObject(kv) && typeof kv.key === "string") out[kv.key] = anyValue(kv.value);
  return out;
}

function statusOf(status: unknown): { error: boolean; message: string | null } {
  if (!isObject(status)) return { error: false, message: null };
  const code = status.code;
  const error = code === 2 || code === "2" || (typeof code === "string" && /error/i.test(code));
  return { error, message: str(status.message) };
}

export interface OtelSink {
  item(item: OtelItem): void;
  /** A container that can't be read (wrong type): counted as one quarantined record. */
  bad(index: number, line: number | null, reason: string, raw: unknown): void;
}

/** Walk an OTLP/JSON logs or traces document, or an Elastic `{events:[…]}` document, calling `sink` per item. */
export function walkOtlp(doc: unknown, sink: OtelSink, start: { index: number; line: number | null }): number {
  let index = start.index;
  const next = () => index++;
  if (!isObject(doc)) {
    sink.bad(next(), start.line, "document: expected a JSON object", doc);
    return index;
  }
  const groups: [string, string, string][] = [
    ["resourceLogs", "scopeLogs", "logRecords"],
    ["resourceLogs", "instrumentationLibraryLogs", "logRecords"],
    ["resourceSpans", "scopeSpans", "spans"],
    ["resourceSpans", "instrumentationLibrarySpans", "spans"],
  ];
  let matched = false;
  for (const [rk, sk, ik] of groups) {
    if (!(rk in doc)) continue;
    if (!Array.isArray(doc[rk])) {
      sink.bad(next(), start.line, `${rk}: expected array`, doc[rk]);
      matched = true;
      break;
    }
    for (const r of doc[rk] as unknown[]) {
      if (!isObject(r) || !(sk in r)) continue;
      matched = true;
      const resource = attributes(isObject(r.resource) ? r.resource.attributes : undefined);
      for (const scope of Array.isArray(r[sk]) ? (r[sk] as unknown[]) : []) {
        const items = isObject(scope) && Array.isArray(scope[ik]) ? (scope[ik] as unknown[]) : [];
        for (const it of items) {
          const i = next();
          if (!isObject(it)) sink.bad(i, start.line, `${ik}[]: expected object`, it);
          else sink.item(fromOtlp(it, ik === "spans" ? "span" : "log", resource, i, start.line));
        }
      }
    }
    if (matched) break;
  }
  if (!matched && Array.isArray(doc.events)) {
    matched = true;
    for (const ev of doc.events) {
      const i = next();
      if (!isObject(ev)) sink.bad(i, start.line, "events[]: expected object", ev);
      else sink.item(fromElastic(ev, i, start.line));
    }
  }
  if (!matched && index === start.index) sink.bad(next(), start.line, "document: no resourceLogs, resourceSpans or events", doc);
  return index;
}

function fromOtlp(
  it: Record<string, unknown>,
  kind: "log" | "span",
  resource: Record<string, unknown>,
  index: number,
  line: number | null,
): OtelItem {
  const attrs = attributes(it.attributes);
  const st = statusOf(it.status);
  const body = anyValue(it.body);
  const name =
    kind === "span" ? String(it.name ?? "") : String(attrs["event.name"] ?? it.eventName ?? (typeof body === "string" ? body : ""));
  return {
    kind,
    name,
    attrs,
    resource,
    time: kind === "span" ? it.startTimeUnixNano : (it.timeUnixNano ?? it.observedTimeUnixNano ?? attrs["event.timestamp"]),
    endTime: kind === "span" ? it.endTimeUnixNano : null,
    durationNs: null,
    traceId: str(it.traceId),
    spanId: str(it.spanId),
    parentSpanId: str(it.parentSpanId),
    statusError: st.error,
    statusMessage: st.message,
    raw: it,
    index,
    line,
  };
}

function fromElastic(ev: Record<string, unknown>, index: number, line: number | null): OtelItem {
  const attrs = attributes(ev.attributes);
  const resource = attributes(isObject(ev.resource) ? ev.resource.attributes : undefined);
  const st = statusOf(ev.status);
  const isSpan = "span_id" in ev && typeof ev.name === "string";
  const body = isObject(ev.body) ? str(ev.body.text) : str(ev.body);
  return {
    kind: isSpan ? "span" : "log",
    name: isSpan ? String(ev.name) : String(attrs["event.name"] ?? ev.event_name ?? body ?? ""),
    attrs,
    resource,
    time: ev["@timestamp"] ?? attrs["event.timestamp"] ?? ev.observed_timestamp,
    endTime: null,
    durationNs: typeof ev.duration === "number" ? ev.duration : null,
    traceId: str(ev.trace_id),
    spanId: str(ev.span_id),
    parentSpanId: str(ev.parent_span_id),
    statusError: st.error,
    statusMessage: st.message,
    raw: ev,
    index,
    line,
  };
}
