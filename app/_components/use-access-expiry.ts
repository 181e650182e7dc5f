"use client";

import { useEffect, useState } from "react";
import { subscribeToAuthEvents } from "@/lib/browser/auth-events.client";

/** The access token's expiry, kept current by refreshes in this tab and in others. */
export function useAccessExpiry(initial: number): number {
  const [accessExpires, setAccessExpires] = useState(initial);
  useEffect(
    () =>
      subscribeToAuthEvents((event) => {
        if (event.type === "refresh-finished" && event.accessExpires) setAccessExpires(event.accessExpires);
      }),
    [],
  );
  return accessExpires;
}

/** Seconds left until `epochMs`, ticking every second (negative once past). */
export function useSecondsLeft(epochMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return Math.round((epochMs - now) / 1000);
}
