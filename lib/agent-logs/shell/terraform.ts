import type { RiskClass } from "@/lib/model/risk";

export interface TerraformInvocation {
  subcommand: string;
  autoApprove: boolean;
  targets: string[];
  workspace: string | null;
  risk: RiskClass;
  reason: string;
}

const READ_SUBCOMMANDS = new Set([
  "plan",
  "show",
  "output",
  "validate",
  "version",
  "providers",
  "graph",
  "console",
  "fmt",
  "login",
  "logout",
  "metadata",
  "test",
  "modules",
]);
const LOCAL_WRITE = new Set(["init", "get"]);

/**
 * `terraform|tofu|terragrunt [-chdir=DIR] <subcommand> [args]`. destroy / apply -destroy → destructive,
 * apply / import / state changes / taint → write, plan / show / state list … → read.
 * `workspace select X` / `workspace new X` report the workspace they switch to.
 */
export function parseTerraformArgv(
  argv: string[],
  env: Record<string, string>,
  currentWorkspace: string | null,
): TerraformInvocation | null {
  let i = 1;
  while (i < argv.length && argv[i].startsWith("-")) i++;
  // terragrunt: `terragrunt run-all destroy`, `terragrunt run -- destroy`
  if (argv[0].endsWith("terragrunt") && (argv[i] === "run-all" || argv[i] === "run")) {
    i++;
    if (argv[i] === "--") i++;
  }
  const subcommand = argv[i];
  if (!subcommand) return null;
  const rest = argv.slice(i + 1);
  const flags = rest.filter((a) => a.startsWith("-"));
  const has = (name: string) => flags.some((f) => f.replace(/^--?/, "").split("=")[0] === name && !/=(false|0)$/i.test(f));
  const targets: string[] = [];
  for (let j = 0; j < rest.length; j++) {
    const m = /^--?target(?:=(.*))?$/.exec(rest[j]);
    if (m) targets.push(m[1] ?? rest[++j] ?? "");
  }
  const workspace = currentWorkspace ?? env.TF_WORKSPACE ?? null;
  const autoApprove = has("auto-approve") || has("force");
  let risk: RiskClass = "write";
  let reason = `terraform ${subcommand}`;
  const sub2 = rest.find((a) => !a.startsWith("-"));
  if (subcommand === "destroy" || (subcommand === "apply" && has("destroy"))) {
    risk = "destructive";
    reason = subcommand === "destroy" ? "terraform destroy" : "terraform apply -destroy";
  } else if (
    subcommand === "apply" ||
    subcommand === "import" ||
    subcommand === "refresh" ||
    subcommand === "taint" ||
    subcommand === "untaint" ||
    subcommand === "force-unlock"
  ) {
    risk = "write";
  } else if (subcommand === "state") {
    risk = sub2 === "list" || sub2 === "show" || sub2 === "pull" ? "read" : "write";
    reason = `terraform state ${sub2 ?? ""}`.trim();
  } else if (subcommand === "workspace") {
    risk = sub2 === "delete" ? "destructive" : sub2 === "new" ? "write" : "read";
    reason = `terraform workspace ${sub2 ?? ""}`.trim();
  } else if (READ_SUBCOMMANDS.has(subcommand)) {
    risk = subcommand === "fmt" && !has("check") ? "write" : "read";
  } else if (LOCAL_WRITE.has(subcommand)) {
    risk = "write";
    reason = `terraform ${subcommand} (local)`;
  }
  if (autoApprove && risk !== "read") reason += " -auto-approve";
  return { subcommand, autoApprove, targets, workspace, risk, reason };
}

/** The workspace a `terraform workspace select|new X` switches to, if it is one. */
export function workspaceSwitch(argv: string[]): string | null {
  const i = argv.indexOf("workspace");
  if (i < 1) return null;
  const [verb, ...rest] = argv.slice(i + 1).filter((a) => !a.startsWith("-"));
  return (verb === "select" || verb === "new") && rest[0] ? rest[0] : null;
}
