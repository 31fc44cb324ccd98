import type { Auth } from "@/lib/auth/server";

export const ORIGIN = "http://localhost";

/** Calls one of better-auth's endpoints (/api/auth/…) on `auth` as a browser on ORIGIN would. */
export async function authCall(
  auth: Auth,
  path: string,
  opts: { body?: unknown; cookie?: string; ip?: string; method?: string } = {},
): Promise<Response> {
  const headers = new Headers({ origin: ORIGIN, "user-agent": "vitest" });
  if (opts.body !== undefined) headers.set("content-type", "application/json");
  if (opts.cookie) headers.set("cookie", opts.cookie);
  headers.set("x-forwarded-for", opts.ip ?? "10.0.0.1");
  return auth.handler(
    new Request(`${ORIGIN}/api/auth${path}`, {
      method: opts.method ?? (opts.body === undefined ? "GET" : "POST"),
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    }),
  );
}

/** The session cookie (name=value) a response sets, or null. */
export function sessionCookie(res: Response): string | null {
  for (const c of res.headers.getSetCookie()) {
    const m = /^((?:__Secure-)?aftermath\.session_token=[^;]+)/.exec(c);
    if (m?.[1]) return m[1];
  }
  return null;
}

export async function signInCookie(auth: Auth, email: string, password: string, ip?: string): Promise<string> {
  const res = await authCall(auth, "/sign-in/email", { body: { email, password }, ip });
  const cookie = sessionCookie(res);
  if (!res.ok || !cookie) throw new Error(`sign-in as ${email} failed: HTTP ${res.status} ${await res.text()}`);
  return cookie;
}
