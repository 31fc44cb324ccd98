"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const LINKS = [
  { href: "/incidents", label: "Incidents" },
  { href: "/postmortems", label: "Post-mortems" },
  { href: "/action-items", label: "Action items" },
  { href: "/sessions", label: "Sessions" },
  { href: "/events", label: "Events" },
  { href: "/sources", label: "Sources" },
  { href: "/upload", label: "Upload" },
] as const;

/** Top navigation; marks the section of the current path. */
export function NavLinks() {
  const pathname = usePathname() ?? "/";
  return (
    <nav className="nav" aria-label="Main">
      {LINKS.map((l) => {
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
