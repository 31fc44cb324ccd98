/** Short, readable form of a principal ARN for table cells (the full ARN goes in the title / drawer). */
export function shortPrincipal(arn: string | null, type: string | null = null): string {
  if (!arn) return type ?? "—";
  const m = /^arn:[^:]*:(?:sts|iam)::[^:]*:(.+)$/.exec(arn);
  if (!m) return arn;
  const rest = m[1];
  if (rest.startsWith("assumed-role/")) return rest.slice("assumed-role/".length);
  if (rest.startsWith("federated-user/")) return rest.slice("federated-user/".length);
  return rest;
}
