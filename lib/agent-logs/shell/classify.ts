import type { RiskClass } from "@/lib/model/risk";
import { classifySql } from "./sql";

export interface Classification {
  risk: RiskClass;
  reason: string;
}

/** Programs that only read (given no output redirect to a file). */
const READ_ONLY = new Set([
  "ls",
  "ll",
  "la",
  "dir",
  "cat",
  "bat",
  "head",
  "tail",
  "less",
  "more",
  "grep",
  "egrep",
  "fgrep",
  "rg",
  "ag",
  "ack",
  "wc",
  "echo",
  "printf",
  "pwd",
  "whoami",
  "id",
  "groups",
  "date",
  "cal",
  "printenv",
  "which",
  "whereis",
  "type",
  "file",
  "stat",
  "du",
  "df",
  "ps",
  "pgrep",
  "top",
  "htop",
  "uname",
  "hostname",
  "uptime",
  "free",
  "jq",
  "yq",
  "sort",
  "uniq",
  "cut",
  "tr",
  "awk",
  "gawk",
  "diff",
  "cmp",
  "comm",
  "tree",
  "realpath",
  "readlink",
  "dirname",
  "basename",
  "test",
  "[",
  "[[",
  "true",
  "false",
  "sleep",
  "cd",
  "pushd",
  "popd",
  "man",
  "help",
  "history",
  "journalctl",
  "dig",
  "nslookup",
  "host",
  "ping",
  "traceroute",
  "ss",
  "netstat",
  "lsof",
  "xxd",
  "od",
  "hexdump",
  "md5sum",
  "sha1sum",
  "sha256sum",
  "shasum",
  "base64",
  "column",
  "fold",
  "fmt",
  "nl",
  "rev",
  "seq",
  "yes",
  "tac",
  "strings",
  "nproc",
  "lscpu",
  "lsblk",
  "locale",
  "tty",
  "clear",
  "exit",
  "set",
  "unset",
  "alias",
  "read",
  "wait",
  "jobs",
  "fg",
  "bg",
  "getent",
  "envsubst",
  "look",
  "zcat",
  "zgrep",
  "tput",
  "stty",
  "open",
  "code",
  "say",
  "notify-send",
  "fd",
  "fzf",
  "glow",
  "tldr",
]);

const SHELLS = new Set(["bash", "sh", "zsh", "dash", "ksh", "fish"]);
const SQL_CLIENTS = new Set([
  "psql",
  "mysql",
  "mariadb",
  "sqlite3",
  "cockroach",
  "sqlcmd",
  "clickhouse-client",
  "duckdb",
  "redis-cli",
  "mongo",
  "mongosh",
  "snowsql",
  "bq",
]);

const c = (risk: RiskClass, reason: string): Classification => ({ risk, reason });
const hasFlag = (argv: string[], ...names: string[]) => argv.some((a) => names.includes(a));
const shortFlags = (argv: string[]) => argv.filter((a) => /^-[A-Za-z]+$/.test(a)).join("");

