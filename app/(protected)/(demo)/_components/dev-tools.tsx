"use client";

import { useState } from "react";
import { Alert } from "@/app/_components/ui/alert";
import { Button } from "@/app/_components/ui/button";

/** Rendered by `next dev` only; the route it calls does not exist in production builds. */
export function DevTools() {
  const [message, setMessage] = useState<string | null>(null);
  const [isPending, setIsPending] = useState(false);

  async function expireAccessToken() {
    setIsPending(true);
    const response = await fetch("/api/dev/expire-access", { method: "POST" }).catch(() => null);
    setIsPending(false);
    setMessage(
      response?.ok
        ? "The access token is now rejected by Django. Fire some requests to watch the recovery."
        : "Could not expire the access token (is this `next dev`?).",
    );
  }

  return (
    <div className="space-y-3 rounded-xl border border-dashed border-amber-400 p-4 dark:border-amber-700">
      <p className="text-xs font-semibold tracking-wide text-amber-700 uppercase dark:text-amber-400">
        Development only
      </p>
      <Button variant="secondary" onClick={expireAccessToken} isPending={isPending}>
        Expire the access token now
      </Button>
      {message && <Alert tone="info">{message}</Alert>}
    </div>
  );
}
