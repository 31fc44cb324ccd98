import type { Metadata } from "next";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { PagerLinks } from "@/components/pager-links";
import { auditFilterParams, parseAuditFilter } from "@/lib/audit/filters";
import { AUDIT_PAGE_SIZE, auditActions, listAudit } from "@/lib/audit/queries";
import { auditRetentionDays } from "@/lib/audit/retention";
import { requireUser } from "@/lib/auth/require-user";
import { getStore } from "@/lib/db";
import { OffsetParam } from "@/lib/http/search-params";

export const metadata: Metadata = { title: "Audit log" };
export const dynamic = "force-dynamic";

/** Settings → Audit log (permission "audit:read"): server-paged, filters in the URL, CSV/JSONL export. */
export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireUser("audit:read");
  const sp = await searchParams;
  const filter = parseAuditFilter(sp);
  const offset = OffsetParam.parse(sp.offset);
  const store = await getStore();
  const [{ rows, total }, actions] = await Promise.all([listAudit(store, filter, { offset }), auditActions(store)]);
  const exportHref = (format: string) => `/api/audit/export?${auditFilterParams(filter, { format })}`;
  let retention: string;
  try {
    const days = auditRetentionDays();
    retention = days === null ? "kept forever" : `kept ${days} days`;
  } catch (e) {
    retention = (e as Error).message;
  }
  return (
    <>
      <div className="page-header">
        <h1>Audit log</h1>
        <span className="sub">Every change, who made it and from where; append-only ({retention}).</span>
        <span className="actions">
          <a className="btn small" href={exportHref("csv")} data-testid="export-csv" download>
            Export CSV
          </a>
          <a className="btn small" href={exportHref("jsonl")} data-testid="export-jsonl" download>
            Export JSONL
          </a>
        </span>
      </div>
      <section className="panel">
        <AuditFilters filter={filter} actions={actions} />
      </section>
      <section className="panel" aria-label="Audit rows">
        <AuditTable rows={rows} />
        <PagerLinks
          total={total}
          offset={offset}
          limit={AUDIT_PAGE_SIZE}
          href={(o) => `/settings/audit?${auditFilterParams(filter, { offset: o || undefined })}`}
        />
      </section>
    </>
  );
}
