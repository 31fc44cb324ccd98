import { isRole, type Role } from "./permissions";

/**
 * Accounts settings from the environment (pure: takes the env, returns values; no I/O).
 *
 * - AFTERMATH_URL: the app's public origin (https://aftermath.example.com). Fixes the origin trusted for CSRF and
 *   OIDC redirects, the Host header accepted, and (https) makes cookies Secure.
 * - AFTERMATH_TRUST_PROXY=1: take the client IP and protocol from X-Forwarded-For / X-Forwarded-Proto.
 * - AFTERMATH_SECRET (or BETTER_AUTH_SECRET): signs session cookies; when unset one is generated and kept in the store.
 * - AFTERMATH_OIDC_ISSUER, AFTERMATH_OIDC_CLIENT_ID, AFTERMATH_OIDC_CLIENT_SECRET: OpenID Connect single sign-on;
 *   AFTERMATH_OIDC_NAME (button label), AFTERMATH_OIDC_ALLOWED_DOMAIN (e.g. example.com; several comma-separated),
 *   AFTERMATH_OIDC_DEFAULT_ROLE (role of users created by SSO; default viewer).
 * - AFTERMATH_SESSION_HOURS: session lifetime (default 168 = 7 days; refreshed daily while used).
 */
export type Env = Record<string, string | undefined>;

export type OidcConfig = {
  providerId: "oidc";
  name: string;
  issuer: string;
  discoveryUrl: string;
  clientId: string;
  clientSecret: string;
  allowedDomains: string[];
  defaultRole: Role;
};

export function publicUrl(env: Env = process.env): URL | null {
  const raw = env.AFTERMATH_URL?.trim();
  if (!raw) return null;
  try {
    const url = new URL(raw);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("not http(s)");
    return url;
  } catch {
    throw new Error(`AFTERMATH_URL is not an http(s) URL: ${raw}`);
  }
}

export function trustProxy(env: Env = process.env): boolean {
  return env.AFTERMATH_TRUST_PROXY === "1" || env.AFTERMATH_TRUST_PROXY === "true";
}

export function oidcConfig(env: Env = process.env): OidcConfig | null {
  const issuer = env.AFTERMATH_OIDC_ISSUER?.trim();
  const clientId = env.AFTERMATH_OIDC_CLIENT_ID?.trim();
  if (!issuer || !clientId) return null;
  const clientSecret = env.AFTERMATH_OIDC_CLIENT_SECRET ?? "";
  const role = env.AFTERMATH_OIDC_DEFAULT_ROLE?.trim() || "viewer";
  if (!isRole(role)) throw new Error(`AFTERMATH_OIDC_DEFAULT_ROLE must be viewer, editor or admin (got ${role})`);
  const allowedDomains = (env.AFTERMATH_OIDC_ALLOWED_DOMAIN ?? "")
    .split(",")
    .map((d) => d.trim().toLowerCase().replace(/^@/, ""))
    .filter(Boolean);
  return {
    providerId: "oidc",
    name: env.AFTERMATH_OIDC_NAME?.trim() || "single sign-on",
    issuer,
    discoveryUrl: `${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`,
    clientId,
    clientSecret,
    allowedDomains,
    defaultRole: role,
  };
}

/** True when `email` is in one of the allowed domains (or no domain restriction is configured). */
export function emailDomainAllowed(email: string, allowed: string[]): boolean {
  if (allowed.length === 0) return true;
  const domain = email.toLowerCase().split("@").pop() ?? "";
  return allowed.includes(domain);
}

export function sessionSeconds(env: Env = process.env): number {
  const hours = Number(env.AFTERMATH_SESSION_HOURS ?? "168");
  return Math.round((Number.isFinite(hours) && hours > 0 ? hours : 168) * 3600);
}
