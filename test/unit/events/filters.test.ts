import { describe, expect, it } from "vitest";
import { encodeCursor } from "@/lib/events/cursor";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, parseEventSearchParams, searchTerms } from "@/lib/events/filters";
import { eventsHref, eventsQuery } from "@/lib/events/url";

const NOW = Date.parse("2025-03-01T12:00:00.000Z");
const parse = (qs: string | Record<string, string | string[] | undefined>) =>
  parseEventSearchParams(typeof qs === "string" ? new URLSearchParams(qs) : qs, NOW);

describe("parseEventSearchParams", () => {
  it("gives defaults for an empty URL", () => {
    const { filter, issues, state } = parse("");
    expect(issues).toEqual([]);
    expect(filter).toMatchObject({
      from: null,
      to: null,
      risk: [],
      errorsOnly: false,
      terms: [],
      sort: "eventTime",
      dir: "desc",
      cursor: null,
      limit: DEFAULT_PAGE_SIZE,
    });
    expect(eventsQuery(state)).toBe("");
  });

  it("parses every filter", () => {
    const { filter, issues } = parse(
      "from=2025-03-01T10:00:00Z&to=2025-03-01T11:00&account=111111111111&region=us-east-1&principal=AgentRole&service=ec2.amazonaws.com&name=Delete*&risk=destructive&risk=privilege,write&errors=1&q=Prod  DB prod&sort=risk&dir=asc&limit=20",
    );
    expect(issues).toEqual([]);
    expect(filter).toMatchObject({
      from: Date.parse("2025-03-01T10:00:00Z"),
      to: Date.parse("2025-03-01T11:00:00Z"),
      account: "111111111111",
      region: "us-east-1",
      principal: "AgentRole",
      service: "ec2.amazonaws.com",
      eventName: "Delete*",
      risk: ["write", "destructive", "privilege"], // RiskClass order, de-duplicated
      errorsOnly: true,
      terms: ["prod", "db"],
      sort: "risk",
      dir: "asc",
      limit: 20,
    });
  });

  it("accepts Next.js searchParams objects with repeated keys", () => {
    const { filter } = parse({ risk: ["destructive", "read"], q: "x", region: undefined });
    expect(filter.risk).toEqual(["read", "destructive"]);
    expect(filter.terms).toEqual(["x"]);
  });

  it("resolves relative times against now and keeps them relative in links", () => {
    const { filter, state } = parse("from=24h");
    expect(filter.from).toBe(NOW - 24 * 3_600_000);
    expect(filter.to).toBeNull();
    expect(eventsQuery(state)).toBe("?from=24h");
    expect(parse("from=-15m").filter.from).toBe(NOW - 15 * 60_000);
    expect(parse("from=2025-03-01").filter.from).toBe(Date.parse("2025-03-01T00:00:00Z"));
  });

  it("ignores a sort column outside the allow-list", () => {
    for (const bad of ["raw", "search_text", "event_time; drop table x", "__proto__", "constructor", "eventtime"]) {
      const { filter, issues } = parse({ sort: bad });
      expect(filter.sort).toBe("eventTime");
      expect(issues).toEqual(['Ignored "sort": not a sortable column']);
    }
    expect(parse("dir=sideways").filter.dir).toBe("desc");
  });

  it("drops hostile and malformed values without throwing", () => {
    const hostile = {
      from: "'; DROP TABLE cloudtrail_event; --",
      to: "2025-13-45T99:99:99Z",
      region: "us-east-1' OR '1'='1",
      account: "a".repeat(5000),
      principal: "bad\u0000byte",
      q: "x".repeat(201),
      errors: "maybe",
      limit: "-5",
      risk: ["catastrophic", "DESTRUCTIVE"],
      cursor: "!!!not-base64!!!",
      unknown: "whatever",
    };
    const { filter, issues } = parse(hostile);
    expect(filter).toMatchObject({
      from: null,
      to: null,
      region: null,
      account: null,
      principal: null,
      terms: [],
      errorsOnly: false,
      limit: DEFAULT_PAGE_SIZE,
      cursor: null,
      risk: ["destructive"],
    });
    expect(issues.length).toBeGreaterThanOrEqual(9);
    // messages name the parameter, never echo the value
    for (const i of issues) expect(i).not.toMatch(/DROP|OR '1'|aaaa/);
  });

  it("caps the page size at 200", () => {
    expect(parse("limit=100000").filter.limit).toBe(MAX_PAGE_SIZE);
    expect(parse("limit=0").filter.limit).toBe(DEFAULT_PAGE_SIZE);
    expect(parse("limit=1e3").filter.limit).toBe(DEFAULT_PAGE_SIZE);
    expect(parse("limit=7").filter.limit).toBe(7);
  });

  it("ignores a 'to' that is not after 'from'", () => {
    const { filter, issues } = parse("from=2025-03-01T11:00Z&to=2025-03-01T10:00Z");
    expect(filter.from).toBe(Date.parse("2025-03-01T11:00Z"));
    expect(filter.to).toBeNull();
    expect(issues).toHaveLength(1);
  });

  it("takes a cursor only for the sort it was made for", () => {
    const c = encodeCursor({ key: "eventName", dir: "asc", value: "PutObject", id: "42", before: false });
    expect(parse(`sort=eventName&dir=asc&cursor=${c}`).filter.cursor).toEqual({
      key: "eventName",
      dir: "asc",
      value: "PutObject",
      id: "42",
      before: false,
    });
    const other = parse(`sort=eventTime&cursor=${c}`);
    expect(other.filter.cursor).toBeNull();
    expect(other.state.cursor).toBeUndefined();
    expect(other.issues).toHaveLength(1);
  });

  it("splits free text into at most 8 distinct lower-cased terms", () => {
    expect(searchTerms(" A  b a ")).toEqual(["a", "b"]);
    expect(searchTerms("1 2 3 4 5 6 7 8 9 10")).toHaveLength(8);
  });
});

describe("eventsHref", () => {
  const { state } = parse(
    `risk=destructive&sort=eventName&dir=asc&cursor=${encodeCursor({ key: "eventName", dir: "asc", value: "A", id: "1", before: false })}`,
  );

  it("round-trips through the parser", () => {
    const href = eventsHref(state);
    const again = parse(href.split("?")[1] ?? "");
    expect(again.state).toEqual(state);
  });

  it("drops the cursor when a filter or the sort changes", () => {
    expect(eventsHref(state, { region: "eu-west-1" })).not.toContain("cursor=");
    expect(eventsHref(state, { sort: "risk", dir: "desc" })).not.toContain("cursor=");
    expect(eventsHref(state, { cursor: "abc" })).toContain("cursor=abc");
  });

  it("encodes values safely", () => {
    const href = eventsHref({}, { q: "a&b=c #x" });
    expect(parse(href.split("?")[1]).filter.terms).toEqual(["a&b=c", "#x"]);
  });
});
