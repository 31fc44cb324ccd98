import type { ShellNode } from "./parser";
import { wordValue } from "./words";

/** One simple command found in a shell AST, before classification. */
export interface SimpleCommand {
  argv: string[];
  /** `X=1 cmd` prefix assignments. */
  prefixEnv: Record<string, string>;
  /** Variables exported / assigned earlier in the same command line. */
  lineEnv: Record<string, string>;
  redirects: { op: string; target: string }[];
  /** Heredoc / here-string fed to the command's stdin. */
  stdin: string | null;
}

export interface WalkResult {
  commands: SimpleCommand[];
  /** Text of the first syntax error, if tree-sitter found one. */
  error: string | null;
}

const REDIRECT_TYPES = new Set(["file_redirect", "heredoc_redirect", "herestring_redirect"]);
const SUBSTITUTIONS = new Set(["command_substitution", "process_substitution"]);

/** Collect simple commands in execution order (command substitutions before the command that uses them). */
export function walkShell(root: ShellNode, baseEnv: Record<string, string>): WalkResult {
  const commands: SimpleCommand[] = [];
  const lineEnv: Record<string, string> = { ...baseEnv };
  let error: string | null = null;

  const visitSubstitutions = (n: ShellNode) => {
    for (const c of n.namedChildren) {
      if (SUBSTITUTIONS.has(c.type)) visit(c);
      else if (c.namedChildCount > 0 && c.type !== "heredoc_body") visitSubstitutions(c);
    }
  };

  const assign = (n: ShellNode, into: Record<string, string>) => {
    const name = n.childForFieldName("name")?.text ?? n.namedChildren[0]?.text;
    const valueNode = n.childForFieldName("value");
    if (name) into[name] = valueNode ? wordValue(valueNode) : "";
  };

  const simple = (n: ShellNode, redirects: ShellNode[]): SimpleCommand => {
    const argv: string[] = [];
    const prefixEnv: Record<string, string> = {};
    const allRedirects = [...redirects];
    for (const c of n.namedChildren) {
      if (c.type === "variable_assignment") assign(c, prefixEnv);
      else if (REDIRECT_TYPES.has(c.type)) allRedirects.push(c);
      else if (c.type === "comment") continue;
      else argv.push(wordValue(c));
    }
    const cmd: SimpleCommand = { argv, prefixEnv, lineEnv: { ...lineEnv }, redirects: [], stdin: null };
    for (const r of allRedirects) {
      if (r.type === "heredoc_redirect") {
        const body = r.namedChildren.find((x) => x.type === "heredoc_body");
        cmd.stdin = (cmd.stdin ?? "") + (body?.text ?? "");
        for (const x of r.namedChildren)
          if (x.type !== "heredoc_body" && x.type !== "heredoc_start" && x.type !== "heredoc_end")
            cmd.redirects.push({ op: ">", target: wordValue(x) });
      } else if (r.type === "herestring_redirect") {
        const w = r.namedChildren[0];
        cmd.stdin = (cmd.stdin ?? "") + (w ? wordValue(w) : "");
      } else {
        const op = r.children.find((x) => !x.isNamed)?.type ?? ">";
        const dest = r.childForFieldName("destination") ?? r.namedChildren[r.namedChildren.length - 1];
        cmd.redirects.push({ op, target: dest ? wordValue(dest) : "" });
      }
    }
    return cmd;
  };

  function visit(n: ShellNode, redirects: ShellNode[] = []): void {
    if ((n.isError || n.isMissing) && error === null)
      error = n.isMissing ? `missing ${n.type}` : `syntax error near ${JSON.stringify(n.text.slice(0, 40))}`;
    switch (n.type) {
      case "comment":
      case "heredoc_body":
        return;
      case "command":
        visitSubstitutions(n);
        commands.push(simple(n, redirects));
        return;
      case "redirected_statement": {
        const body = n.childForFieldName("body") ?? n.namedChildren.find((c) => !REDIRECT_TYPES.has(c.type));
        const reds = n.namedChildren.filter((c) => REDIRECT_TYPES.has(c.type));
        for (const r of reds) visitSubstitutions(r);
        if (body) visit(body, body.type === "command" ? reds : []);
        return;
      }
      case "declaration_command":
        visitSubstitutions(n);
        for (const c of n.namedChildren) if (c.type === "variable_assignment") assign(c, lineEnv);
        return;
      case "variable_assignment":
        visitSubstitutions(n);
        assign(n, lineEnv);
        return;
      case "variable_assignments":
        for (const c of n.namedChildren) if (c.type === "variable_assignment") assign(c, lineEnv);
        return;
      default:
        for (const c of n.namedChildren) visit(c);
    }
  }

  visit(root);
  if (error === null && root.hasError) error = "syntax error";
  return { commands, error };
}
