import Link from "next/link";
import type { ReactNode } from "react";
import { NavLink } from "@/app/_components/nav-link";
import { SessionSync } from "@/app/_components/session-sync";
import { SignOutButton } from "@/app/_components/sign-out-button";
import { getBrowserSafeSession } from "@/lib/auth/server-session";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const session = await getBrowserSafeSession();
  return (
    <div className="min-h-dvh">
      <SessionSync />
      <header className="border-b border-zinc-200 bg-white/80 dark:border-zinc-800 dark:bg-zinc-900/80">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-3 px-6 py-3">
          <nav aria-label="Main" className="flex items-center gap-5 text-sm font-medium">
            <Link href="/" className="font-semibold">
              Next × Django
            </Link>
            <NavLink href="/dashboard">Dashboard</NavLink>
            <NavLink href="/dashboard/session">Session inspector</NavLink>
          </nav>
          <div className="flex items-center gap-3 text-sm">
            {session && (
              <span className="text-zinc-600 dark:text-zinc-400">{session.user.username}</span>
            )}
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-5xl space-y-6 px-6 py-8">{children}</main>
    </div>
  );
}
