import { describe, expect, it } from "vitest";
import { eventMatchesTerms, idShaped, searchIdsOf, trigramIndexable, wholeIdTerm } from "@/lib/events/search-terms";

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

  it("whole AWS identifiers: resource ids and access key / unique ids", () => {
    for (const t of [
      "i-0123456789abcdef0",
      "i-01234567",
      "vol-0abc1234",
      "sg-0a1b2c3d4e5f60718",
      "tgw-attach-0123456789abcdef0",
      "asiaexample000000101",
      "akiaiosfodnn7example",
      "aroa3xfrbf535pls7z5uq",
    ])
      expect(wholeIdTerm(t), t).toBe(true);
    for (const t of [
      "i-0abc",
      "i-0123456789abcdef0123",
      "instance/i-0123456789abcdef0",
      "describeinstances",
      "asiaexample",
      "0123456789abcdef0",
      "us-east-1",
      "i-0123456789abcdefg",
    ])
      expect(wholeIdTerm(t), t).toBe(false);
  });

  it("search_ids: the identifiers a search_text mentions as whole words, once each, in order", () => {
    const text =
      "terminateinstances arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0 i-0123456789abcdef0 vol-0abc1234-backup " +
      "xi-0fedcba98 i-0123456789abcdef0123 snap_i-01234567 akiaiosfodnn7example,asia0000000000001234 sg-0a1b2c3d";
    // "xi-0fedcba98" is an id word of its own (so "i-0fedcba98" is not in the list); the 20-hex and snap_ ones are not words
    expect(searchIdsOf(text)).toEqual([
      "i-0123456789abcdef0",
      "vol-0abc1234",
      "xi-0fedcba98",
      "akiaiosfodnn7example",
      "asia0000000000001234",
      "sg-0a1b2c3d",
    ]);
    expect(searchIdsOf("getobject s3.amazonaws.com")).toEqual([]);
  });

  it("a whole id matches as a word of search_text, not as a substring", () => {
    const e = { searchText: "runinstances i-0123456789abcdef0 asiaexample000000101", eventId: "e1", requestId: null };
    expect(eventMatchesTerms(e, ["i-0123456789abcdef0"])).toBe(true);
    expect(eventMatchesTerms(e, ["i-01234567"])).toBe(false); // a short id that begins the long one
    expect(eventMatchesTerms(e, ["i-012345"])).toBe(true); // not a whole id: a substring
    expect(eventMatchesTerms(e, ["asiaexample000000101"])).toBe(true);
    expect(eventMatchesTerms({ ...e, searchText: "xasiaexample000000101" }, ["asiaexample000000101"])).toBe(false);
  });
});
