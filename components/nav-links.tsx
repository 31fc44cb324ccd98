"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

import type { Role } from "@/lib/auth/permissions";

const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };

/** Each link with the least role that may use its page (the pages check on the server too). */
const LINKS: { href: string; label: string; role: Role }[] = [
  { href: "/incidents", label: "Incidents", role: "viewer" },
  { href: "/postmortems", label: "Post-mortems", role: "viewer" },
  { href: "/action-items", label: "Action items", role: "viewer" },
  { href: "/sessions", label: "Sessions", role: "viewer" },
  { href: "/safeguards", label: "Safeguards", role: "viewer" },
  { href: "/events", label: "Events", role: "viewer" },
  { href: "/sources", label: "Sources", role: "viewer" },
  { href: "/upload", label: "Upload", role: "editor" },
  { href: "/settings/users", label: "Users", role: "admin" },
  { href: "/settings/tokens", label: "Tokens", role: "admin" },
  { href: "/settings/audit", label: "Audit", role: "admin" },
];

/** Top navigation for the signed-in user's role; marks the section of the current path. */
export function NavLinks({ role }: { role: Role }) {
  const pathname = usePathname() ?? "/";
  return (
    <nav className="nav" aria-label="Main">
      {LINKS.filter((l) => RANK[role] >= RANK[l.role]).map((l) => {
        const active = pathname === l.href || pathname.startsWith(`${l.href}/`);
        return (
          <Link key={l.href} href={l.href} aria-current={active ? "page" : undefined}>
            {l.label}
          </Link>
        );
      })}
    </nav>
  );
}
