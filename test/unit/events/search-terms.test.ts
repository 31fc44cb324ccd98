import { describe, expect, it } from "vitest";
import { eventMatchesTerms, idShaped, trigramIndexable } from "@/lib/events/search-terms";

describe("free-text term rules", () => {
  it("a term has a trigram when it has a run of 3 letters or digits", () => {
    expect(trigramIndexable("s3")).toBe(false);
    expect(trigramIndexable("a-b-c")).toBe(false);
    expect(trigramIndexable("ec2")).toBe(true);
    expect(trigramIndexable("i-0abc")).toBe(true);
  });

  it("id-shaped: UUIDs and long dash-separated alphanumerics with a digit", () => {
    expect(idShaped("cbc17612-ed95-4a9f-ab74-3c2d966cb295")).toBe(true);
    expect(idShaped("3e57427f3example")).toBe(true); // S3 request id, lower-cased
    expect(idShaped("asiaexample049946255")).toBe(true);
    expect(idShaped("describeinstances")).toBe(false); // no digit
    expect(idShaped("arn:aws:s3:::bucket-1")).toBe(false);
    expect(idShaped("i-0abc")).toBe(false); // too short
  });

  it("matches substrings of search_text, and whole eventIDs / requestIDs in either case", () => {
    const e = {
      searchText: "getobject s3.amazonaws.com asiaexample000000101",
      eventId: "cbc17612-ed95-4a9f-ab74-3c2d966cb295",
      requestId: "3E57427F3EXAMPLE",
    };
    expect(eventMatchesTerms(e, ["getobj", "s3."])).toBe(true);
    expect(eventMatchesTerms(e, ["getobj", "putobject"])).toBe(false);
    expect(eventMatchesTerms(e, ["cbc17612-ed95-4a9f-ab74-3c2d966cb295"])).toBe(true);
    expect(eventMatchesTerms(e, ["cbc17612-ed95"])).toBe(false); // ids match whole
    expect(eventMatchesTerms(e, ["3e57427f3example"])).toBe(true);
    expect(eventMatchesTerms({ ...e, requestId: null }, ["3e57427f3example"])).toBe(false);
  });
});
