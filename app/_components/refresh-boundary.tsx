"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";
import { redirectToLogin, refreshSessionOnce } from "@/lib/engine/client";
import { Alert } from "./ui/alert";
import { Button } from "./ui/button";

/**
 * Rendered where a server component got 401 from Django. It runs the tab's single refresh, then
 * re-renders the page once. Still stuck after that: it says so and offers a retry, never a loop.
 */
export function RefreshBoundary({ what }: { what: string }) {
  const router = useRouter();
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<"refreshing" | "rendered" | "unavailable">("refreshing");
  const [isRendering, startRendering] = useTransition();

  useEffect(() => {
    let isCurrent = true;
    refreshSessionOnce().then((result) => {
      if (!isCurrent) return;
      if (result.ok) {
        setState("rendered");
        startRendering(() => router.refresh());
      } else if (result.error === "session_expired") {
        redirectToLogin(result.reason);
      } else {
        setState("unavailable");
      }
    });
    return () => {
      isCurrent = false;
    };
  }, [attempt, router]);

  const retry = () => {
    setState("refreshing");
    setAttempt((n) => n + 1);
  };

  if (state === "refreshing" || isRendering) {
    return (
      <p role="status" className="animate-pulse text-sm text-zinc-600 dark:text-zinc-400">
        Renewing your session to load {what}…
      </p>
    );
  }
  return (
    <Alert tone="warning">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <span>
          {state === "unavailable"
            ? `The server is unavailable, so ${what} could not be loaded. You are still signed in.`
            : `${what.charAt(0).toUpperCase() + what.slice(1)} could not be loaded.`}
        </span>
        <Button variant="secondary" onClick={retry}>
          Retry
        </Button>
      </div>
    </Alert>
  );
}
