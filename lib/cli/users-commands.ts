import { randomBytes } from "node:crypto";
import { parseArgs } from "node:util";
import { CLI_ACTOR } from "@/lib/auth/actor";
import { createUser } from "@/lib/auth/mutations";
import { ROLES } from "@/lib/auth/permissions";
import { listUsers } from "@/lib/auth/queries";
import { openCliStore } from "./main";

type Command = (argv: string[]) => Promise<number>;

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return "";
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

export const USERS_HELP = `  users create --email <e> --role <viewer|editor|admin> [--name <n>] [--json]
                          create a user; the password is read from stdin when piped, else generated and
                          printed once
  users list [--json]     list users (role, state, sessions)
`;

async function create(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { email: { type: "string" }, role: { type: "string" }, name: { type: "string" }, json: { type: "boolean", default: false } },
  });
  if (!values.email || !values.role) {
    process.stderr.write(`aftermath users create: --email and --role are required\n${USERS_HELP}`);
    return 1;
  }
  if (!(ROLES as readonly string[]).includes(values.role)) {
    process.stderr.write(`aftermath users create: --role must be one of ${ROLES.join(", ")} (got ${values.role})\n`);
    return 1;
  }
  const piped = await readStdin();
  const generated = piped === "";
  const password = generated ? randomBytes(18).toString("base64url") : piped;
  const store = await openCliStore();
  try {
    const user = await createUser(store, CLI_ACTOR, {
      email: values.email,
      name: values.name,
      role: values.role as (typeof ROLES)[number],
      password,
    });
    if (values.json) process.stdout.write(`${JSON.stringify({ ...user, ...(generated ? { password } : {}) })}\n`);
    else {
      process.stdout.write(`created ${user.email} (${user.role}), id ${user.id}\n`);
      if (generated) process.stdout.write(`password (shown once): ${password}\n`);
    }
    return 0;
  } finally {
    await store.close();
  }
}

async function list(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: "boolean", default: false } } });
  const store = await openCliStore();
  try {
    const users = await listUsers(store.prisma);
    if (values.json) {
      process.stdout.write(`${JSON.stringify(users.map((u) => ({ ...u, active: !u.banned })))}\n`);
      return 0;
    }
    if (users.length === 0) process.stdout.write("no users yet: open /setup, or set AFTERMATH_ADMIN_EMAIL and AFTERMATH_ADMIN_PASSWORD\n");
    for (const u of users)
      process.stdout.write(
        `${u.email.padEnd(36)} ${String(u.role ?? "viewer").padEnd(7)} ${u.banned ? "deactivated" : "active     "} ${u.activeSessions} session(s)  ${u.id}\n`,
      );
    return 0;
  } finally {
    await store.close();
  }
}

/** `aftermath users create|list`: accounts managed directly on the store (who holds the store is its admin). */
export const USERS_COMMANDS: Record<string, Command> = {
  users: async (argv) => {
    const [sub, ...rest] = argv;
    if (sub === "create") return create(rest);
    if (sub === "list") return list(rest);
    process.stderr.write(`aftermath users: unknown subcommand "${sub ?? ""}"\n${USERS_HELP}`);
    return 1;
  },
};
