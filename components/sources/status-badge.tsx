const KNOWN = new Set(["pending", "running", "done", "failed", "interrupted"]);

export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge ${KNOWN.has(status) ? `status-${status}` : "neutral"}`}>{status}</span>;
}
