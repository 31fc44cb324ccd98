import "server-only";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { getStore } from "@/lib/db";
import { type Actor, actorCan } from "./actor";
import type { Permission } from "./permissions";
import { hasAnyUser } from "./queries";
import { actorFromSessionHeaders } from "./resolve-actor";
import { getAuth } from "./server";

export type UserActor = Extract<Actor, { kind: "user" }>;

/** The signed-in user of this page request (once per request), or null. */
export const currentUser = cache(async (): Promise<UserActor | null> => {
  const actor = await actorFromSessionHeaders(await headers());
  return actor?.kind === "user" ? actor : null;
});

/** True while the store has no user: every page sends the visitor to /setup. */
export const needsSetup = cache(async (): Promise<boolean> => {
  await getAuth(); // creates the headless admin (AFTERMATH_ADMIN_EMAIL/PASSWORD) first, when configured
  return !(await hasAnyUser((await getStore()).prisma));
});

/** The path and query of this request (set by proxy.ts), for ?next= after sign-in. */
export async function currentPath(): Promise<string> {
  const p = (await headers()).get("x-aftermath-path");
  return p?.startsWith("/") && !p.startsWith("//") ? p : "/";
}

/**
 * The guard every page under app/ calls first: anonymous visitors go to /setup (no user yet) or
 * /sign-in?next=<this page>; a signed-in user without `permission` gets the 403 page (app/forbidden.tsx).
 */
export async function requireUser(permission: Permission = "data:read"): Promise<UserActor> {
  const user = await currentUser();
  if (!user) {
    if (await needsSetup()) redirect("/setup");
    redirect(`/sign-in?next=${encodeURIComponent(await currentPath())}`);
  }
  if (!actorCan(user, permission)) forbidden();
  return user;
}

/** For showing or hiding controls: may the signed-in user do this? */
export async function userCan(permission: Permission): Promise<boolean> {
  const user = await currentUser();
  return user !== null && actorCan(user, permission);
}
