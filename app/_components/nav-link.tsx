"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ReactNode } from "react";

/** A header link that marks the current page for sighted and screen-reader users alike. */
export function NavLink({ href, children }: { href: string; children: ReactNode }) {
  const isCurrent = usePathname() === href;
  return (
    <Link
      href={href}
      aria-current={isCurrent ? "page" : undefined}
      className="rounded text-zinc-600 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-brand-500 aria-[current=page]:text-zinc-900 aria-[current=page]:underline aria-[current=page]:decoration-brand-500 aria-[current=page]:decoration-2 aria-[current=page]:underline-offset-8 dark:text-zinc-400 dark:hover:text-white dark:aria-[current=page]:text-white"
    >
      {children}
    </Link>
  );
}
