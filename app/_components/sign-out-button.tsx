"use client";

import { useState } from "react";
import { signOutHere } from "@/lib/engine/client";
import { Button } from "./ui/button";
import { useIsHydrated } from "./use-is-hydrated";

/**
 * Ends the session at Django and here; every other tab follows (lib/engine/client's signOutHere).
 * Disabled until hydrated: a click before that would do nothing, and the user stay signed in.
 */
export function SignOutButton() {
  const [isPending, setIsPending] = useState(false);
  const isHydrated = useIsHydrated();
  return (
    <Button
      variant="secondary"
      disabled={!isHydrated}
      onClick={() => {
        setIsPending(true);
        void signOutHere();
      }}
      isPending={isPending}
    >
      Sign out
    </Button>
  );
}
