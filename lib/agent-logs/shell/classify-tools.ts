// Risk of the tools with subcommands of their own: git, kubectl/helm, cloud CLIs, docker, SQL clients (pure).
import { type Classification, c, hasFlag, shortFlags } from "./classification";
import { classifySql } from "./sql";

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

export function classifyGit(args: string[]): Classification {
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

export function classifyKubectl(program: string, args: string[]): Classification {
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

export function classifyCloudCli(program: string, args: string[]): Classification {
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

export function classifyDocker(program: string, args: string[]): Classification {
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

export function classifySqlClient(program: string, args: string[], stdin: string | null): Classification {
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

export function methodOf(args: string[]): string | null {
  for (let i = 0; i < args.length; i++) {
    const m = /^(?:-X|--request)(?:=?(.+))?$/.exec(args[i]);
    if (m) return (m[1] ?? args[i + 1] ?? "").toUpperCase();
  }
  const bare = args.find((a) => /^(GET|POST|PUT|PATCH|DELETE|HEAD)$/.test(a));
  return bare ?? null;
}
