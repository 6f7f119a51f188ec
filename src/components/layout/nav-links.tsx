"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import "./site-header.css";

export function NavLinks(props: { isAdmin: boolean }) {
  const pathname = usePathname();
  const links = [
    { href: "/", label: "Home" },
    { href: "/feed", label: "Feed" },
    { href: "/rooms", label: "Rooms" },
    { href: "/inbox", label: "Inbox" },
    { href: "/docs", label: "Documents" },
    { href: "/imports", label: "Imports" },
    ...(props.isAdmin ? [{ href: "/admin", label: "Admin" }] : []),
    { href: "/profile", label: "Profile" },
  ];
  return (
    <nav className="site-nav" aria-label="Main">
      <ul>
        {links.map((link) => (
          <li key={link.href}>
            <Link href={link.href} aria-current={pathname === link.href ? "page" : undefined}>
              {link.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
