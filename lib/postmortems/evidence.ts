/**
 * Live evidence in post-mortem Markdown (pure). A fact pulled from the data is written as a link with the
 * `evidence:` scheme — `[DeleteStack](evidence:event/<CloudTrail eventID>)`, `[run](evidence:action/<session ref>/<key>)` —
 * and rendered by a component that shows the event's current facts and links to it (never pasted text). The
 * Markdown export turns each into a normal link to the event's stable URL.
 */

export type EvidenceRef = { type: "event"; eventId: string } | { type: "action"; sessionRef: string; actionKey: string };

const EVENT = /^evidence:event\/(.+)$/;
const ACTION = /^evidence:action\/([^/]+)\/(.+)$/;

export function evidenceEventHref(eventId: string): string {
  return `evidence:event/${encodeURIComponent(eventId)}`;
}

export function evidenceActionHref(sessionRef: string, actionKey: string): string {
  return `evidence:action/${encodeURIComponent(sessionRef)}/${encodeURIComponent(actionKey)}`;
}

function decode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

export function parseEvidenceHref(href: string | null | undefined): EvidenceRef | null {
  if (!href) return null;
  const e = EVENT.exec(href);
  if (e) {
    const id = decode(e[1]);
    return id ? { type: "event", eventId: id } : null;
  }
  const a = ACTION.exec(href);
  if (a) {
    const ref = decode(a[1]);
    const key = decode(a[2]);
    return ref && key ? { type: "action", sessionRef: ref, actionKey: key } : null;
  }
  return null;
}

/** The stable app URL of an evidence target: the event explorer drawer, or the session page anchored at the action. */
export function evidenceUrl(ref: EvidenceRef, sessionPath?: (sessionRef: string) => string | null): string {
  if (ref.type === "event") return `/events?event=${encodeURIComponent(ref.eventId)}`;
  const base = sessionPath?.(ref.sessionRef) ?? `/sessions?ref=${encodeURIComponent(ref.sessionRef)}`;
  return `${base}#action-${encodeURIComponent(ref.actionKey)}`;
}

/** Every CloudTrail eventID the Markdown cites as evidence (to load their facts for rendering), in order, unique. */
export function citedEventIds(markdown: string): string[] {
  const out = new Set<string>();
  for (const m of markdown.matchAll(/\]\(evidence:event\/([^)\s]+)\)/g)) {
    const id = decode(m[1]);
    if (id) out.add(id);
  }
  return [...out];
}

/** Rewrites evidence links to absolute-path URLs (for export); `base` prefixes them (e.g. https://aftermath.example). */
export function resolveEvidenceLinks(markdown: string, base = ""): string {
  return markdown.replace(/\]\((evidence:[^)\s]+)\)/g, (all, href: string) => {
    const ref = parseEvidenceHref(href);
    return ref ? `](${base}${evidenceUrl(ref)})` : all;
  });
}

/** Heading text → anchor id (GitHub-style), so every section has a stable URL: `#what-the-agent-did`. */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .trim()
    .replace(/[^\p{L}\p{N}\s-]/gu, "")
    .replace(/\s+/g, "-");
}
