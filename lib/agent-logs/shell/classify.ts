import { type Classification, c, hasFlag, shortFlags } from "./classification";
import { classifyCloudCli, classifyDocker, classifyGit, classifyKubectl, classifySqlClient, methodOf } from "./classify-tools";

export type { Classification } from "./classification";

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
