import Link from "next/link";
import type { ReactNode } from "react";
import { NavLink } from "@/app/_components/nav-link";
import { SessionWarning } from "@/app/_components/session-warning";
import { SignOutButton } from "@/app/_components/sign-out-button";
import { SignOutEverywhereButton } from "@/app/_components/sign-out-everywhere-button";
import { auth } from "@/auth";
import { SessionProvider } from "@/lib/engine/client";

/**
 * Every page in this folder is for signed-in users, whatever its URL: this layout sends a
 * visitor without a usable session to /login, and back to the page after sign-in.
 */
export default async function ProtectedLayout({
  children,
  demo,
}: {
  children: ReactNode;
  /** The demo wing's header links (app/(protected)/@demo); absent once the wing is deleted. */
  demo?: ReactNode;
}) {
  const session = await auth.requireBrowserSafeSession();
  return (
    <SessionProvider session={session} warningLeadMs={auth.config.session.warningLeadS * 1000}>
      <div className="min-h-dvh">
        <SessionWarning />
        <header className="border-b border-zinc-200 bg-white/80 dark:border-zinc-800 dark:bg-zinc-900/80">
          <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-3 px-6 py-3">
            <nav aria-label="Main" className="flex items-center gap-5 text-sm font-medium">
              <Link href="/" className="font-semibold">
                Next × Django
              </Link>
              <NavLink href="/dashboard">Dashboard</NavLink>
              {demo}
            </nav>
            <div className="flex items-center gap-3 text-sm">
              <span className="text-zinc-600 dark:text-zinc-400">{session.user.username}</span>
              <SignOutButton />
              {auth.config.django.logoutAllPath ? <SignOutEverywhereButton /> : null}
            </div>
          </div>
        </header>
        <main className="mx-auto max-w-5xl space-y-6 px-6 py-8">{children}</main>
      </div>
    </SessionProvider>
  );
}
