import type { Metadata } from "next";
import { ChangePasswordForm } from "@/components/auth/change-password-form";
import { hasPassword } from "@/lib/auth/queries";
import { requireUser } from "@/lib/auth/require-user";
import { getStore } from "@/lib/db";

export const metadata: Metadata = { title: "Your account" };

/** The signed-in user's account: who they are, their role, and (password accounts) a password change. */
export default async function AccountPage() {
  const me = await requireUser("data:read");
  const store = await getStore();
  const withPassword = await hasPassword(store.prisma, me.userId);
  return (
    <div className="panel auth-card">
      <div className="panel-head">
        <h1>Your account</h1>
      </div>
      <div className="panel-body">
        <p>
          {me.name} · {me.email} · role <strong>{me.role}</strong>
        </p>
        {withPassword ? <ChangePasswordForm /> : <p className="muted">You sign in with single sign-on: your password is managed there.</p>}
      </div>
    </div>
  );
}
