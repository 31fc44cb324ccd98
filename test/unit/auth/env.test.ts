import { afterEach, describe, expect, it } from "vitest";
import { emailDomainAllowed, oidcConfig, publicUrl, sessionSeconds } from "@/lib/auth/env";
import { safeNextPath } from "@/lib/auth/next-path";
import { pageCsp } from "@/lib/http/csp";
import { hostAllowed, trustedOrigin } from "@/lib/http/origin";

const saved = { url: process.env.AFTERMATH_URL, proxy: process.env.AFTERMATH_TRUST_PROXY };
afterEach(() => {
  if (saved.url === undefined) delete process.env.AFTERMATH_URL;
  else process.env.AFTERMATH_URL = saved.url;
  if (saved.proxy === undefined) delete process.env.AFTERMATH_TRUST_PROXY;
  else process.env.AFTERMATH_TRUST_PROXY = saved.proxy;
});

describe("accounts settings", () => {
  it("reads the OIDC settings, with the role and domains checked", () => {
    expect(oidcConfig({})).toBeNull();
    const c = oidcConfig({
      AFTERMATH_OIDC_ISSUER: "https://idp.example/realms/x/",
      AFTERMATH_OIDC_CLIENT_ID: "aftermath",
      AFTERMATH_OIDC_CLIENT_SECRET: "s",
      AFTERMATH_OIDC_ALLOWED_DOMAIN: "Corp.example, @sub.corp.example",
    });
    expect(c).toMatchObject({
      discoveryUrl: "https://idp.example/realms/x/.well-known/openid-configuration",
      allowedDomains: ["corp.example", "sub.corp.example"],
      defaultRole: "viewer",
    });
    expect(() =>
      oidcConfig({ AFTERMATH_OIDC_ISSUER: "https://i", AFTERMATH_OIDC_CLIENT_ID: "c", AFTERMATH_OIDC_DEFAULT_ROLE: "root" }),
    ).toThrow(/DEFAULT_ROLE/);
    expect(emailDomainAllowed("a@corp.example", ["corp.example"])).toBe(true);
    expect(emailDomainAllowed("a@evilcorp.example", ["corp.example"])).toBe(false);
    expect(emailDomainAllowed("a@corp.example.evil", ["corp.example"])).toBe(false);
    expect(emailDomainAllowed("anyone@anywhere", [])).toBe(true);
  });

  it("parses AFTERMATH_URL and the session lifetime", () => {
    expect(publicUrl({})).toBeNull();
    expect(publicUrl({ AFTERMATH_URL: "https://a.example/" })?.origin).toBe("https://a.example");
    expect(() => publicUrl({ AFTERMATH_URL: "ftp://a.example" })).toThrow(/AFTERMATH_URL/);
    expect(sessionSeconds({})).toBe(168 * 3600);
    expect(sessionSeconds({ AFTERMATH_SESSION_HOURS: "8" })).toBe(8 * 3600);
    expect(sessionSeconds({ AFTERMATH_SESSION_HOURS: "-1" })).toBe(168 * 3600);
  });

  it("only follows same-site paths after sign-in", () => {
    expect(safeNextPath("/incidents/abc?x=1")).toBe("/incidents/abc?x=1");
    for (const bad of [
      "//evil.example/x",
      "https://evil.example",
      "/\\evil.example",
      "javascript:alert(1)",
      "",
      undefined,
      "/sign-in?next=/x",
      "/setup",
    ])
      expect(safeNextPath(bad)).toBe("/incidents");
    expect(safeNextPath(["/events", "/x"])).toBe("/events");
  });

  it("builds a page CSP with the nonce and no unsafe-eval outside development", () => {
    const csp = pageCsp("abc123");
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-eval");
    expect(pageCsp("n", { dev: true })).toContain("'unsafe-eval'");
  });

  it("checks the Host against AFTERMATH_URL, and trusts X-Forwarded-* only behind a trusted proxy", () => {
    delete process.env.AFTERMATH_URL;
    expect(hostAllowed(new Headers({ host: "anything:1234" }))).toBe(true);
    process.env.AFTERMATH_URL = "https://aftermath.example.com";
    expect(hostAllowed(new Headers({ host: "aftermath.example.com" }))).toBe(true);
    expect(hostAllowed(new Headers({ host: "evil.example" }))).toBe(false);
    expect(hostAllowed(new Headers({ host: "internal:3000", "x-forwarded-host": "aftermath.example.com" }))).toBe(false);
    process.env.AFTERMATH_TRUST_PROXY = "1";
    expect(hostAllowed(new Headers({ host: "internal:3000", "x-forwarded-host": "aftermath.example.com" }))).toBe(true);
    expect(trustedOrigin(new Request("http://internal:3000/x"))).toBe("https://aftermath.example.com");
    delete process.env.AFTERMATH_URL;
    expect(
      trustedOrigin(
        new Request("http://internal:3000/x", {
          headers: { host: "internal:3000", "x-forwarded-host": "a.example", "x-forwarded-proto": "https" },
        }),
      ),
    ).toBe("https://a.example");
    delete process.env.AFTERMATH_TRUST_PROXY;
    expect(
      trustedOrigin(new Request("http://internal:3000/x", { headers: { host: "internal:3000", "x-forwarded-host": "a.example" } })),
    ).toBe("http://internal:3000");
  });
});
