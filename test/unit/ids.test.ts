import { describe, expect, it } from "vitest";
import { isUuid, toIso, toIsoOrNull } from "@/lib/ids";

describe("lib/ids", () => {
  it("accepts canonical UUIDs in any case and nothing else", () => {
    expect(isUuid("3f2b8c1e-0d4a-4b6e-9f1a-2c3d4e5f6a7b")).toBe(true);
    expect(isUuid("3F2B8C1E-0D4A-4B6E-9F1A-2C3D4E5F6A7B")).toBe(true);
    expect(isUuid("3f2b8c1e0d4a4b6e9f1a2c3d4e5f6a7b")).toBe(false);
    expect(isUuid("3f2b8c1e-0d4a-4b6e-9f1a-2c3d4e5f6a7b'; --")).toBe(false);
    expect(isUuid("")).toBe(false);
  });

  it("turns Dates, epoch ms and driver timestamp text into the same ISO instant", () => {
    const iso = "2025-12-09T02:14:07.000Z";
    expect(toIso(new Date(iso))).toBe(iso);
    expect(toIso(Date.parse(iso))).toBe(iso);
    expect(toIso("2025-12-09 02:14:07+00")).toBe(iso);
    expect(toIsoOrNull(null)).toBeNull();
    expect(toIsoOrNull(undefined)).toBeNull();
    expect(toIsoOrNull(0)).toBe("1970-01-01T00:00:00.000Z");
  });
});
