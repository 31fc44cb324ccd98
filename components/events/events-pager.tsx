import Link from "next/link";
import type { EventUrlState } from "@/lib/events/filters";
import type { SortKey } from "@/lib/events/sort";
import type { EventPage } from "@/lib/events/types";
import { eventsHref } from "@/lib/events/url";

const SORT_LABEL: Record<SortKey, string> = {
  eventTime: "time",
  eventName: "event name",
  eventSource: "service",
  principal: "principal",
  risk: "risk",
  region: "region",
  account: "account",
};

function PageLink({ href, label, testId }: { href: string | null; label: string; testId: string }) {
  if (!href) {
    return (
      <span className="btn small" aria-disabled="true" data-testid={testId}>
        {label}
      </span>
    );
  }
  return (
    <Link className="btn small" href={href} scroll={false} data-testid={testId}>
      {label}
    </Link>
  );
}

/** Cursor pager under the event list: First / Previous / Next links built from the page's cursors. */
export function EventsPager({
  page,
  state,
  shown,
  firstPage,
}: {
  page: EventPage;
  state: EventUrlState;
  shown: number;
  firstPage: boolean;
}) {
  return (
    <nav className="pager" aria-label="Pages">
      <span className="info">
        {shown > 0 ? (
          <>
            Showing {shown} {shown === 1 ? "event" : "events"}
            {firstPage ? " from the start" : ""} · sorted by {SORT_LABEL[state.sort]}, {state.dir === "asc" ? "ascending" : "descending"}
          </>
        ) : null}
      </span>
      {!firstPage ? (
        <Link className="btn small" href={eventsHref(state, { cursor: undefined })} scroll={false}>
          ⇤ First
        </Link>
      ) : null}
      <PageLink href={page.prevCursor ? eventsHref(state, { cursor: page.prevCursor }) : null} label="← Previous" testId="page-prev" />
      <PageLink href={page.nextCursor ? eventsHref(state, { cursor: page.nextCursor }) : null} label="Next →" testId="page-next" />
    </nav>
  );
}
