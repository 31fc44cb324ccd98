import type { Metadata } from "next";
import Link from "next/link";
import { FacetSelect } from "@/components/filters/facet-select";
import { requireUser } from "@/lib/auth/require-user";
import { getStore } from "@/lib/db";
import { PostMortemStatus, STATUS_LABEL } from "@/lib/postmortems/model";
import { listPostMortems } from "@/lib/postmortems/queries";

export const metadata: Metadata = { title: "Post-mortems" };

function age(iso: string, now: number): string {
  const d = Math.floor((now - Date.parse(iso)) / 86_400_000);
  return d < 1 ? "today" : d === 1 ? "1 day" : `${d} days`;
}

/** Every post-mortem: status, owner, reviewers, incident, age; filters in the URL. */
export default async function PostMortemsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireUser("data:read");
  const sp = await searchParams;
  const one = (x: string | string[] | undefined) => (Array.isArray(x) ? x[0] : x)?.trim().slice(0, 200) || undefined;
  const status = PostMortemStatus.safeParse(one(sp.status)).data;
  const owner = one(sp.owner);
  const reviewer = one(sp.reviewer);
  const rows = await listPostMortems(await getStore(), { status, owner, reviewer });
  const now = Date.now();
  return (
    <>
      <div className="page-header">
        <h1>Post-mortems</h1>
        <span className="sub">One per incident, drafted from the reconstruction; reviewed by someone other than the author.</span>
        <span className="actions">
          <Link href="/action-items" className="btn">
            Action items
          </Link>
        </span>
      </div>
      <form className="panel" method="get" action="/postmortems" aria-label="Filter post-mortems">
        <div className="filters-row" style={{ borderTop: 0 }}>
          <FacetSelect
            label="Status"
            name="status"
            value={status}
            values={[...PostMortemStatus.options]}
            allLabel="Any"
            optionLabel={(s) => STATUS_LABEL[s as keyof typeof STATUS_LABEL]}
          />
          <label className="field">
            <span>Owner</span>
            <input className="input" name="owner" defaultValue={owner ?? ""} />
          </label>
          <label className="field">
            <span>Reviewer</span>
            <input className="input" name="reviewer" defaultValue={reviewer ?? ""} />
          </label>
          <button type="submit" className="btn">
            Filter
          </button>
          <Link href="/postmortems" className="btn">
            Reset
          </Link>
        </div>
      </form>
      <section className="panel" aria-label="Post-mortem list">
        {rows.length ? (
          <div className="table-wrap">
            <table className="table" data-testid="postmortems-table">
              <thead>
                <tr>
                  <th>Post-mortem</th>
                  <th>Status</th>
                  <th>Owner</th>
                  <th>Reviewers</th>
                  <th>Incident</th>
                  <th>Age</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.incidentId}>
                    <td>
                      <Link href={`/postmortems/${r.incidentId}`}>{r.title}</Link>
                    </td>
                    <td>{STATUS_LABEL[PostMortemStatus.catch("draft").parse(r.status)]}</td>
                    <td>{r.owner}</td>
                    <td>
                      {r.reviewers.map((x) => `${x.reviewer}${x.decision ? ` (${x.decision.replace("_", " ")})` : ""}`).join(", ") || "—"}
                    </td>
                    <td>
                      <Link href={`/incidents/${r.incidentId}`}>{r.incidentTitle}</Link>
                    </td>
                    <td className="nowrap">{age(r.createdAt, now)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <div className="empty">
            No post-mortems{status || owner || reviewer ? " match these filters" : " yet: open one from an incident"}.
          </div>
        )}
      </section>
    </>
  );
}
