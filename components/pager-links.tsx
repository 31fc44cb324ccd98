import Link from "next/link";

/** Offset pager for small server-rendered lists: "1–50 of 1,234  ← Previous  Next →". */
export function PagerLinks({
  total,
  offset,
  limit,
  href,
}: {
  total: number;
  offset: number;
  limit: number;
  href: (offset: number) => string;
}) {
  if (total <= limit && offset === 0) return null;
  const end = Math.min(total, offset + limit);
  return (
    <nav className="pager" aria-label="Pages">
      <span className="info">
        {total === 0 ? 0 : offset + 1}–{end} of {total.toLocaleString("en-US")}
      </span>
      {offset > 0 ? (
        <Link className="btn small" href={href(Math.max(0, offset - limit))} scroll={false}>
          ← Previous
        </Link>
      ) : (
        <span className="btn small" aria-disabled="true">
          ← Previous
        </span>
      )}
      {end < total ? (
        <Link className="btn small" href={href(offset + limit)} scroll={false}>
          Next →
        </Link>
      ) : (
        <span className="btn small" aria-disabled="true">
          Next →
        </span>
      )}
    </nav>
  );
}
