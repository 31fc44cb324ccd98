import "server-only";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError, createAuthMiddleware, getSessionFromCtx, isAPIError } from "better-auth/api";
import { genericOAuth } from "better-auth/plugins/generic-oauth";
import { recordAudit } from "@/lib/audit/mutations";
import { getStore, type Store } from "@/lib/db";
import { metaFromHeaders } from "@/lib/http/route";
import { type Env, emailDomainAllowed, oidcConfig, publicUrl, sessionSeconds, trustProxy } from "./env";
import { ensureEnvAdmin } from "./first-run";
import { recentFailedSignIns, userById } from "./queries";
import { authSecret } from "./secret";
import { userActor } from "./user-actor";

/** Failed password sign-ins for one email within FAILED_WINDOW_MS before further attempts are refused (per account). */
export const MAX_FAILED_SIGN_INS = 10;
export const FAILED_WINDOW_MS = 15 * 60_000;

/**
 * better-auth, configured for Aftermath on an open store (PGlite or PostgreSQL through the same Prisma client):
 * email + password (its scrypt hashing; no self sign-up: admins, /setup and the CLI create users), sessions in the
 * database (no cookie cache, so a deactivation or revocation takes effect on the next request), OpenID Connect
 * single sign-on when configured (lib/auth/env.ts), sign-in rate limiting in the database (shared by every server
 * process) plus a per-account limit on failed attempts, and audit rows for sign-in, sign-out, failed sign-in and
 * password change.
 */
