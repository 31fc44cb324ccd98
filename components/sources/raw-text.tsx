"use client";

import { useState } from "react";

const PREVIEW = 1200;

/**
 * A raw record as received (attacker-controlled text): rendered as escaped text in a <pre>, first PREVIEW
 * characters, "Show more" for the rest of what the server sent (which is itself capped; fullLength says how long
 * the stored text is).
 */
export function RawText({ text, fullLength }: { text: string; fullLength: number }) {
  const [open, setOpen] = useState(false);
  const long = text.length > PREVIEW;
  const shown = open || !long ? text : text.slice(0, PREVIEW);
  const hidden = fullLength - shown.length;
  return (
    <div>
      <pre className="raw short" data-testid="raw-text">
        {shown}
        {hidden > 0 ? "…" : null}
      </pre>
      <div className="faint row-flex mt-4">
        {long ? (
          <button type="button" className="linklike" onClick={() => setOpen(!open)}>
            {open ? "Show less" : `Show more (${(text.length - PREVIEW).toLocaleString("en-US")} more characters)`}
          </button>
        ) : null}
        {open && fullLength > text.length ? (
          <span>{(fullLength - text.length).toLocaleString("en-US")} further characters are stored but not shown.</span>
        ) : null}
        {text.length === 0 ? <span>(empty record)</span> : null}
      </div>
    </div>
  );
}
