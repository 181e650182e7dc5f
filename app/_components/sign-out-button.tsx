"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";
import { announceAuthEvent } from "@/lib/engine/client";
import { Button } from "./ui/button";

/** next-auth's sign-out blacklists the refresh token at Django; every other tab follows. */
export function SignOutButton() {
  const [isPending, setIsPending] = useState(false);

  async function handleClick() {
    setIsPending(true);
    try {
      await signOut({ redirect: false });
    } catch (error) {
      console.warn("Sign-out request failed; leaving anyway.", error);
    }
    announceAuthEvent({ type: "signed-out" });
    window.location.assign("/login");
  }

  return (
    <Button variant="secondary" onClick={handleClick} isPending={isPending}>
      Sign out
    </Button>
  );
}
