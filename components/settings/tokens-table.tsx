import type { TokenView } from "@/lib/auth/tokens";
import { formatUtc } from "@/lib/format";
import { RevokeTokenButton } from "./tokens-revoke-button";

const when = (iso: string | null, none = "—") => (iso ? formatUtc(iso, false) : none);

function StatusBadge({ status }: { status: TokenView["status"] }) {
  return <span className={`badge ${status === "active" ? "status-done" : "status-failed"}`}>{status}</span>;
}

/** Every token: name, scope, kind, owner, created, expires, last used, status; revoke for active ones. */
export function TokensTable({ tokens }: { tokens: TokenView[] }) {
  if (!tokens.length) return <div className="empty">No tokens yet. Create one above, or run `npx aftermath tokens create`.</div>;
  return (
    <div className="table-wrap">
      <table className="data auto" data-testid="tokens-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Token</th>
            <th scope="col">Scope</th>
            <th scope="col">Kind</th>
            <th scope="col">Owner</th>
            <th scope="col">Created (UTC)</th>
            <th scope="col">Expires</th>
            <th scope="col">Last used</th>
            <th scope="col">Status</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((t) => (
            <tr key={t.id} data-testid="token-row" data-status={t.status} data-name={t.name}>
              <td>{t.name}</td>
              <td className="mono">{t.prefix}…</td>
              <td>{t.scope}</td>
              <td>{t.kind}</td>
              <td>{t.kind === "service" ? <span className="faint">—</span> : (t.ownerEmail ?? t.ownerUserId)}</td>
              <td className="mono" title={`by ${t.createdBy}`}>
                {when(t.createdAt)}
              </td>
              <td className="mono">{when(t.expiresAt, "never")}</td>
              <td className="mono" title={t.lastUsedIp ? `from ${t.lastUsedIp}` : undefined}>
                {when(t.lastUsedAt, "never")}
              </td>
              <td>
                <StatusBadge status={t.status} />
              </td>
              <td>{t.status === "active" ? <RevokeTokenButton id={t.id} name={t.name} /> : null}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
