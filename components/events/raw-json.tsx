"use client";

import { useMemo, useState } from "react";

/** Characters of a record shown before "Show all" (records can be megabytes). */
const PREVIEW_CHARS = 40_000;

/** An original log record, pretty-printed as plain (escaped) text, with a length cap and a copy button. */
export function RawJson({ value }: { value: unknown }) {
  const text = useMemo(() => JSON.stringify(value, null, 2) ?? "null", [value]);
  const [all, setAll] = useState(false);
  const [copied, setCopied] = useState(false);
  const shown = all || text.length <= PREVIEW_CHARS ? text : text.slice(0, PREVIEW_CHARS);
  return (
    <div>
      <div className="row-flex gap-bottom-6">
        <button
          type="button"
          className="btn small"
          onClick={() => {
            void navigator.clipboard?.writeText(text).then(() => setCopied(true));
          }}
        >
          {copied ? "Copied" : "Copy JSON"}
        </button>
        {text.length > PREVIEW_CHARS && !all ? (
          <button type="button" className="btn small" onClick={() => setAll(true)}>
            Show all ({Math.round(text.length / 1024)} KiB)
          </button>
        ) : null}
      </div>
      <pre className="raw" data-testid="raw-record">
        {shown}
        {shown.length < text.length ? "\n…" : null}
      </pre>
    </div>
  );
}
