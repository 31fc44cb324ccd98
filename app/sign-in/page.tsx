import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { oidcConfig } from "@/lib/auth/env";
import { safeNextPath } from "@/lib/auth/next-path";
import { currentUser, needsSetup } from "@/lib/auth/require-user";

export const metadata: Metadata = { title: "Sign in" };

const ERRORS: Record<string, string> = {
  sso: "Single sign-on did not complete: your account may be deactivated, or your email domain is not allowed here.",
};

/** Public: the sign-in page (email + password, and SSO when configured). Signed-in visitors go on to ?next. */
export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const sp = await searchParams;
  const next = safeNextPath(sp.next);
  if (await currentUser()) redirect(next);
  if (await needsSetup()) redirect("/setup");
  const oidc = oidcConfig();
  const error = typeof sp.error === "string" ? (ERRORS[sp.error] ?? "Sign-in did not complete.") : null;
  return (
    <div className="panel auth-card">
      <div className="panel-head">
        <h1>Sign in to Aftermath</h1>
      </div>
      <div className="panel-body">
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <SignInForm next={next} sso={oidc ? oidc.name : null} />
        <p className="faint">No account? Ask an admin of this Aftermath to create one.</p>
      </div>
    </div>
  );
}
