"use client";

import { useEffect } from "react";
import { endRefusedSession } from "@/lib/engine/client";

/** Django refuses this user (deactivated, deleted): sign out, then /login. */
export function EndRefusedSession() {
  useEffect(() => void endRefusedSession(), []);
  return (
    <p role="status" className="text-sm text-zinc-500">
      Your session has ended. Signing you out…
    </p>
  );
}
