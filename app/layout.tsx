import type { Metadata } from "next";
import Link from "next/link";
import { NavLinks } from "@/components/nav-links";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Aftermath", template: "%s · Aftermath" },
  description: "Reconstruct AI-agent-caused cloud incidents from agent logs and AWS CloudTrail.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>
        <header className="topbar">
          <Link href="/incidents" className="brand">
            <span className="brand-mark" aria-hidden="true" />
            Aftermath
          </Link>
          <NavLinks />
          <span className="topbar-note">All times UTC</span>
        </header>
        <main className="main">{children}</main>
      </body>
    </html>
  );
}
