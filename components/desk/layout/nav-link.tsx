"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** A header link that marks itself as the current page (aria-current) for the section it leads to. */
export function NavLink({ href, children, matchPrefixes = [] }: { href: string; children: React.ReactNode; matchPrefixes?: string[] }) {
  const pathname = usePathname() ?? "";
  const current =
    pathname === href ||
    (href !== "/desk" && pathname.startsWith(`${href}/`)) ||
    matchPrefixes.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
  return (
    <Link href={href} aria-current={current ? "page" : undefined} className="nav-link">
      {children}
    </Link>
  );
}
