import { classifyAwsCli } from "@/lib/cloudtrail/aws-cli";
import type { RiskClass } from "@/lib/model/risk";

export interface AwsInvocation {
  service: string;
  operation: string;
  args: Record<string, string | boolean>;
  profile: string | null;
  region: string | null;
  risk: RiskClass;
}

/** AWS CLI global options that take a value (they may come before the service name). */
const GLOBAL_WITH_VALUE = new Set([
  "profile",
  "region",
  "output",
  "endpoint-url",
  "query",
  "cli-read-timeout",
  "cli-connect-timeout",
  "ca-bundle",
  "color",
  "cli-binary-format",
]);

/** Common boolean AWS CLI flags (never take a value); `--no-*` flags are boolean too. */
const BOOLEAN_FLAGS = new Set([
  "recursive",
  "force",
  "dryrun",
  "dry-run",
  "quiet",
  "skip-final-snapshot",
  "delete-automated-backups",
  "follow-symlinks",
  "exact-timestamps",
  "delete",
  "only-show-errors",
  "force-delete-without-recovery",
  "deletion-protection",
  "apply-immediately",
  "debug",
  "all",
  "include-all-instances",
  "multi-az",
  "publicly-accessible",
  "force-stop",
  "force-delete",
  "retain-resources",
  "wait",
  "enable",
  "disable",
]);

/**
 * Read `aws [global opts] <service> <operation> [--opt value | --flag]…`. Option keys are stored without the leading
 * dashes (`{"stack-name": "prod", force: true}`), the shape classifyAwsCli expects. Null when no service/operation.
 */
export function parseAwsArgv(argv: string[], env: Record<string, string>): AwsInvocation | null {
  const args: Record<string, string | boolean> = {};
  const positional: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith("--") && a.length > 2) {
      const eq = a.indexOf("=");
      const key = (eq > 0 ? a.slice(2, eq) : a.slice(2)).toLowerCase();
      if (eq > 0) args[key] = a.slice(eq + 1);
      else if (
        !BOOLEAN_FLAGS.has(key) &&
        !key.startsWith("no-") &&
        i + 1 < argv.length &&
        (!argv[i + 1].startsWith("--") || GLOBAL_WITH_VALUE.has(key)) &&
        (positional.length >= 2 || GLOBAL_WITH_VALUE.has(key))
      ) {
        args[key] = argv[++i];
      } else args[key] = true;
      continue;
    }
    positional.push(a);
  }
  const [service, operation] = positional;
  if (!service || !operation) return null;
  const svc = service.toLowerCase();
  const op = operation.toLowerCase();
  const profile = str(args.profile) ?? env.AWS_PROFILE ?? env.AWS_DEFAULT_PROFILE ?? env.AWS_VAULT ?? null;
  const region = str(args.region) ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? null;
  let risk: RiskClass;
  try {
    risk = classifyAwsCli(svc, op, args);
  } catch {
    risk = "write";
  }
  return { service: svc, operation: op, args, profile, region, risk };
}

function str(v: string | boolean | undefined): string | null {
  return typeof v === "string" && v.length > 0 ? v : null;
}
