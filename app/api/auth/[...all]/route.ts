import { getAuth, handleAuthRequest } from "@/lib/auth/server";
import { route } from "@/lib/http/route";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * better-auth's endpoints (/api/auth/sign-in/email, /sign-out, /change-password, /sign-in/oauth2, the OIDC
 * callback …). Public by necessity: better-auth checks the session itself where one is needed, rate-limits sign-in
 * and checks the Origin of its state-changing requests; route() adds the cross-origin refusal.
 */
const handler = route({ permission: "public" }, async ({ request }) => handleAuthRequest(await getAuth(), request));

export const GET = handler;
export const POST = handler;
