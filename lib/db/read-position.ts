import "server-only";
import { z } from "zod";
import { formatLsn, parseLsn } from "./replica-lsn";

/**
 * Read-your-writes across app instances: the primary's WAL position at a client's last write travels with the
 * client, so whichever instance serves its next read can require a replica that replayed it. Browsers carry it in
 * a cookie (set by route() and action() after a state change); API clients get it in a response header and may send
 * it back in a request header. The value can only make reads more conservative: a forged high position just sends
 * that client's reads to the primary, so it is not signed; a malformed one is ignored. Pure.
 */

/** The cookie a browser carries after its last write: the primary's WAL position then ("16/B374D848"). */
export const WAL_COOKIE = "aftermath_wal";
/** Answered on every state-changing API response: the primary's WAL position after the change. */
export const WAL_POSITION_HEADER = "X-Aftermath-Wal-Position";
/** An API client may send the position it was given back on a read: that read sees the write. */
export const MIN_POSITION_HEADER = "X-Aftermath-Min-Position";

const LsnText = z
  .string()
  .trim()
  .regex(/^[0-9A-F]{1,8}\/[0-9A-F]{1,8}$/i);

/** A WAL position a client sent (cookie or header), or null when absent or malformed. */
export function parseClientPosition(text: string | null | undefined): bigint | null {
  const parsed = LsnText.safeParse(text);
  return parsed.success ? parseLsn(parsed.data) : null;
}

/** The higher of two optional positions (null = no requirement). */
export function maxPosition(a: bigint | null, b: bigint | null): bigint | null {
  if (a === null) return b;
  if (b === null) return a;
  return a > b ? a : b;
}

/** The value of cookie `name` in a Cookie request header, or null. */
export function cookieValue(cookieHeader: string | null | undefined, name: string): string | null {
  for (const part of (cookieHeader ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** The position a request carries: the higher of the WAL cookie and the min-position header (null = none/malformed). */
export function requestPosition(headers: Headers): bigint | null {
  return maxPosition(
    parseClientPosition(cookieValue(headers.get("cookie"), WAL_COOKIE)),
    parseClientPosition(headers.get(MIN_POSITION_HEADER)),
  );
}

export type WalCookieOptions = { secure: boolean; maxAgeSeconds: number };

/** The WAL cookie's attributes (for Next's cookies().set and for a Set-Cookie header). */
export function walCookieAttributes(opts: WalCookieOptions) {
  return { httpOnly: true, sameSite: "lax" as const, secure: opts.secure, path: "/", maxAge: Math.max(1, Math.round(opts.maxAgeSeconds)) };
}

/** A Set-Cookie header value carrying `lsn`. */
export function walSetCookie(lsn: bigint, opts: WalCookieOptions): string {
  const a = walCookieAttributes(opts);
  return `${WAL_COOKIE}=${formatLsn(lsn)}; Path=${a.path}; Max-Age=${a.maxAge}; HttpOnly; SameSite=Lax${a.secure ? "; Secure" : ""}`;
}

/** Whether the request reached the app over https (its URL, or X-Forwarded-Proto from a proxy in front). */
export function isHttpsRequest(url: string, headers: Headers): boolean {
  const proto = headers.get("x-forwarded-proto")?.split(",")[0]?.trim().toLowerCase();
  if (proto) return proto === "https";
  try {
    return new URL(url).protocol === "https:";
  } catch {
    return false;
  }
}
