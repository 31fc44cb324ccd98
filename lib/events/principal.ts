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

/**
 * Who made a call, person first: `{ who, role }` where `who` is the person (human name, or the session name of an
 * assumed role when it looks like a person) or the role, and `role` the role (SSO permission sets without their
 * random suffix). `service` says the caller is a workload rather than a person.
 */
export function personAndRole(arn: string | null, humanName: string | null = null): { who: string; role: string | null; service: boolean } {
  if (!arn) return { who: humanName ?? "unknown", role: null, service: false };
  const m = /^arn:[^:]*:(?:sts|iam)::[^:]*:(.+)$/.exec(arn);
  if (!m) return { who: humanName ?? arn, role: null, service: !humanName };
  const parts = m[1].split("/");
  if (parts[0] === "assumed-role" && parts.length >= 3) {
    const role = parts[1].replace(/^AWSReservedSSO_(.+?)_[0-9a-f]{8,}$/, "$1 (SSO)");
    const session = parts.slice(2).join("/");
    const person = humanName ?? (/@|^[a-z]+[._-][a-z]+$/i.test(session) ? session : null);
    return person ? { who: person, role, service: false } : { who: role, role: null, service: true };
  }
  if (parts[0] === "user") return { who: humanName ?? parts.slice(1).join("/"), role: "IAM user", service: false };
  if (parts[0] === "root" || m[1] === "root") return { who: "root", role: "account root", service: false };
  return { who: humanName ?? parts.slice(1).join("/") ?? m[1], role: parts[0] ?? null, service: !humanName };
}
