"use client";

import { useSession, type SessionState } from "@/lib/engine/client";

function describeSession(session: SessionState): string {
  switch (session.status) {
    case "loading":
      return "Checking your session…";
    case "authenticated":
      return `Signed in as ${session.user.username}.`;
    case "expiring":
      return `Signed in as ${session.user.username}. Your session ends soon.`;
    case "signed-out":
      return "You are signed out.";
  }
}

/** The session as this tab sees it, from useSession(): it follows renewals and every tab's sign-out. */
export function SessionLine() {
  const session = useSession();
  return (
    <p
      data-testid="session-line"
      data-status={session.status}
      className="text-sm text-zinc-600 dark:text-zinc-400"
    >
      {describeSession(session)}
    </p>
  );
}
