import { resolveIdentityChain } from "@/lib/correlation/identity-chain";
import type { EvidenceItem, ScopeEvent, ScopeSession } from "../types";
import { sessionItem } from "./evidence";

export function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`, "i");
}

/**
 * scoped-agent-role: agent sessions in scope run under a dedicated agent role, not a human's session or an admin
 * role (the identity chain reconstruction uses). With `agentRoles`, the role must also match one of those names.
 * A session whose identity cannot be told is `info`.
 */
export function verifyScopedAgentRole(
  sessions: readonly ScopeSession[],
  linkedEvents: (s: ScopeSession) => readonly ScopeEvent[],
  agentRoles: readonly string[] = [],
): EvidenceItem[] {
  const out: EvidenceItem[] = [];
  const allowed = agentRoles.map(globToRegExp);
  for (const s of sessions) {
    const events = linkedEvents(s);
    const chain = resolveIdentityChain({ id: s.id, awsIdentity: s.awsIdentity }, events);
    const first = events[0];
    const item = (verdict: EvidenceItem["verdict"], reason: string): EvidenceItem => ({
      ...sessionItem(verdict, s, reason),
      eventId: first?.eventId ?? null,
    });
    if (chain.inheritedHumanSession) {
      const why = chain.evidence.slice(-1)[0] ?? "a human's session";
      out.push(item("violation", `ran on ${chain.principalArn ?? "an inherited session"}: ${why}`));
    } else if (!chain.roleArn && !chain.principalArn) {
      out.push(item("info", "the AWS identity the session ran under is unknown (no linked CloudTrail call, none in its log)"));
    } else if (allowed.length && !allowed.some((r) => r.test(chain.roleName ?? ""))) {
      out.push(
        item("violation", `ran under role ${chain.roleName ?? chain.principalArn}, not one of the agent roles ${agentRoles.join(", ")}`),
      );
    } else {
      out.push(item("ok", `ran under the scoped role ${chain.roleName ?? chain.roleArn ?? chain.principalArn}`));
    }
  }
  return out;
}
