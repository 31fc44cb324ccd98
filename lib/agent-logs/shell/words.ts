import type { ShellNode } from "./parser";

/**
 * The literal value of a shell word node as the shell would pass it (quotes removed, escapes resolved). Expansions
 * (`$X`, `${X}`, `$(…)`, arithmetic) can't be known statically and are kept as written.
 */
export function wordValue(node: ShellNode): string {
  switch (node.type) {
    case "word":
    case "command_name":
      return node.type === "command_name" ? node.namedChildren.map(wordValue).join("") || node.text : unescapeBare(node.text);
    case "raw_string":
      return node.text.length >= 2 ? node.text.slice(1, -1) : node.text;
    case "string":
    case "translated_string":
      return stringValue(node);
    case "ansi_c_string":
      return ansiC(node.text.slice(2, -1));
    case "concatenation":
      return node.children.map(wordValue).join("");
    case "string_content":
      return unescapeDouble(node.text);
    default:
      return node.text;
  }
}

function stringValue(node: ShellNode): string {
  let out = "";
  for (const c of node.children) {
    if (c.type === '"' || c.type === '$"') continue;
    out += c.type === "string_content" ? unescapeDouble(c.text) : c.text;
  }
  return out;
}

/** Unquoted word: `\x` → `x`, `\<newline>` → nothing. Quote chars inside a word node are literal here. */
function unescapeBare(s: string): string {
  if (!s.includes("\\")) return s;
  return s.replace(/\\(\n|.)/gs, (_m, c: string) => (c === "\n" ? "" : c));
}

/** Inside double quotes only `\$ \` \" \\ \<newline>` are escapes. */
function unescapeDouble(s: string): string {
  if (!s.includes("\\")) return s;
  return s.replace(/\\([$`"\\\n])/g, (_m, c: string) => (c === "\n" ? "" : c));
}

function ansiC(s: string): string {
  const map: Record<string, string> = {
    n: "\n",
    t: "\t",
    r: "\r",
    a: "\u0007",
    b: "\b",
    e: "\u001b",
    E: "\u001b",
    f: "\f",
    v: "\v",
    "\\": "\\",
    "'": "'",
    '"': '"',
    "?": "?",
  };
  return s.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|u[0-9a-fA-F]{1,4}|.)/g, (_m, c: string) => {
    if (c[0] === "x" && c.length > 1) return String.fromCharCode(parseInt(c.slice(1), 16));
    if (c[0] === "u" && c.length > 1) return String.fromCharCode(parseInt(c.slice(1), 16));
    if (/^[0-7]+$/.test(c)) return String.fromCharCode(parseInt(c, 8));
    return map[c] ?? `\\${c}`;
  });
}
