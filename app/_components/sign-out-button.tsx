"use client";

import { useState } from "react";
import { signOutHere } from "@/lib/engine/client";
import { Button } from "./ui/button";

/** Ends the session at Django and here; every other tab follows (lib/engine/client's signOutHere). */
export function SignOutButton() {
  const [isPending, setIsPending] = useState(false);
  return (
    <Button
      variant="secondary"
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
