const LABEL: Record<string, string> = {
  quarantined: "all quarantined",
  "partly-quarantined": "partly quarantined",
};
const KNOWN = new Set(["pending", "running", "done", "failed", "interrupted", "quarantined", "partly-quarantined"]);
const HINT: Record<string, string> = {
  done: "every record was read; nothing quarantined",
  quarantined: "the file was read but every record was quarantined: nothing from it is in the store",
  "partly-quarantined": "some records were quarantined (see the file for why)",
  failed: "the ingest stopped with an error",
  interrupted: "the ingest was stopped before it finished",
};

/** A file's ingest status; "done" only when nothing was quarantined (see lib/sources/grouping.ts effectiveStatus). */
export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`badge ${KNOWN.has(status) ? `status-${status}` : "neutral"}`} title={HINT[status]} data-testid="source-status">
      {LABEL[status] ?? status}
    </span>
  );
}
