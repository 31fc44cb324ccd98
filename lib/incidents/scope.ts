/**
 * The task's stated scope, read from the user's prompt and the agent's plan/spec written before it started
 * executing, and whether a destroyed resource falls outside it.
 *
 * A sentence states scope when it has a cue: positive (`only`, `solely`, `limit(ed) to`, `restrict(ed) to`,
 * `scope:`, `in scope`) or negative (`do not`, `don't`, `must not`, `never`, `avoid`, `out of scope`). The
 * identifier-like words after a cue (stop words and generic nouns such as "stack" or "function" dropped) are the
 * allowed / forbidden names. A resource name matches a scope word when it equals it or contains it as whole
 * `-`/`_`/`.`/`/`-separated segments (`staging` matches `cost-explorer-staging`, not `stagingx`).
 * A destroyed resource is out of scope when its name matches a forbidden word, or when allowed words exist and
 * its name matches none. No cue → no scope → no finding.
 */

export interface StatedScope {
  allowed: string[];
  forbidden: string[];
  /** The sentences the scope was read from (quoted in evidence). */
  statements: string[];
}

const POSITIVE = /\b(only|solely|exclusively|limit(?:ed)?(?:\s+\w+)?\s+to|restrict(?:ed)?(?:\s+\w+)?\s+to|scope\s*:|in[- ]scope)/gi;
const NEGATIVE = /\b(do not|don't|dont|must not|mustn't|never|avoid|out[- ]of[- ]scope|not allowed to)\b/gi;

const STOP = new Set(
  `the a an and or but of to in on for with without by from into onto at as is are be it its this that these those
   only solely exclusively limit limited restrict restricted scope touch touching modify modifying change changes changing
   delete deleting remove update updating edit fix fixing work working investigate anything everything else other any all
   resource resources stack stacks environment environments env function functions lambda table tables code config configuration
   service services api apis role roles bucket buckets database db instance instances account accounts region data
   you your we our i me my please should must not never avoid don't do dont let make sure need needs can cannot may
   task tasks plan spec allowed out in-scope out-of-scope it's there their them which what when where how why
   aws cloudformation dynamodb iam gateway api-gateway customer customer-facing file files`
    .split(/\s+/)
    .filter(Boolean),
);

function words(text: string): string[] {
  return text
    .split(/[\s,()"'`“”‘’<>[\]{}!?;]+/)
    .flatMap((w) => (w.startsWith("arn:") ? [w] : w.split("/")))
    .map((w) => w.replace(/^[.:]+|[.:]+$/g, "").toLowerCase())
    .filter((w) => w.length >= 3 && !STOP.has(w) && !/^\d+$/.test(w) && /[a-z]/.test(w));
}

function sentences(text: string): string[] {
  return text
    .split(/\n+|(?<=[.!?;])\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Reads the scope from prompt/plan texts; null when none of them states one. */
export function extractScope(texts: readonly string[]): StatedScope | null {
  const allowed = new Set<string>();
  const forbidden = new Set<string>();
  const statements: string[] = [];
  for (const text of texts) {
    for (const s of sentences(text)) {
      const cues: { at: number; end: number; negative: boolean }[] = [];
      for (const m of s.matchAll(POSITIVE)) cues.push({ at: m.index!, end: m.index! + m[0].length, negative: false });
      for (const m of s.matchAll(NEGATIVE)) cues.push({ at: m.index!, end: m.index! + m[0].length, negative: true });
      if (!cues.length) continue;
      cues.sort((a, b) => a.at - b.at);
      let found = false;
      cues.forEach((c, i) => {
        let ws = words(s.slice(c.end, i + 1 < cues.length ? cues[i + 1].at : s.length));
        // "… ce-forecast-prod only": a trailing cue scopes the words before it.
        if (!ws.length && !c.negative) ws = words(s.slice(i > 0 ? cues[i - 1].end : 0, c.at));
        for (const w of ws) {
          (c.negative ? forbidden : allowed).add(w);
          found = true;
        }
      });
      if (found) statements.push(s.length > 200 ? `${s.slice(0, 197)}...` : s);
    }
  }
  for (const w of forbidden) allowed.delete(w);
  if (!allowed.size && !forbidden.size) return null;
  return { allowed: [...allowed], forbidden: [...forbidden], statements };
}

function segments(s: string): string[] {
  return s
    .toLowerCase()
    .split(/[-_./:]+/)
    .filter(Boolean);
}

/** `name` equals `word` or contains it as whole segments. */
export function nameMatchesWord(name: string, word: string): boolean {
  const n = name.toLowerCase();
  if (n === word) return true;
  const ns = `|${segments(n).join("|")}|`;
  const ws = `|${segments(word).join("|")}|`;
  return ws.length > 2 && ns.includes(ws);
}

/** Why the named resource is outside the scope, or null when inside (or undecidable). */
export function outOfScopeReason(scope: StatedScope, name: string): string | null {
  const bad = scope.forbidden.find((w) => nameMatchesWord(name, w));
  if (bad) return `${name}: the task said not to touch "${bad}"`;
  if (!scope.allowed.length) return null;
  if (scope.allowed.some((w) => nameMatchesWord(name, w))) return null;
  return `${name} is not named in the stated scope (${scope.allowed.map((w) => `"${w}"`).join(", ")})`;
}
