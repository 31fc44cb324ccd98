/**
 * The Content-Security-Policy of every page (proxy.ts sets it with a fresh nonce per request; Next.js puts the
 * nonce on its own scripts). No inline script without the nonce; inline style attributes are allowed (charts and
 * React `style` props), nothing is loaded from another origin, and no other site may frame the app.
 */
export function pageCsp(nonce: string, opts: { dev?: boolean; https?: boolean } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(opts.https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** The policy of API responses (JSON, never rendered): nothing may load, nobody may frame. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";
