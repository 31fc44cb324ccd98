import type { AgentRules } from "./file-schema";

/**
 * Claude Code permission rules (`settings.json` → `permissions.{deny,ask,allow}`), matched against recorded tool
 * calls of any agent. Rule forms: `Bash` (every shell command), `Bash(npm run test:*)` (prefix, word boundary),
 * `Bash(git push origin main)` (exact), `Bash(git * main)` (`*` wildcards), `Read(./.env)`, `mcp__server__tool`,
 * `mcp__server__*`. A compound shell command matches when any of its sub-commands does (as Claude Code checks them).
 */

export type RuleDecision = "deny" | "ask" | "allow" | "none";

export interface RuleMatch {
  decision: RuleDecision;
  /** e.g. `permissions.deny: Bash(terraform destroy:*)` */
  rule: string | null;
}

/** Shell tools across agents, all treated as Claude Code's `Bash`. */
const SHELL_TOOLS = new Set([
  "bash",
  "shell",
  "executebash",
  "execute_bash",
  "exec_command",
  "local_shell",
  "local_shell_call",
  "run_shell_command",
  "run_terminal_cmd",
  "terminal",
  "execute_command",
  "container.exec",
  "cmd",
]);

export function canonicalTool(tool: string | null): string | null {
  if (!tool) return null;
  return SHELL_TOOLS.has(tool.toLowerCase()) ? "Bash" : tool;
}

interface ParsedRule {
  text: string;
  tool: string;
  specifier: string | null;
}

export function parseRule(text: string): ParsedRule {
  const m = /^([^()]+?)\s*(?:\((.*)\))?\s*$/s.exec(text.trim());
  if (!m) return { text, tool: text.trim(), specifier: null };
  return { text, tool: m[1].trim(), specifier: m[2] === undefined ? null : m[2].trim() };
}

const escapeRe = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&");

function globMatch(pattern: string, value: string): boolean {
  return new RegExp(`^${pattern.split("*").map(escapeRe).join(".*")}$`, "s").test(value);
}

/** One shell command line against a Bash specifier. */
export function matchShell(specifier: string, command: string): boolean {
  const cmd = command.trim().replace(/\s+/g, " ");
  if (specifier.endsWith(":*")) {
    const prefix = specifier.slice(0, -2).trim().replace(/\s+/g, " ");
    return cmd === prefix || cmd.startsWith(`${prefix} `) || (prefix.includes("*") && globMatch(`${prefix}*`, cmd));
  }
  const spec = specifier.replace(/\s+/g, " ");
  return spec.includes("*") ? globMatch(spec, cmd) : cmd === spec;
}

/** Sub-commands of a shell line: the parsed invocations' argv when known, else a split on && || ; |. */
export function subCommands(command: string, parsed: readonly { argv: string[] }[] = []): string[] {
  const out = new Set<string>([command.trim()]);
  for (const p of parsed) if (p.argv.length) out.add(p.argv.join(" "));
  for (const part of command.split(/&&|\|\||;|\|/)) {
    const t = part.trim().replace(/^(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)+/, "");
    if (t) out.add(t);
  }
  return [...out];
}

export interface ToolCallLike {
  tool: string | null;
  command: string | null;
  commands?: readonly { argv: string[] }[];
  input?: unknown;
}

function ruleMatches(rule: ParsedRule, call: ToolCallLike): boolean {
  const tool = canonicalTool(call.tool);
  if (!tool) return false;
  if (!globMatch(rule.tool, tool)) return false;
  if (rule.specifier === null || rule.specifier === "" || rule.specifier === "*") return true;
  if (tool === "Bash") {
    if (!call.command) return false;
    return subCommands(call.command, call.commands ?? []).some((c) => matchShell(rule.specifier!, c));
  }
  const input = (call.input ?? {}) as Record<string, unknown>;
  const values = [call.command, input.file_path, input.path, input.url, input.command].filter((v): v is string => typeof v === "string");
  return values.some((v) => globMatch(rule.specifier!.replace(/^domain:/, "*"), v));
}

/** deny beats ask beats allow (Claude Code's order). */
export function decide(rules: AgentRules, call: ToolCallLike): RuleMatch {
  for (const decision of ["deny", "ask", "allow"] as const) {
    for (const text of rules[decision])
      if (ruleMatches(parseRule(text), call)) return { decision, rule: `permissions.${decision}: ${text}` };
  }
  return { decision: "none", rule: null };
}

/** Reads the rules from a Claude Code settings.json (`{"permissions": {...}}`) or a bare `{deny, ask, allow}`. */
export function rulesFromSettings(data: unknown): AgentRules {
  const obj = (data ?? {}) as Record<string, unknown>;
  const p = (obj.permissions ?? obj) as Record<string, unknown>;
  const list = (k: string): string[] => {
    const v = p[k];
    if (v === undefined) return [];
    if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) throw new Error(`permissions.${k} must be an array of strings`);
    return v as string[];
  };
  const rules = { deny: list("deny"), ask: list("ask"), allow: list("allow") };
  if (!rules.deny.length && !rules.ask.length && !rules.allow.length) throw new Error("no permissions.deny/ask/allow rules found");
  return rules;
}