export async function createAuth(store: Store, env: Env = process.env) {
  const prisma = store.prisma;
  const url = publicUrl(env);
  const oidc = oidcConfig(env);
  const secret = await authSecret(store, env);
  const auditMeta = (ctx: { headers?: Headers; request?: Request } | null) =>
    metaFromHeaders(ctx?.headers ?? ctx?.request?.headers ?? new Headers());

  return betterAuth({
    appName: "Aftermath",
    baseURL: url ? url.origin : undefined,
    basePath: "/api/auth",
    secret,
    telemetry: { enabled: false },
    database: prismaAdapter(prisma, { provider: "postgresql" }),
    trustedOrigins: url ? [url.origin] : undefined,
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: 10, maxPasswordLength: 256 },
    session: { expiresIn: sessionSeconds(env), disableSessionRefresh: true, cookieCache: { enabled: false } },
    user: {
      additionalFields: {
        role: { type: "string", required: false, input: false, defaultValue: "viewer" },
        banned: { type: "boolean", required: false, input: false, defaultValue: false },
      },
      deleteUser: { enabled: false },
      changeEmail: { enabled: false },
    },
    account: { accountLinking: { enabled: false } },
    rateLimit: {
      enabled: true,
      storage: "database",
      window: 60,
      max: 200,
      customRules: {
        "/sign-in/email": { window: 60, max: 20 },
        "/sign-in/social": { window: 60, max: 20 },
        "/change-password": { window: 60, max: 10 },
      },
    },
    advanced: {
      cookiePrefix: "aftermath",
      useSecureCookies: url?.protocol === "https:",
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax" },
      ipAddress: { ipAddressHeaders: trustProxy(env) ? ["x-forwarded-for"] : ["x-forwarded-for", "x-real-ip"] },
    },
    plugins: oidc
      ? [
          genericOAuth({
            config: [
              {
                providerId: oidc.providerId,
                name: oidc.name,
                discoveryUrl: oidc.discoveryUrl,
                clientId: oidc.clientId,
                clientSecret: oidc.clientSecret,
                scopes: ["openid", "email", "profile"],
                pkce: true,
              },
            ],
          }),
        ]
      : [],
    databaseHooks: {
      user: {
        create: {
          // better-auth itself only creates users through SSO (sign-up is off): check the domain, set the role.
          before: async (user) => {
            if (!oidc) throw new APIError("FORBIDDEN", { message: "Accounts are created by an admin." });
            if (!emailDomainAllowed(user.email, oidc.allowedDomains))
              throw new APIError("FORBIDDEN", { message: "Your email domain is not allowed to sign in here." });
            return { data: { ...user, role: oidc.defaultRole, banned: false } };
          },
        },
      },
      session: {
        create: {
          before: async (session) => {
            const user = await userById(prisma, session.userId);
            if (!user || user.banned) throw new APIError("FORBIDDEN", { message: "This account is deactivated." });
          },
          after: async (session, ctx) => {
            const user = await userById(prisma, session.userId);
            const actor = user && userActor(user, session.id);
            if (!actor) return;
            await recordAudit(prisma, {
              actor,
              action: "auth.sign_in",
              targetType: "session",
              targetId: session.id,
              after: { via: ctx?.path?.startsWith("/callback") ? "oidc" : "password" },
              meta: auditMeta(ctx),
            });
          },
        },
      },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path === "/sign-in/email") {
          const email = String((ctx.body as { email?: unknown } | undefined)?.email ?? "").toLowerCase();
          const failures = await recentFailedSignIns(prisma, email, new Date(Date.now() - FAILED_WINDOW_MS));
          if (failures >= MAX_FAILED_SIGN_INS)
            throw new APIError("TOO_MANY_REQUESTS", { message: "Too many failed sign-ins for this account. Try again later." });
        }
        if (ctx.path === "/sign-out") {
          const session = await getSessionFromCtx(ctx).catch(() => null);
          const user = session ? await userById(prisma, session.user.id) : null;
          const actor = user && userActor(user, session?.session.id ?? null);
          if (actor)
            await recordAudit(prisma, {
              actor,
              action: "auth.sign_out",
              targetType: "session",
              targetId: session?.session.id,
              meta: auditMeta(ctx),
            });
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        const returned = ctx.context.returned;
        if (ctx.path === "/sign-in/email" && isAPIError(returned) && returned.statusCode !== 429) {
          const email = String((ctx.body as { email?: unknown } | undefined)?.email ?? "")
            .toLowerCase()
            .slice(0, 320);
          await recordAudit(prisma, {
            actor: null,
            action: "auth.sign_in_failed",
            targetType: "email",
            targetId: email,
            after: { reason: returned.message },
            meta: auditMeta(ctx),
            anonymousLabel: email || "anonymous",
          });
        }
        if (ctx.path === "/change-password" && !isAPIError(returned)) {
          const session = ctx.context.session ?? (await getSessionFromCtx(ctx).catch(() => null));
          const user = session ? await userById(prisma, session.user.id) : null;
          const actor = user && userActor(user, session?.session.id ?? null);
          if (actor)
            await recordAudit(prisma, {
              actor,
              action: "user.password_change",
              targetType: "user",
              targetId: actor.kind === "user" ? actor.userId : undefined,
              meta: auditMeta(ctx),
            });
        }
      }),
    },
  });
}

export type Auth = Awaited<ReturnType<typeof createAuth>>;

/**
 * better-auth's handler as the app serves it: an SSO callback our hooks refused (deactivated user, email domain
 * not allowed) sends the browser back to the sign-in page with a message instead of a bare JSON 403.
 */
export async function handleAuthRequest(auth: Auth, request: Request): Promise<Response> {
  const res = await auth.handler(request);
  if (res.status === 403 && new URL(request.url).pathname.startsWith("/api/auth/callback/"))
    return new Response(null, { status: 302, headers: { location: "/sign-in?error=sso", "cache-control": "no-store" } });
  return res;
}

const GLOBAL_KEY = Symbol.for("aftermath.auth");
type GlobalWithAuth = typeof globalThis & { [GLOBAL_KEY]?: Promise<Auth> };

/**
 * The web app's better-auth instance, on the process-wide store (lib/db getStore). Opening it also creates the
 * headless admin (AFTERMATH_ADMIN_EMAIL/PASSWORD) when the store has no user.
 */
export function getAuth(): Promise<Auth> {
  const g = globalThis as GlobalWithAuth;
  g[GLOBAL_KEY] ??= (async () => {
    const store = await getStore();
    await ensureEnvAdmin(store);
    return createAuth(store);
  })().catch((e) => {
    delete g[GLOBAL_KEY];
    throw e;
  });
  return g[GLOBAL_KEY]!;
}