/** Risk of one program invocation other than aws/terraform (handled by their own parsers). */
export function classifyProgram(program: string, argv: string[], stdin: string | null): Classification {
  const args = argv.slice(1);
  const sub = args.find((a) => !a.startsWith("-"));
  switch (program) {
    case "rm": {
      const flags = shortFlags(args);
      if (/[rR]/.test(flags) || hasFlag(args, "--recursive"))
        return c("destructive", `rm -${/f/.test(flags) || hasFlag(args, "--force") ? "rf" : "r"} (recursive delete)`);
      return c("write", "rm (file delete)");
    }
    case "shred":
    case "mkfs":
    case "wipefs":
    case "dropdb":
      return c("destructive", program);
    case "dd":
      return args.some((a) => a.startsWith("of=/dev/")) ? c("destructive", "dd to a device") : c("write", "dd");
    case "find":
      if (hasFlag(args, "-delete")) return c("destructive", "find -delete");
      return c("read", "find");
    case "sed":
      return args.some((a) => /^-[a-zA-Z]*i/.test(a) || a.startsWith("--in-place"))
        ? c("write", "sed -i (in-place edit)")
        : c("read", "sed");
    case "git":
      return classifyGit(args);
    case "kubectl":
    case "oc":
      return classifyKubectl(program, args);
    case "helm":
      if (sub === "uninstall" || sub === "delete" || sub === "del") return c("destructive", `helm ${sub}`);
      if (["list", "ls", "status", "get", "template", "show", "history", "search", "version", "lint", "env"].includes(sub ?? ""))
        return c("read", `helm ${sub}`);
      return c("write", `helm ${sub ?? ""}`.trim());
    case "gcloud":
    case "az":
    case "doctl":
    case "heroku":
    case "flyctl":
    case "fly":
    case "vercel":
    case "gsutil":
      return classifyCloudCli(program, args);
    case "docker":
    case "podman":
      return classifyDocker(program, args);
    case "curl":
    case "http":
    case "https":
    case "xh": {
      const method = methodOf(args);
      if (method === "DELETE") return c("destructive", `${program} -X DELETE`);
      if (method && method !== "GET" && method !== "HEAD") return c("write", `${program} -X ${method}`);
      if (args.some((a) => /^(-d|--data.*|-F|--form|-T|--upload-file|--json)$/.test(a)))
        return c("write", `${program} with a request body`);
      if (args.some((a) => a === "-o" || a === "-O" || a.startsWith("--output"))) return c("write", `${program} download to a file`);
      return c("read", `${program} GET`);
    }
    case "wget":
      return c("write", "wget (downloads a file)");
    case "npm":
    case "pnpm":
    case "yarn":
    case "bun":
      return ["ls", "list", "view", "info", "why", "outdated", "audit", "--version", "-v", "config"].includes(sub ?? args[0] ?? "")
        ? c("read", `${program} ${sub}`)
        : c("write", `${program} ${sub ?? ""}`.trim());
    case "pulumi":
      if (sub === "destroy" || (sub === "stack" && args.includes("rm"))) return c("destructive", `pulumi ${sub}`);
      if (sub === "up" || sub === "update" || sub === "import" || sub === "refresh") return c("write", `pulumi ${sub}`);
      return c("read", `pulumi ${sub ?? ""}`.trim());
    case "cdk":
      if (sub === "destroy") return c("destructive", "cdk destroy");
      if (sub === "deploy" || sub === "bootstrap") return c("write", `cdk ${sub}`);
      return c("read", `cdk ${sub ?? ""}`.trim());
    case "sam":
    case "serverless":
    case "sls":
      if (sub === "delete" || sub === "remove") return c("destructive", `${program} ${sub}`);
      return sub === "deploy" ? c("write", `${program} deploy`) : c("read", `${program} ${sub ?? ""}`.trim());
    case "eksctl":
      if (sub === "delete") return c("destructive", `eksctl delete ${args[1] ?? ""}`.trim());
      return sub === "get" || sub === "utils" ? c("read", `eksctl ${sub}`) : c("write", `eksctl ${sub ?? ""}`.trim());
    case "tee":
      return args.some((a) => !a.startsWith("-") && a !== "/dev/null") ? c("write", "tee to a file") : c("read", "tee");
    case "env":
    case "export":
      return c("read", program);
  }
  if (SQL_CLIENTS.has(program)) return classifySqlClient(program, args, stdin);
  if (SHELLS.has(program)) return c("write", `${program} script`);
  if (READ_ONLY.has(program)) return c("read", program);
  if (/^(python[0-9.]*|node|ruby|perl|php|deno|go|cargo|make|npx|pip[0-9]*|uv|poetry|java|mvn|gradle|dotnet|tsx|ts-node)$/.test(program))
    return c("write", `${program} (runs code)`);
  return c("write", `${program} (not known to be read-only)`);
}

const GIT_READ = new Set([
  "status",
  "log",
  "diff",
  "show",
  "rev-parse",
  "ls-files",
  "ls-tree",
  "blame",
  "describe",
  "shortlog",
  "grep",
  "reflog",
  "cat-file",
  "fetch",
  "help",
  "version",
  "--version",
  "rev-list",
  "whatchanged",
  "name-rev",
  "for-each-ref",
  "check-ignore",
  "ls-remote",
  "count-objects",
  "fsck",
  "show-ref",
  "var",
  "merge-base",
]);

function classifyGit(args: string[]): Classification {
  const sub = args.find((a) => !a.startsWith("-")) ?? "";
  const rest = args.slice(args.indexOf(sub) + 1);
  const words = rest.filter((a) => !a.startsWith("-"));
  if (
    sub === "push" &&
    (hasFlag(rest, "--force", "-f", "--force-with-lease", "--mirror", "--delete", "-d") ||
      words.some((a) => a.startsWith("+") || a.startsWith(":")))
  ) {
    return c("destructive", "git push --force/--delete");
  }
  if (sub === "reset" && hasFlag(rest, "--hard")) return c("destructive", "git reset --hard");
  if (sub === "clean" && /f/.test(shortFlags(rest))) return c("destructive", "git clean -f");
  if (GIT_READ.has(sub)) return c("read", `git ${sub}`);
  if (sub === "branch" || sub === "tag") {
    const listing = hasFlag(rest, "-l", "--list", "-a", "-r", "-v", "-vv", "--show-current", "--contains") || words.length === 0;
    return listing && !hasFlag(rest, "-d", "-D", "--delete") ? c("read", `git ${sub}`) : c("write", `git ${sub}`);
  }
  if (sub === "remote")
    return ["add", "remove", "rm", "set-url", "rename"].includes(words[0] ?? "")
      ? c("write", `git remote ${words[0]}`)
      : c("read", "git remote");
  if (sub === "config")
    return hasFlag(rest, "--get", "--list", "-l", "--get-all") || words.length <= 1 ? c("read", "git config") : c("write", "git config");
  if (sub === "stash") return ["list", "show"].includes(words[0] ?? "") ? c("read", `git stash ${words[0]}`) : c("write", "git stash");
  return c("write", `git ${sub}`.trim());
}

