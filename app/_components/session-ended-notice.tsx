"use client";

import { useEndRefusedSession } from "@/lib/engine/client";

/** Django refuses this user (deactivated, deleted): shown while the engine signs out, then /login. */
export function SessionEndedNotice() {
  useEndRefusedSession();
  return (
    <p role="status" className="text-sm text-zinc-500">
      Your session has ended. Signing you out…
    </p>
  );
}
