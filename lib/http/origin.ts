import { publicUrl, trustProxy } from "@/lib/auth/env";
import { forbidden } from "@/lib/errors";

/**
 * The origin the app trusts: AFTERMATH_URL when set; else the request's own Host (behind a trusted proxy,
 * AFTERMATH_TRUST_PROXY=1, X-Forwarded-Host / X-Forwarded-Proto).
 */
export function trustedOrigin(request: Request): string | null {
  let configured: URL | null;
  try {
    configured = publicUrl();
  } catch {
    return null;
  }
  if (configured) return configured.origin;
  const proxied = trustProxy();
  const host = (proxied ? request.headers.get("x-forwarded-host")?.split(",")[0]?.trim() : null) || request.headers.get("host");
  if (!host) return null;
  const proto = proxied
    ? (request.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() ?? "http")
    : new URL(request.url).protocol.replace(":", "");
  return `${proto}://${host}`;
}

/**
 * The Host check: with AFTERMATH_URL set, a request whose Host (X-Forwarded-Host behind a trusted proxy) is not
 * AFTERMATH_URL's host is refused (DNS rebinding, host-header attacks). Without AFTERMATH_URL every host is served.
 */
export function hostAllowed(headers: Headers): boolean {
  let configured: URL | null;
  try {
    configured = publicUrl();
  } catch {
    return false;
  }
  if (!configured) return true;
  const host = (trustProxy() ? headers.get("x-forwarded-host")?.split(",")[0]?.trim() : null) || headers.get("host");
  return (host ?? "").toLowerCase() === configured.host.toLowerCase();
}

/**
 * CSRF: a state-changing request authenticated by cookie must carry an Origin (or, failing that, a Referer) of the
 * app's own origin. `allowMissing` lets non-browser clients (no Origin header at all) through, for public routes.
 */
export function checkSameOrigin(request: Request, opts: { allowMissing?: boolean } = {}): void {
  const origin = request.headers.get("origin") ?? refererOrigin(request.headers.get("referer"));
  if (!origin) {
    if (opts.allowMissing) return;
    throw forbidden("This request must come from the app's own pages (missing Origin).");
  }
  const trusted = trustedOrigin(request);
  if (!trusted || origin !== trusted) throw forbidden("Cross-origin request refused.");
}

function refererOrigin(referer: string | null): string | null {
  if (!referer) return null;
  try {
    return new URL(referer).origin;
  } catch {
    return null;
  }
}