function classifyKubectl(program: string, args: string[]): Classification {
  const sub = args.find((a) => !a.startsWith("-")) ?? "";
  if (sub === "delete" || sub === "drain") return c("destructive", `${program} ${sub}`);
  if (
    [
      "get",
      "describe",
      "logs",
      "top",
      "explain",
      "version",
      "api-resources",
      "api-versions",
      "cluster-info",
      "diff",
      "auth",
      "wait",
      "events",
    ].includes(sub)
  )
    return c("read", `${program} ${sub}`);
  if (sub === "config")
    return ["view", "current-context", "get-contexts", "get-clusters"].includes(args[args.indexOf("config") + 1] ?? "")
      ? c("read", `${program} config`)
      : c("write", `${program} config`);
  if (sub === "rollout")
    return ["status", "history"].includes(args[args.indexOf("rollout") + 1] ?? "")
      ? c("read", `${program} rollout status`)
      : c("write", `${program} rollout`);
  if (sub === "scale" && args.some((a) => /^--replicas=0$/.test(a))) return c("destructive", `${program} scale --replicas=0`);
  return c("write", `${program} ${sub}`.trim());
}

function classifyCloudCli(program: string, args: string[]): Classification {
  const words = args.filter((a) => !a.startsWith("-"));
  const destructive = words.find((w) => ["delete", "destroy", "purge", "remove", "rm", "rb", "terminate", "apps:destroy"].includes(w));
  if (destructive) return c("destructive", `${program} … ${destructive}`);
  const read = words.find((w) =>
    ["list", "describe", "show", "get", "info", "ls", "cat", "status", "version", "account", "get-iam-policy"].includes(w),
  );
  if (read && !words.some((w) => ["create", "update", "set", "add", "deploy", "set-iam-policy", "add-iam-policy-binding"].includes(w)))
    return c("read", `${program} … ${read}`);
  if (words.some((w) => /iam-policy|role|grant/.test(w)))
    return c("privilege", `${program} … ${words.find((w) => /iam-policy|role|grant/.test(w))}`);
  return c("write", `${program} ${words.slice(0, 3).join(" ")}`.trim());
}

function classifyDocker(program: string, args: string[]): Classification {
  const words = args.filter((a) => !a.startsWith("-"));
  const [sub, sub2] = words;
  if (
    ["rm", "rmi", "kill"].includes(sub ?? "") ||
    sub2 === "rm" ||
    sub2 === "prune" ||
    (sub === "system" && sub2 === "prune") ||
    (sub === "compose" && sub2 === "down" && hasFlag(args, "-v", "--volumes"))
  ) {
    return c("destructive", `${program} ${[sub, sub2].filter(Boolean).join(" ")}`);
  }
  if (
    ["ps", "images", "logs", "inspect", "version", "info", "stats", "top", "history"].includes(sub ?? "") ||
    sub2 === "ls" ||
    sub2 === "inspect"
  )
    return c("read", `${program} ${sub}`);
  return c("write", `${program} ${sub ?? ""}`.trim());
}

function classifySqlClient(program: string, args: string[], stdin: string | null): Classification {
  const sqlParts: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const m = /^(?:--command|--execute|--eval|--query)=(.*)$/s.exec(a);
    if (m) sqlParts.push(m[1]);
    else if (["-c", "-e", "--command", "--execute", "--eval", "-q", "--query", "-Q"].includes(a) && i + 1 < args.length)
      sqlParts.push(args[++i]);
    else if (program === "sqlite3" && i >= 1 && !a.startsWith("-")) sqlParts.push(a);
    else if (program === "redis-cli" && !a.startsWith("-")) sqlParts.push(a);
  }
  if (stdin) sqlParts.push(stdin);
  const verdict = sqlParts.length ? classifySql(sqlParts.join("\n")) : null;
  if (verdict) return c(verdict.risk, `${program}: ${verdict.reason}`);
  return c("write", `${program} (SQL session)`);
}

function methodOf(args: string[]): string | null {
  for (let i = 0; i < args.length; i++) {
    const m = /^(?:-X|--request)(?:=?(.+))?$/.exec(args[i]);
    if (m) return (m[1] ?? args[i + 1] ?? "").toUpperCase();
  }
  const bare = args.find((a) => /^(GET|POST|PUT|PATCH|DELETE|HEAD)$/.test(a));
  return bare ?? null;
}
