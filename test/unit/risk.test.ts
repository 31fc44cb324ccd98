import { describe, expect, it } from "vitest";
import { maxRisk } from "@/lib/model/risk";

describe("maxRisk", () => {
  it("prefers the more severe class", () => {
    expect(maxRisk("read", "destructive")).toBe("destructive");
    expect(maxRisk("privilege", "write")).toBe("privilege");
  });
});
