import Link from "next/link";

/**
 * The end of a GET filter form: keeps a non-default sort across "Apply", and offers Reset (back to `resetHref`)
 * when something is filtered.
 */
export function FilterActions({
  resetHref,
  filtered,
  sort,
  dir,
  defaultSort,
}: {
  resetHref: string;
  filtered: boolean;
  sort: string;
  dir: string;
  defaultSort: { sort: string; dir: string };
}) {
  return (
    <>
      {sort !== defaultSort.sort || dir !== defaultSort.dir ? (
        <>
          <input type="hidden" name="sort" value={sort} />
          <input type="hidden" name="dir" value={dir} />
        </>
      ) : null}
      <span className="push-right button-row align-end">
        {filtered ? (
          <Link href={resetHref} className="btn">
            Reset
          </Link>
        ) : null}
        <button type="submit" className="btn primary">
          Apply
        </button>
      </span>
    </>
  );
}
