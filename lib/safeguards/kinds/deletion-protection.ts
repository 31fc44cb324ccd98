import type { EvidenceItem, ScopeEvent } from "../types";
import type { LinkIndex } from "./deny-policy";
import { eventItem } from "./evidence";

/** The last name-like part of an ARN or identifier: `arn:…:stack/name/uuid` → name, `arn:…:table/t` → t. */
function namesOf(id: string): string[] {
  if (!id.startsWith("arn:")) return [id.toLowerCase()];
  const rest = id.split(":").slice(5).join(":");
  const parts = rest.split(/[/:]/).filter(Boolean);
  // stack/<name>/<uuid>, table/<name>, db:<name>, function:<name>, loadbalancer/app/<name>/<id>, bucket
  const out = new Set<string>([id.toLowerCase()]);
  if (parts.length === 1) out.add(parts[0].toLowerCase());
  if (parts.length >= 2) out.add(parts[1].toLowerCase());
  if (parts[0] === "loadbalancer" && parts.length >= 3) out.add(parts[2].toLowerCase());
  return [...out];
}

/** Does the event touch one of the listed resources? Returns the listed entry. */
export function matchResource(listed: readonly string[], e: ScopeEvent): string | null {
  const ev = new Set(e.resources.flatMap(namesOf));
  for (const r of listed) if (namesOf(r).some((n) => ev.has(n))) return r;
  return null;
}

const bool = (v: unknown): boolean | null => (typeof v === "boolean" ? v : v === "true" ? true : v === "false" ? false : null);

/** true: the event turns protection on; false: off; null: not a protection setting. */
export function protectionSetting(e: ScopeEvent): boolean | null {
  const p = e.requestParameters ?? {};
  switch (`${e.eventSource}:${e.eventName}`) {
    case "cloudformation.amazonaws.com:UpdateTerminationProtection":
      return bool(p.enableTerminationProtection);
    case "cloudformation.amazonaws.com:CreateStack":
      return bool(p.enableTerminationProtection) === true ? true : null;
    case "rds.amazonaws.com:ModifyDBInstance":
    case "rds.amazonaws.com:ModifyDBCluster":
    case "rds.amazonaws.com:CreateDBInstance":
    case "rds.amazonaws.com:CreateDBCluster":
      return bool(p.deletionProtection);
    case "dynamodb.amazonaws.com:UpdateTable":
    case "dynamodb.amazonaws.com:CreateTable":
      return bool(p.deletionProtectionEnabled);
    case "ec2.amazonaws.com:ModifyInstanceAttribute": {
      const d = p.disableApiTermination as { value?: unknown } | undefined;
      return d ? bool(d.value) : null;
    }
    case "elasticloadbalancing.amazonaws.com:ModifyLoadBalancerAttributes": {
      const attrs = Array.isArray(p.attributes) ? (p.attributes as { key?: string; value?: unknown }[]) : [];
      const a = attrs.find((x) => x.key === "deletion_protection.enabled");
      return a ? bool(a.value) : null;
    }
    case "s3.amazonaws.com:PutObjectLockConfiguration":
      return true;
    default:
      return null;
  }
}

/**
 * deletion-protection: the listed resources have termination/deletion protection turned on (ok), it is not turned
 * off (violation), and no delete of them succeeded since rollout (violation; a refused delete is the protection
 * holding: ok).
 */
export function verifyDeletionProtection(resources: readonly string[], events: readonly ScopeEvent[], idx: LinkIndex): EvidenceItem[] {
  const out: EvidenceItem[] = [];
  for (const e of events) {
    const r = matchResource(resources, e);
    if (!r) continue;
    const via = idx.byEvent.get(e.eventId);
    const setting = protectionSetting(e);
    if (setting !== null && e.executed) {
      out.push(
        eventItem(setting ? "ok" : "violation", e, `${e.eventName}: deletion protection turned ${setting ? "on" : "off"} for ${r}`, via),
      );
    } else if (e.risk === "destructive" && /^(Delete|Terminate|Remove)/.test(e.eventName)) {
      if (e.executed)
        out.push(eventItem("violation", e, `${e.eventName} deleted ${r}${via ? ` (agent session ${via.session.externalId})` : ""}`, via));
      else out.push(eventItem("ok", e, `${e.eventName} of ${r} refused (${e.errorCode ?? "error"}): the protection held`, via));
    }
  }
  return out;
}
