"use client";

import { useState } from "react";
import { announceAuthEvent } from "@/lib/engine/client";
import { Button } from "./ui/button";
import { useIsHydrated } from "./use-is-hydrated";

/**
 * Shown only with DJANGO_LOGOUT_ALL_PATH. Django blacklists every refresh token of the user:
 * this browser's tabs follow at once, other browsers at their next refresh.
 */
export function SignOutEverywhereButton() {
  const [isPending, setIsPending] = useState(false);
  const [hasFailed, setHasFailed] = useState(false);
  const isHydrated = useIsHydrated(); // A click before it would do nothing.

  async function handleClick() {
    setIsPending(true);
    setHasFailed(false);
    const status = await fetch("/api/auth/sign-out-everywhere", { method: "POST" })
      .then((response) => response.status)
      .catch(() => 0);
    // 401: this session had already ended; the other devices were not reached, so say nothing.
    if (status === 200 || status === 401) {
      announceAuthEvent({ type: "signed-out" });
      window.location.assign("/login");
      return;
    }
    setIsPending(false);
    setHasFailed(true);
  }

  return (
    <>
      <Button
        variant="secondary"
        onClick={handleClick}
        isPending={isPending}
        disabled={!isHydrated}
      >
        Sign out of all devices
      </Button>
      {hasFailed ? (
        <span role="alert" className="text-red-700 dark:text-red-400">
          Could not sign out of all devices. Try again.
        </span>
      ) : null}
    </>
  );
}
