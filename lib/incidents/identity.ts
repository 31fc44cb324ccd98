import { createHash } from "node:crypto";

/**
 * Stable incident identity. An incident is one destructive *episode* of one agent session; its natural key is
 * `<agent kind>:<session external id>#<episode number>` (both from the agent's own log, so they survive re-ingest
 * and relinking) and its id is a name-based UUID (RFC 9562 v8 layout) of that key. The DB layer additionally keeps
 * an existing row's id when the same session's destructive calls overlap (new evidence that moves the trigger, or
 * an earlier episode appearing), so `npx aftermath incidents --json` ids never change for the same incident.
 */

export function incidentNaturalKey(agentKind: string, sessionExternalId: string, episode: number): string {
  return `${agentKind}:${sessionExternalId}#${episode}`;
}

/** A deterministic UUID for a text key (sha-256, version nibble 8, RFC variant). */
export function uuidFromKey(key: string): string {
  const h = createHash("sha256").update(`aftermath-incident\u0000${key}`).digest();
  h[6] = (h[6] & 0x0f) | 0x80;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString("hex");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

/** A session reference as annotations anchor to it: `<agent kind>:<session external id>`. */
export function agentSessionRef(agentKind: string, sessionExternalId: string): string {
  return `${agentKind}:${sessionExternalId}`;
}

/** Existing incident rows as identity matching needs them. */
export interface StoredIncidentIdentity {
  id: string;
  sessionRef: string | null;
  destructiveEventIds: readonly string[];
}

/** A derived incident as identity matching needs it. */
export interface DerivedIncidentIdentity {
  naturalKey: string;
  sessionRef: string;
  triggerEventId: string;
  destructiveEventIds: readonly string[];
}

/**
 * Gives each derived incident an id: first an existing row of the same session sharing a destructive event (the
 * same episode seen with more or moved evidence), then an existing row with the natural key's id, else the natural
 * key's id (or, when that id is held by another incident, the id of key + trigger). Each stored row is used once.
 * Returns derived index → id, and the stored ids no derived incident claimed.
 */
export function assignIncidentIds(
  derived: readonly DerivedIncidentIdentity[],
  stored: readonly StoredIncidentIdentity[],
): { ids: string[]; unclaimed: string[] } {
  const used = new Set<string>();
  const ids: (string | null)[] = derived.map(() => null);
  derived.forEach((d, i) => {
    const ev = new Set(d.destructiveEventIds);
    let best: { id: string; overlap: number } | null = null;
    for (const s of stored) {
      if (used.has(s.id) || s.sessionRef !== d.sessionRef) continue;
      const overlap = s.destructiveEventIds.filter((e) => ev.has(e)).length;
      if (overlap > 0 && (!best || overlap > best.overlap || (overlap === best.overlap && s.id < best.id))) best = { id: s.id, overlap };
    }
    if (best) {
      used.add(best.id);
      ids[i] = best.id;
    }
  });
  const storedIds = new Set(stored.map((s) => s.id));
  derived.forEach((d, i) => {
    if (ids[i]) return;
    const natural = uuidFromKey(d.naturalKey);
    const id = used.has(natural) ? uuidFromKey(`${d.naturalKey}|${d.triggerEventId}`) : natural;
    used.add(id);
    ids[i] = id;
  });
  return { ids: ids as string[], unclaimed: [...storedIds].filter((id) => !used.has(id)) };
}
