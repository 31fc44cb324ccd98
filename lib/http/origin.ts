import { forbidden } from "@/lib/errors";

/** The origin the app trusts: AFTERMATH_URL when set, else the request's own Host. */
export function trustedOrigin(request: Request): string | null {
  const configured = process.env.AFTERMATH_URL;
  if (configured) {
    try {
      return new URL(configured).origin;
    } catch {
      return null;
    }
  }
  const host = request.headers.get("host");
  if (!host) return null;
  const proto =
    process.env.AFTERMATH_TRUST_PROXY === "1"
      ? (request.headers.get("x-forwarded-proto") ?? "http")
      : new URL(request.url).protocol.replace(":", "");
  return `${proto}://${host}`;
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
