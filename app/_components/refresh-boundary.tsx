"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { joinPageRenewal, redirectToLogin } from "@/lib/engine/client";
import { Alert } from "./ui/alert";
import { Button } from "./ui/button";

type RefreshBoundaryProps = { what: string; renderId: string };

/**
 * Rendered where a server component got 401 from Django. Every card of one render shares one
 * renewal and one re-render of the page. Still refused after that: it says so and offers a
 * retry (the session is kept), never a loop.
 */
export function RefreshBoundary({ what, renderId }: RefreshBoundaryProps) {
  const router = useRouter();
  const [attempt, setAttempt] = useState(0);
  // A retry is for the render it was clicked on; the re-render after it gets the usual rule.
  const [retriedRender, setRetriedRender] = useState<string | null>(null);
  // Per render and attempt: a new one starts as "renewing" until its renewal says otherwise.
  const key = `${renderId}:${attempt}`;
  const [settled, setSettled] = useState<{ key: string; state: "refused" | "unavailable" }>();
  const state = settled?.key === key ? settled.state : "renewing";

  useEffect(() => {
    let isCurrent = true;
    const renewal = joinPageRenewal(renderId, () => router.refresh(), {
      isRetry: retriedRender === renderId,
    });
    void renewal.then((result) => {
      if (!isCurrent) return;
      if (result === "refused") setSettled({ key, state: "refused" });
      else if (result.ok)
        return; // The page re-renders: this card is replaced.
      else if (result.error === "session_expired") redirectToLogin(result.reason);
      else setSettled({ key, state: "unavailable" });
    });
    return () => {
      isCurrent = false;
    };
  }, [key, renderId, retriedRender, router]);

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
        <Button
          variant="secondary"
          onClick={() => {
            setRetriedRender(renderId);
            setAttempt((n) => n + 1);
          }}
        >
          Retry
        </Button>
      </div>
    </Alert>
  );
}
