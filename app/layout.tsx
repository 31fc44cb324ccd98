import type { Metadata } from "next";
import Link from "next/link";
import { UserMenu } from "@/components/auth/user-menu";
import { NavLinks } from "@/components/nav-links";
import { currentUser } from "@/lib/auth/require-user";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Aftermath", template: "%s · Aftermath" },
  description: "Reconstruct AI-agent-caused cloud incidents from agent logs and AWS CloudTrail.",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // reads the session cookie: every page renders per request (and gets proxy.ts's CSP nonce)
  const user = await currentUser();
  return (
    <html lang="en">
      <body>
        <header className="topbar">
          <Link href="/incidents" className="brand">
            <span className="brand-mark" aria-hidden="true" />
            Aftermath
          </Link>
          {user ? <NavLinks role={user.role} /> : <span className="nav" />}
          <span className="topbar-note">All times UTC</span>
          {user ? <UserMenu email={user.email} role={user.role} /> : null}
        </header>
        <main className="main">{children}</main>
      </body>
    </html>
  );
}
