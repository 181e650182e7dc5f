"use client";

import dynamic from "next/dynamic";
import { useState } from "react";
import { useSession, useSessionDeadline } from "@/lib/engine/client";

// Loaded only when it is due: most pages never show it, so it costs them no JavaScript.
const SessionWarningDialog = dynamic(() => import("./session-warning-dialog"), { ssr: false });

/**
 * Warns before a session limit ends the session, in every open tab (useSession() says
 * "expiring" within the warning lead; a refresh in any tab moves the deadline for all). When it
 * passes, the engine's SessionProvider ends the session and the tab goes to /login saying why.
 */
export function SessionWarning() {
  const { status } = useSession();
  const { next, now } = useSessionDeadline();
  const [dismissed, setDismissed] = useState<number | null>(null);

  if (status !== "expiring" || !next || now === null || dismissed === next.endsAt) return null;
  return (
    <SessionWarningDialog
      reason={next.reason}
      remaining={next.endsAt - now}
      onDismiss={() => setDismissed(next.endsAt)}
    />
  );
}
