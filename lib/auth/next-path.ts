/** A same-site path to go to after sign-in (?next=…): only "/…" paths, never "//host" or a scheme; else /incidents. */
export function safeNextPath(raw: unknown): string {
  const s = Array.isArray(raw) ? raw[0] : raw;
  if (typeof s !== "string" || !s.startsWith("/") || s.startsWith("//") || s.startsWith("/\\") || s.length > 2000) return "/incidents";
  if (/[\u0000-\u001f]/.test(s)) return "/incidents";
  if (s === "/sign-in" || s.startsWith("/sign-in?") || s.startsWith("/setup")) return "/incidents";
  return s;
}
