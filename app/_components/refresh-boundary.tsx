"use client";

import { useRefreshBoundary } from "@/lib/engine/client";
import { Alert } from "./ui/alert";
import { Button } from "./ui/button";

type RefreshBoundaryProps = { what: string; renderId: string };

/**
 * Rendered where a server component got 401 from Django: the look of the engine's renewal
 * (one per page; still refused after it: a message and a retry, the session kept).
 */
export function RefreshBoundary({ what, renderId }: RefreshBoundaryProps) {
  const { state, retry } = useRefreshBoundary(renderId);

  if (state === "renewing") {
    return (
      <p role="status" className="animate-pulse text-sm text-zinc-600 dark:text-zinc-400">
        Renewing your session…
      </p>
    );
  }
  return (
    <Alert tone="warning">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <span>
          {state === "unavailable"
            ? `The server is unavailable, so ${what} could not be loaded. You are still signed in.`
            : `${what.charAt(0).toUpperCase() + what.slice(1)} could not be loaded. You are still signed in.`}
        </span>
        <Button variant="secondary" onClick={retry}>
          Retry
        </Button>
      </div>
    </Alert>
  );
}
