import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { CLI_ACTOR } from "@/lib/auth/actor";
import { createUser } from "@/lib/auth/mutations";
import { getAuth } from "@/lib/auth/server";
import { conflict } from "@/lib/errors";
import { sessionCookie } from "../support/auth-helpers";

/** The request headers a server action sees (Next's `headers()`), set per test. */
let current = new Headers();
vi.mock("next/headers", () => ({ headers: async () => current }));

const { action } = await import("@/lib/http/action");

const save = action("annotations:write", z.object({ text: z.string().min(1).max(10) }), async ({ actor, input }) => {
  if (input.text === "dup") throw conflict("already there");
  return { by: actor.kind === "user" ? actor.email : actor.kind, text: input.text };
});
const read = action("data:read", z.object({}), async ({ actor }) => (actor.kind === "user" ? actor.role : null));

async function cookieFor(email: string, role: "viewer" | "editor"): Promise<string> {
  const { getStore } = await import("@/lib/db");
  await createUser(await getStore(), CLI_ACTOR, { email, role, password: "a good password" });
  const res = await (await getAuth()).handler(
    new Request("http://localhost/api/auth/sign-in/email", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost", "x-forwarded-for": `10.0.1.${role.length}` },
      body: JSON.stringify({ email, password: "a good password" }),
    }),
  );
  return sessionCookie(res)!;
}

/** action(): the server-action twin of route(), on the app's own store (PGlite in memory) and better-auth. */
describe("server action wrapper", () => {
  const saved = process.env.DATABASE_URL;
  let editor = "";
  let viewer = "";
  beforeAll(async () => {
    process.env.DATABASE_URL = "pglite:memory";
    editor = await cookieFor("editor@action.test", "editor");
    viewer = await cookieFor("viewer@action.test", "viewer");
  });
  afterAll(async () => {
    const { getStore } = await import("@/lib/db");
    await (await getStore()).close();
    process.env.DATABASE_URL = saved;
  });

  it("carries its permission and refuses the anonymous and a role without it", async () => {
    expect(save.permission).toBe("annotations:write");
    current = new Headers({ host: "localhost", origin: "http://localhost" });
    expect(await save({ text: "hi" })).toMatchObject({ ok: false, error: { code: "unauthenticated" } });
    current = new Headers({ host: "localhost", origin: "http://localhost", cookie: viewer });
    expect(await save({ text: "hi" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await read({})).toEqual({ ok: true, value: "viewer" });
  });

  it("checks the origin, parses the input, maps typed errors, and runs as the signed-in user", async () => {
    current = new Headers({ host: "localhost", origin: "https://evil.example", cookie: editor });
    expect(await save({ text: "hi" })).toMatchObject({ ok: false, error: { code: "forbidden" } });
    current = new Headers({ host: "localhost", origin: "http://localhost", cookie: editor });
    expect(await save({ text: "" })).toMatchObject({ ok: false, error: { code: "unprocessable" } });
    expect(await save({ text: "dup" })).toEqual({ ok: false, error: { code: "conflict", message: "already there", details: undefined } });
    expect(await save({ text: "hi" })).toEqual({ ok: true, value: { by: "editor@action.test", text: "hi" } });
  });
});
