import { parseArgs } from "node:util";
import { CLI_ACTOR } from "@/lib/auth/actor";
import { TOKEN_SCOPES } from "@/lib/auth/permissions";
import { isTokenScope, parseExpiry, type TokenView } from "@/lib/auth/tokens";
import { createToken, revokeToken } from "@/lib/auth/tokens/mutations";
import { listTokens } from "@/lib/auth/tokens/queries";
import { withCliStore } from "./main";

type Command = (argv: string[]) => Promise<number>;

export const TOKENS_USAGE = `  tokens create --name N --scope ${TOKEN_SCOPES.join("|")} [--expires 30d|90d|never|<date>] [--owner <email>] [--service] [--json]
                          create an API token and print it once (--json: {"id","name","scope","token"}); a service
                          token unless --owner names the user a personal token belongs to
  tokens list [--json]    every token: name, scope, kind, owner, created, expires, last used, status
  tokens revoke <id>      revoke a token (it stops working at once)
`;

function fail(message: string): number {
  process.stderr.write(`aftermath tokens: ${message}\n`);
  return 1;
}

const day = (iso: string | null) => (iso ? `${iso.slice(0, 16).replace("T", " ")}Z` : "—");

/** The token list as an aligned text table. */
export function formatTokenTable(tokens: TokenView[]): string {
  if (!tokens.length) return "no tokens";
  const head = ["ID", "NAME", "SCOPE", "KIND", "OWNER", "PREFIX", "CREATED", "EXPIRES", "LAST USED", "STATUS"];
  const rows = tokens.map((t) => [
    t.id,
    t.name,
    t.scope,
    t.kind,
    t.ownerEmail ?? t.ownerUserId ?? "—",
    `${t.prefix}…`,
    day(t.createdAt),
    t.expiresAt ? day(t.expiresAt) : "never",
    day(t.lastUsedAt),
    t.status,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [head, ...rows]
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

async function create(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      name: { type: "string" },
      scope: { type: "string" },
      expires: { type: "string", default: "never" },
      owner: { type: "string" },
      service: { type: "boolean", default: false },
      json: { type: "boolean", default: false },
    },
  });
  if (!values.name) return fail("create needs --name");
  if (!values.scope || !isTokenScope(values.scope)) return fail(`create needs --scope ${TOKEN_SCOPES.join("|")}`);
  if (values.service && values.owner) return fail("a service token has no owner: use --service or --owner, not both");
  let expiresAt: Date | null;
  try {
    expiresAt = parseExpiry(values.expires);
  } catch (e) {
    return fail((e as Error).message);
  }
  const scope = values.scope;
  const owner = values.owner;
  const name = values.name;
  return withCliStore(async (store) => {
    const { token, view } = await createToken(store, CLI_ACTOR, {
      name,
      scope,
      kind: owner ? "personal" : "service",
      owner: owner ? { email: owner } : undefined,
      expiresAt,
    });
    if (values.json) process.stdout.write(`${JSON.stringify({ id: view.id, name: view.name, scope: view.scope, token })}\n`);
    else
      process.stdout.write(
        `Created ${view.kind} token "${view.name}" (id ${view.id}, scope ${view.scope}, ${view.expiresAt ? `expires ${view.expiresAt}` : "never expires"}).\n` +
          `Copy it now: it is not shown again.\n\n${token}\n`,
      );
    return 0;
  });
}

async function list(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: "boolean", default: false } } });
  return withCliStore(async (store) => {
    const tokens = await listTokens(store);
    process.stdout.write(values.json ? `${JSON.stringify(tokens, null, 2)}\n` : `${formatTokenTable(tokens)}\n`);
    return 0;
  });
}

async function revoke(argv: string[]): Promise<number> {
  const { positionals } = parseArgs({ args: argv, allowPositionals: true, options: {} });
  const id = positionals[0];
  if (!id || positionals.length > 1) return fail("revoke takes one token id (see `npx aftermath tokens list`)");
  return withCliStore(async (store) => {
    const view = await revokeToken(store, CLI_ACTOR, id);
    process.stdout.write(`revoked token "${view.name}" (${view.id}) at ${view.revokedAt}\n`);
    return 0;
  });
}

export const TOKENS_COMMANDS: Record<string, Command> = {
  tokens: async (argv) => {
    const [sub, ...rest] = argv;
    switch (sub) {
      case "create":
        return create(rest);
      case "list":
        return list(rest);
      case "revoke":
        return revoke(rest);
      default:
        return fail(`unknown subcommand "${sub ?? ""}"\n\nUsage:\n${TOKENS_USAGE}`);
    }
  },
};
