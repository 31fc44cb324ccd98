/**
 * How a free-text term is matched (pure; the SQL is in lib/events/sql.ts, the plan choice in lib/events/queries.ts).
 *
 * A term matches an event when the event's search_text (lower-cased names, principals, access key id, IP, user
 * agent, error code, resources — lib/ingest/event-copy-text.ts searchTextOf) contains it, with one exception: a term
 * that is a whole AWS identifier (wholeIdTerm: a resource id such as `i-0abc…`, `vol-…`, `sg-…`, or an access key /
 * unique id such as `AKIA…`, `ASIA…`, `AROA…`) matches the events that mention that identifier as a whole word
 * (searchIdsOf), not inside a longer one: `i-01234567` does not match `i-0123456789abcdef0`. Those identifiers are
 * stored per event in search_ids and found through its GIN index, an exact lookup that costs the same at 10M events
 * as at 10k (the trigram index cannot: every id shares the common trigrams of `i-0…`).
 *
 * An id-shaped term (a UUID, or 16–64 letters, digits and dashes with a digit, as CloudTrail event IDs and AWS request
 * IDs are) also matches the event whose eventID or requestID is exactly that id, typed in lower or upper case: those
 * two ids are not part of search_text, and they are found by their btree indexes.
 */

/** pg_trgm's word characters are letters and digits; a LIKE pattern yields trigrams only from runs of three or more. */
export function trigramIndexable(term: string): boolean {
  return /[\p{L}\p{N}]{3}/u.test(term);
}

/** An AWS resource id: a lower-case prefix (one or two words), a dash, 8–17 hex digits (`i-…`, `tgw-attach-…`). */
const RESOURCE_ID = "[a-z]{1,12}(?:-[a-z]{1,12})?-[0-9a-f]{8,17}";
/** An access key id or IAM unique id (lower-cased): its four-letter kind, then 12–28 letters and digits. */
const KEY_ID = "(?:akia|asia|aroa|aida|agpa|anpa|anva|apka|aipa|asca|acca|abia)[a-z0-9]{12,28}";

/**
 * An identifier as a whole word of search_text: not preceded or followed by a letter, digit or underscore. The same
 * text is a JavaScript RegExp and a PostgreSQL ARE (the search_ids backfill in migration
 * 20261206085025_event_search_ids uses it; test/integration/search-ids-sql.test.ts checks both agree).
 */
export const SEARCH_ID_PATTERN = `(?<![a-z0-9_])(${RESOURCE_ID}|${KEY_ID})(?![a-z0-9_])`;

const WHOLE_ID = new RegExp(`^(?:${RESOURCE_ID}|${KEY_ID})$`);

/** Whether a (lower-cased) term is a whole AWS identifier, matched through search_ids instead of as a substring. */
export function wholeIdTerm(term: string): boolean {
  return WHOLE_ID.test(term);
}

/** Compiled once: searchIdsOf runs for every ingested row (matchAll works on a copy, so sharing it is safe). */
const SEARCH_IDS = new RegExp(SEARCH_ID_PATTERN, "g");

/** The identifiers a (lower-cased) search_text mentions as whole words, each once, in order: the search_ids column. */
export function searchIdsOf(searchText: string): string[] {
  const out = new Set<string>();
  for (const m of searchText.matchAll(SEARCH_IDS)) out.add(m[1]);
  return [...out];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ID_LIKE = /^[0-9a-z][0-9a-z-]{15,63}$/i;

/** Whether a term may be an eventID or a requestID (UUIDs; S3's 16-character hex ids; other services' ids). */
export function idShaped(term: string): boolean {
  return UUID.test(term) || (ID_LIKE.test(term) && /\d/.test(term));
}

/**
 * The reference semantics, for tests and for anything matching in memory: does an event with this search_text,
 * eventID and requestID match every term? (Terms are lower-cased, as searchTerms in lib/events/filters.ts makes them.)
 */
export function eventMatchesTerms(e: { searchText: string; eventId: string; requestId: string | null }, terms: readonly string[]): boolean {
  return terms.every((t) => {
    if (wholeIdTerm(t) ? searchIdsOf(e.searchText).includes(t) : e.searchText.includes(t)) return true;
    if (!idShaped(t)) return false;
    const ids = [t, t.toUpperCase()];
    return ids.includes(e.eventId) || (e.requestId !== null && ids.includes(e.requestId));
  });
}
