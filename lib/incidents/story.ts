/**
 * The why of an incident: prompt → plan/decision → command → API calls, picked from the agent's steps. Pure.
 * The prompt is the last one before the trigger step; the deciding plan is the latest plan before the trigger that
 * names the destructive move (delete, recreate, destroy, drop, terminate, remove, wipe), else the latest plan.
 */

export interface StoryStep {
  actionId: string;
  seq: number;
  kind: string;
  at: string;
  text: string | null;
  command: string | null;
  tool: string | null;
}

export interface StoryCall {
  eventId: string;
  eventTime: string;
  eventName: string;
  eventSource: string;
  errorCode: string | null;
  resources: string[];
}

export interface IncidentStory {
  prompt: StoryStep | null;
  plan: StoryStep | null;
  /** the sentence of the plan that decides (quoted), when one names the move */
  decision: string | null;
  command: StoryStep | null;
  calls: StoryCall[];
  callsTotal: number;
}

const DECIDES = /\b(delete|deleting|recreat\w*|re-creat\w*|destroy\w*|drop\w*|terminat\w*|remov\w*|wipe\w*|tear\w* down)\b/i;

/** The sentence (or line) of `text` that names the destructive move, trimmed to `max` characters. */
export function decidingSentence(text: string | null, max = 400): string | null {
  if (!text) return null;
  const pieces = text
    .split(/\n+|(?<=[.!?])\s+/)
    .map((s) => s.replace(/^[\s#*>\-\d.]+/, "").trim())
    .filter(Boolean);
  const hit = pieces.find((s) => DECIDES.test(s));
  if (!hit) return null;
  return hit.length > max ? `${hit.slice(0, max - 1)}…` : hit;
}

export function pickStory(steps: readonly StoryStep[], triggerSeq: number | null): Pick<IncidentStory, "prompt" | "plan" | "decision"> {
  const before = steps.filter((s) => triggerSeq === null || s.seq < triggerSeq).sort((a, b) => a.seq - b.seq);
  const prompts = before.filter((s) => s.kind === "prompt");
  const plans = before.filter((s) => s.kind === "plan" || (s.kind === "message" && DECIDES.test(s.text ?? "")));
  const deciding = [...plans].reverse().find((p) => DECIDES.test(p.text ?? "")) ?? plans[plans.length - 1] ?? null;
  return {
    prompt: prompts[prompts.length - 1] ?? null,
    plan: deciding,
    decision: deciding ? decidingSentence(deciding.text) : null,
  };
}
