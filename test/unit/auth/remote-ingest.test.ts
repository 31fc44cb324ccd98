import { describe, expect, it } from "vitest";
import { isLoopback, refusalMessage, serverBase } from "@/lib/cli/remote-ingest";

describe("ingest --server helpers", () => {
  it("accepts http(s) base URLs, keeps a path prefix, refuses credentials and other schemes", () => {
    expect(serverBase("https://a.example.com").href).toBe("https://a.example.com/");
    expect(new URL("api/ingest", serverBase("https://a.example.com/aftermath")).href).toBe("https://a.example.com/aftermath/api/ingest");
    expect(serverBase("http://127.0.0.1:3000/?x=1#y").href).toBe("http://127.0.0.1:3000/");
    expect(() => serverBase("ftp://a")).toThrow(/http:\/\/ or https:\/\//);
    expect(() => serverBase("not a url")).toThrow(/not a URL/);
    expect(() => serverBase("https://u:aft_x@a.example.com")).toThrow(/AFTERMATH_TOKEN/);
    expect(isLoopback(new URL("http://localhost:3000"))).toBe(true);
    expect(isLoopback(new URL("http://10.0.0.1"))).toBe(false);
  });
  it("names the file and the reason for each refusal", () => {
    const s = new URL("https://a.example.com/");
    expect(refusalMessage("x.json", 401, null, s)).toBe(
      "x.json: https://a.example.com refused the token (401): AFTERMATH_TOKEN is unknown, revoked or expired",
    );
    expect(refusalMessage("x.json", 403, { error: { message: "Your role does not allow this." } }, s)).toMatch(
      /^x\.json: the token may not upload .*\(403\).*\(server: Your role does not allow this\.\)$/,
    );
    expect(refusalMessage("big.json", 413, null, s)).toBe("big.json: larger than https://a.example.com accepts (413)");
    expect(refusalMessage("x.json", 502, null, s)).toBe("x.json: https://a.example.com answered 502");
  });
});
