import type { DraftAction, LogBuilder } from "../builder";
import { readJsonLines } from "../jsonl";
import { type OtelItem, walkOtlp } from "../otlp";
import { readClaudeOtelEvent } from "./claude-code-otel";
import { readOtelSpan, sortSessionsByTime } from "./otel-genai";

/** A file of OTLP/JSON: one document (pretty or not), or JSONL of documents (collector file exporter). */
export function readOtlpDocuments(text: string, b: LogBuilder): void {
  let doc: unknown;
  let whole = true;
  try {
    doc = JSON.parse(text);
  } catch {
    whole = false;
  }
  const items: OtelItem[] = [];
  const sink = {
    item: (i: OtelItem) => items.push(i),
    bad: (index: number, line: number | null, reason: string, raw: unknown) => b.record({ index, line }, raw).quarantine(reason),
  };
  if (whole) walkOtlp(doc, sink, { index: 0, line: null });
  else {
    let index = 0;
    for (const l of readJsonLines(text)) {
      if (!l.ok) b.record({ index: index++, line: l.line }, l.text, l.text).quarantine(`invalid JSON: ${l.error}`);
      else index = walkOtlp(l.value, sink, { index, line: l.line });
    }
  }
  readItems(items, b);
}

export function readOtlpLogsJson(json: unknown, b: LogBuilder): void {
  readJson(json, b);
}

export function readOtlpTracesJson(json: unknown, b: LogBuilder): void {
  readJson(json, b);
}

function readJson(json: unknown, b: LogBuilder): void {
  const items: OtelItem[] = [];
  walkOtlp(
    json,
    { item: (i) => items.push(i), bad: (index, line, reason, raw) => b.record({ index, line }, raw).quarantine(reason) },
    { index: 0, line: null },
  );
  readItems(items, b);
}

/** Items are handled in time order (OTLP batches aren't ordered; a tool decision must be seen before its result). */
function readItems(items: OtelItem[], b: LogBuilder): void {
  const keyed = items.map((it) => ({ it, t: b.time(it.time) ?? Number.MAX_SAFE_INTEGER }));
  keyed.sort((x, y) => x.t - y.t || depth(x.it) - depth(y.it) || x.it.index - y.it.index);
  const spans = new Map<string, DraftAction>();
  for (const { it } of keyed) {
    const rec = b.record({ index: it.index, line: it.line }, it.raw);
    if (it.kind === "log") readClaudeOtelEvent(it, rec, b);
    else readOtelSpan(it, rec, b, spans);
    rec.done();
  }
  sortSessionsByTime(b);
}

/** Parents before children when they start at the same instant. */
function depth(it: OtelItem): number {
  return it.name.split(".").length + (it.parentSpanId ? 1 : 0);
}
