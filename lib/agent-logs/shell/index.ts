import type { ParsedCommand } from "@/lib/model/agent";
import { maxRisk } from "@/lib/model/risk";
import { parseAwsArgv } from "./aws";
import { classifyProgram } from "./classify";
import { initShellParser, withShellTree } from "./parser";
import { parseTerraformArgv, workspaceSwitch } from "./terraform";
import { type SimpleCommand, walkShell } from "./walk";

export { initShellParser, isShellParserReady, shellParserError } from "./parser";

export interface ShellParseOptions {
  /** Environment already in force for the command line (e.g. the tool call's env): AWS_PROFILE, AWS_REGION, TF_WORKSPACE… */
  env?: Record<string, string>;
}

const MAX_PARSE_CHARS = 256 * 1024;
const MAX_DEPTH = 5;

/** Parse a shell command line into the program invocations it runs. Never throws. */
export async function parseShellCommand(line: string, opts: ShellParseOptions = {}): Promise<ParsedCommand[]> {
  try {
    await initShellParser();
  } catch (e) {
    return [fallback(line, `shell parser unavailable: ${(e as Error).message}`)];
  }
  return parseShellCommandSync(line, opts);
}

/** Synchronous form (the parser is loaded when this module is imported; if loading failed it falls back to a whitespace split). */
export function parseShellCommandSync(line: string, opts: ShellParseOptions = {}): ParsedCommand[] {
  if (typeof line !== "string" || line.trim() === "") return [];
  try {
    return parseLine(line.slice(0, MAX_PARSE_CHARS), opts.env ?? {}, 0, []);
  } catch (e) {
    return [fallback(line, (e as Error).message)];
  }
}

interface LineState {
  workspace: string | null;
}

function parseLine(line: string, baseEnv: Record<string, string>, depth: number, via: string[]): ParsedCommand[] {
  if (depth > MAX_DEPTH) return [fallback(line, "nested shell too deep")];
  const { commands, error } = withShellTree(line, (root) => walkShell(root, baseEnv));
  if (commands.length === 0 && error) return [fallback(line, error)];
  const state: LineState = { workspace: baseEnv.TF_WORKSPACE ?? null };
  const out = commands.flatMap((sc) => fromSimple(sc, baseEnv, depth, via, state));
  if (error) for (const pc of out) pc.riskReason = `${pc.riskReason ?? pc.program}; shell parse error: ${error}`;
  return out;
}

