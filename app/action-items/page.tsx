import type { Metadata } from "next";
import Link from "next/link";
import { FacetSelect } from "@/components/filters/facet-select";
import { ActionItemsTable } from "@/components/postmortems/action-items-table";
import { requireUser } from "@/lib/auth/require-user";
import { getStore } from "@/lib/db";
import { ActionItemStatus } from "@/lib/postmortems/model";
import { listActionItems } from "@/lib/postmortems/queries";

export const metadata: Metadata = { title: "Action items" };

/** Action items across incidents; overdue ones highlighted; filters in the URL. */
export default async function ActionItemsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireUser("data:read");
  const sp = await searchParams;
  const one = (x: string | string[] | undefined) => (Array.isArray(x) ? x[0] : x)?.trim().slice(0, 200) || undefined;
  const status = ActionItemStatus.safeParse(one(sp.status)).data;
  const owner = one(sp.owner);
  const overdue = one(sp.overdue) === "1";
  const items = await listActionItems(await getStore(), { status, owner, overdue });
  return (
    <>
      <div className="page-header">
        <h1>Action items</h1>
        <span className="sub">
          {items.length} item(s), {items.filter((i) => i.overdue).length} overdue
        </span>
        <span className="actions">
          <Link href="/postmortems" className="btn">
            Post-mortems
          </Link>
        </span>
      </div>
      <form className="panel" method="get" action="/action-items" aria-label="Filter action items">
        <div className="filters-row" style={{ borderTop: 0 }}>
          <FacetSelect
            label="Status"
            name="status"
            value={status}
            values={[...ActionItemStatus.options]}
            allLabel="Any"
            optionLabel={(s) => s.replace("_", " ")}
          />
          <label className="field">
            <span>Owner</span>
            <input className="input" name="owner" defaultValue={owner ?? ""} />
          </label>
          <label className="chip" style={{ alignSelf: "flex-end" }}>
            <input type="checkbox" name="overdue" value="1" defaultChecked={overdue} />
            Overdue only
          </label>
          <button type="submit" className="btn">
            Filter
          </button>
        </div>
      </form>
      <section className="panel" aria-label="Action items">
        <ActionItemsTable items={items} withIncident />
      </section>
    </>
  );
}
