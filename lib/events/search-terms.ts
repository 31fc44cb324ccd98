/**
 * How a free-text term is matched (pure; the SQL is in lib/events/sql.ts, the plan choice in lib/events/queries.ts).
 *
 * A term matches an event when the event's search_text (lower-cased names, principals, access key id, IP, user
 * agent, error code, resources — lib/ingest/event-copy-text.ts searchTextOf) contains it. An id-shaped term (a UUID,
 * or 16–64 letters, digits and dashes with a digit, as CloudTrail event IDs and AWS request IDs are) also matches the
 * event whose eventID or requestID is exactly that id, typed in lower or upper case: those two ids are not part of
 * search_text, and they are found by their btree indexes.
 */

/** pg_trgm's word characters are letters and digits; a LIKE pattern yields trigrams only from runs of three or more. */
export function trigramIndexable(term: string): boolean {
  return /[\p{L}\p{N}]{3}/u.test(term);
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
    if (e.searchText.includes(t)) return true;
    if (!idShaped(t)) return false;
    const ids = [t, t.toUpperCase()];
    return ids.includes(e.eventId) || (e.requestId !== null && ids.includes(e.requestId));
  });
}