const basename = (p: string) => p.replace(/^.*\//, "");
const SHELLS = new Set(["bash", "sh", "zsh", "dash", "ksh"]);
const PASS_THROUGH = new Set([
  "nohup",
  "time",
  "exec",
  "command",
  "builtin",
  "caffeinate",
  "chronic",
  "unbuffer",
  "stdbuf",
  "nice",
  "ionice",
  "timeout",
  "doas",
]);
/** Options (of the wrappers above and sudo/xargs/env) that take a separate value. */
const WRAPPER_VALUE_OPTS: Record<string, Set<string>> = {
  sudo: new Set(["-u", "-g", "-p", "-C", "-U", "-r", "-t", "-T", "-D", "-h"]),
  doas: new Set(["-u", "-C"]),
  xargs: new Set(["-I", "-n", "-P", "-L", "-d", "-E", "-s", "-a", "--max-args", "--max-procs", "--delimiter", "--arg-file"]),
  env: new Set(["-u", "-C", "--unset", "--chdir"]),
  nice: new Set(["-n"]),
  ionice: new Set(["-c", "-n", "-p"]),
  timeout: new Set(["-s", "-k", "--signal", "--kill-after"]),
  stdbuf: new Set(["-i", "-o", "-e"]),
  ssh: new Set(["-i", "-p", "-l", "-o", "-F", "-J", "-L", "-R", "-D", "-b", "-c", "-E", "-e", "-m", "-O", "-Q", "-S", "-W", "-w", "-B"]),
};

function skipOptions(argv: string[], prog: string): number {
  const takes = WRAPPER_VALUE_OPTS[prog] ?? new Set<string>();
  let i = 1;
  while (i < argv.length && argv[i].startsWith("-") && argv[i] !== "-") {
    if (argv[i] === "--") return i + 1;
    i += takes.has(argv[i]) ? 2 : 1;
  }
  return i;
}

function fromSimple(sc: SimpleCommand, baseEnv: Record<string, string>, depth: number, viaIn: string[], state: LineState): ParsedCommand[] {
  let argv = sc.argv;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(sc.lineEnv)) if (baseEnv[k] !== v) env[k] = v;
  Object.assign(env, sc.prefixEnv);
  const via = [...viaIn];
  for (let guard = 0; guard < 10 && argv.length > 0; guard++) {
    const prog = basename(argv[0]);
    const effective = () => ({ ...baseEnv, ...env });
    if (prog === "sudo" || prog === "xargs" || PASS_THROUGH.has(prog)) {
      let i = skipOptions(argv, prog);
      if (prog === "timeout" && i < argv.length) i++; // the DURATION
      if (prog === "sudo") while (i < argv.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[i])) setAssign(env, argv[i++]);
      if (i >= argv.length) break;
      via.push(prog);
      argv = argv.slice(i);
      continue;
    }
    if (prog === "env") {
      let i = skipOptions(argv, "env");
      while (i < argv.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[i])) setAssign(env, argv[i++]);
      if (i >= argv.length) return [build(["env", ...argv.slice(1)], env, { risk: "read", reason: "env" }, sc, via)];
      argv = argv.slice(i);
      continue;
    }
    if (prog === "aws-vault" && argv[1] === "exec") {
      const rest = argv.slice(2);
      const profile = rest.find((a) => !a.startsWith("-"));
      if (profile) env.AWS_PROFILE = profile;
      const dd = rest.indexOf("--");
      const inner = dd >= 0 ? rest.slice(dd + 1) : rest.slice(rest.indexOf(profile ?? "") + 1);
      if (inner.length === 0) break;
      via.push(`aws-vault exec ${profile ?? ""}`.trim());
      argv = inner;
      continue;
    }
    if (SHELLS.has(prog)) {
      const ci = argv.findIndex((a, idx) => idx > 0 && /^-[a-zA-Z]*c[a-zA-Z]*$/.test(a));
      if (ci > 0 && ci + 1 < argv.length) return parseLine(argv[ci + 1], effective(), depth + 1, [...via, `${prog} -c`]);
      if (argv.length === 1 || argv.slice(1).every((a) => a.startsWith("-"))) {
        if (sc.stdin) return parseLine(sc.stdin, effective(), depth + 1, [...via, `${prog} <<heredoc`]);
      }
      break;
    }
    if (prog === "eval" && argv.length > 1) return parseLine(argv.slice(1).join(" "), effective(), depth + 1, [...via, "eval"]);
    if (prog === "ssh") {
      const i = skipOptions(argv, "ssh");
      const remote = argv.slice(i + 1);
      if (remote.length > 0) return parseLine(remote.join(" "), {}, depth + 1, [...via, `ssh ${argv[i]}`]);
      break;
    }
    if (prog === "find") {
      const ex = argv.findIndex((a) => a === "-exec" || a === "-execdir" || a === "-ok" || a === "-okdir");
      if (ex > 0) {
        const end = argv.findIndex((a, idx) => idx > ex && (a === ";" || a === "+"));
        const inner = argv.slice(ex + 1, end > 0 ? end : undefined);
        const self = build(argv, env, classifyProgram("find", argv, null), sc, via);
        const subSc: SimpleCommand = { ...sc, argv: inner, prefixEnv: {}, redirects: [], stdin: null };
        return [self, ...fromSimple(subSc, { ...baseEnv, ...env }, depth + 1, [...via, "find -exec"], state)];
      }
    }
    break;
  }
  if (argv.length === 0) return [];
  const program = basename(argv[0]);
  const effectiveEnv = { ...baseEnv, ...env };
  if (program === "aws") {
    const inv = parseAwsArgv(argv, effectiveEnv);
    const cls = inv
      ? { risk: inv.risk, reason: `aws ${inv.service} ${inv.operation}` }
      : { risk: "read" as const, reason: "aws (no service operation)" };
    const pc = build(argv, env, cls, sc, via);
    if (inv) pc.aws = { service: inv.service, operation: inv.operation, args: inv.args, profile: inv.profile, region: inv.region };
    return [pc];
  }
  if (program === "terraform" || program === "tofu" || program === "terragrunt") {
    const sw = workspaceSwitch(argv);
    const inv = parseTerraformArgv(argv, effectiveEnv, state.workspace);
    if (sw) state.workspace = sw;
    const pc = build(
      argv,
      env,
      inv ? { risk: inv.risk, reason: inv.reason.replace(/^terraform/, program) } : { risk: "read", reason: program },
      sc,
      via,
    );
    if (inv)
      pc.terraform = { subcommand: inv.subcommand, autoApprove: inv.autoApprove, targets: inv.targets, workspace: sw ?? inv.workspace };
    return [pc];
  }
  return [build(argv, env, classifyProgram(program, argv, sc.stdin), sc, via)];
}

function setAssign(env: Record<string, string>, a: string) {
  const eq = a.indexOf("=");
  env[a.slice(0, eq)] = a.slice(eq + 1);
}

const HARMLESS_TARGET = /^(\/dev\/(null|stdout|stderr|tty|fd\/\d+)|&?\d*-?)$/;

function build(
  argv: string[],
  env: Record<string, string>,
  cls: { risk: ParsedCommand["risk"]; reason: string },
  sc: SimpleCommand,
  via: string[],
): ParsedCommand {
  let risk = cls.risk;
  let reason = cls.reason;
  const fileOut = sc.redirects.find((r) => /^(>|>>|&>|&>>|>\||\d>|\d>>)$/.test(r.op) && !HARMLESS_TARGET.test(r.target));
  if (fileOut) {
    if (risk === "read") reason = `${reason} > ${fileOut.target} (writes a file)`;
    risk = maxRisk(risk, "write");
  }
  if (via.length) reason = `${reason} (via ${via.join(" → ")})`;
  return { program: basename(argv[0]), argv, env, risk, riskReason: reason, aws: null, terraform: null };
}

/** Best effort when the shell text can't be parsed: split on whitespace, classify by the first word(s). */
function fallback(line: string, error: string): ParsedCommand {
  const argv = line.trim().split(/\s+/).filter(Boolean).slice(0, 200);
  const program = basename(argv[0] ?? "");
  let risk: ParsedCommand["risk"] = "write";
  let reason = program || "empty command";
  let aws: ParsedCommand["aws"] = null;
  if (program === "aws") {
    const inv = parseAwsArgv(argv, {});
    if (inv) {
      risk = inv.risk;
      reason = `aws ${inv.service} ${inv.operation}`;
      aws = { service: inv.service, operation: inv.operation, args: inv.args, profile: inv.profile, region: inv.region };
    }
  } else if (program) {
    const cls = classifyProgram(program, argv, null);
    risk = cls.risk;
    reason = cls.reason;
  }
  return { program, argv, env: {}, risk, riskReason: `${reason}; shell parse error: ${error}`, aws, terraform: null };
}
