import { createHash, randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";

/**
 * API token format (pure): `aft_` + 43 base62 characters of 32 random bytes + 6 base62 characters of their CRC32.
 * The fixed prefix lets secret scanners (and our own log redaction) spot a leaked token; the checksum lets a typo or
 * a truncated paste be refused without a database lookup. Only the SHA-256 of the whole token is stored.
 */
export const TOKEN_PREFIX = "aft_";
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const BODY_LEN = 43; // ceil(256 / log2(62))
const CHECK_LEN = 6; // ceil(32 / log2(62))
export const TOKEN_LENGTH = TOKEN_PREFIX.length + BODY_LEN + CHECK_LEN;
/** How many characters of a token lists show (the prefix plus 6 of the random part). */
export const DISPLAY_PREFIX_LENGTH = TOKEN_PREFIX.length + 6;
export const TOKEN_RE = /^aft_[0-9A-Za-z]{49}$/;

function base62(n: bigint, width: number): string {
  let out = "";
  let v = n;
  while (v > 0n) {
    out = ALPHABET[Number(v % 62n)] + out;
    v /= 62n;
  }
  return out.padStart(width, "0");
}

function checksum(body: string): string {
  return base62(BigInt(crc32(body)), CHECK_LEN);
}

/** A new token from 32 bytes of the given randomness (default: the OS CSPRNG). */
export function generateToken(bytes: Uint8Array = randomBytes(32)): string {
  if (bytes.length !== 32) throw new Error("a token needs 32 random bytes");
  const body = base62(BigInt(`0x${Buffer.from(bytes).toString("hex")}`), BODY_LEN);
  return `${TOKEN_PREFIX}${body}${checksum(body)}`;
}

/** True when `s` has the token shape and its checksum matches (no database involved). */
export function isWellFormedToken(s: string): boolean {
  if (!TOKEN_RE.test(s)) return false;
  const body = s.slice(TOKEN_PREFIX.length, TOKEN_PREFIX.length + BODY_LEN);
  return checksum(body) === s.slice(TOKEN_PREFIX.length + BODY_LEN);
}

/** Hex SHA-256 of the whole token: the only form stored. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** What lists show of a token: `aft_` and 6 random characters. */
export function displayPrefix(token: string): string {
  return token.slice(0, DISPLAY_PREFIX_LENGTH);
}
