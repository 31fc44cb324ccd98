import { describe, expect, it } from "vitest";
import { isActiveUserRow, toOwner } from "@/lib/auth/tokens/owners";

describe("owner rows", () => {
  const now = new Date("2026-12-06T00:00:00Z");
  it("an unbanned, undeactivated row is active; banned, deactivated or a non-active status is not", () => {
    expect(isActiveUserRow({ id: "u", banned: false }, now)).toBe(true);
    expect(isActiveUserRow({ id: "u", banned: null }, now)).toBe(true);
    expect(isActiveUserRow({ id: "u", banned: true }, now)).toBe(false);
    expect(isActiveUserRow({ id: "u", banned: true, banExpires: "2026-12-07T00:00:00Z" }, now)).toBe(false);
    expect(isActiveUserRow({ id: "u", banned: true, ban_expires: "2026-12-05T00:00:00Z" }, now)).toBe(true);
    expect(isActiveUserRow({ id: "u", deactivatedAt: "2026-12-01T00:00:00Z" }, now)).toBe(false);
    expect(isActiveUserRow({ id: "u", active: false }, now)).toBe(false);
    expect(isActiveUserRow({ id: "u", status: "deactivated" }, now)).toBe(false);
    expect(isActiveUserRow({ id: "u", status: "active" }, now)).toBe(true);
  });
  it("reads id, email and a known role", () => {
    expect(toOwner({ id: 7, email: "a@b.c", role: "editor" })).toEqual({ id: "7", email: "a@b.c", role: "editor", active: true });
    expect(toOwner({ id: "x", role: "superuser" }).role).toBeNull();
  });
});
