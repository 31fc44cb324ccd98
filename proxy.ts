import { type NextRequest, NextResponse } from "next/server";
import { publicUrl } from "@/lib/auth/env";
import { pageCsp } from "@/lib/http/csp";
import { hostAllowed } from "@/lib/http/origin";

/**
 * Runs before every page (not the API routes: their bodies stream straight to the handlers, and route() does the
 * same Host check there): refuses a Host other than AFTERMATH_URL's, sets the per-request CSP nonce, and passes the
 * page's path to the page guard (lib/auth/require-user.ts) for ?next= after sign-in.
 */
export function proxy(request: NextRequest) {
  if (!hostAllowed(request.headers))
    return new NextResponse("Unknown host: this server answers only for AFTERMATH_URL.\n", {
      status: 421,
      headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" },
    });
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  let https = false;
  try {
    https = publicUrl()?.protocol === "https:";
  } catch {
    /* hostAllowed already refused a bad AFTERMATH_URL */
  }
  const csp = pageCsp(nonce, { dev: process.env.NODE_ENV === "development", https });
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", csp);
  headers.set("x-aftermath-path", `${request.nextUrl.pathname}${request.nextUrl.search}`);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", csp);
  if (https) response.headers.set("strict-transport-security", "max-age=31536000");
  return response;
}

export const config = {
  matcher: [
    {
      source: "/((?!api/|v1/|_next/static|_next/image|favicon.ico|icon.svg).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
