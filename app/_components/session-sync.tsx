"use client";

import { useEffect } from "react";
import { subscribeToAuthEvents } from "@/lib/engine/client";

/** Follows a sign-out made in another tab. */
export function SessionSync() {
  useEffect(
    () =>
      subscribeToAuthEvents((event, source) => {
        if (event.type === "signed-out" && source === "other-tab") window.location.assign("/login");
      }),
    [],
  );
  return null;
}
