"use client";

import { useEffect, useRef } from "react";
import { subscribeToAuthEvents } from "./auth-events.client";
import { redirectToLogin, refreshSessionOnce } from "./tab-refresh.client";

// visibilitychange is listened to on document; it also bubbles to window, hence not here.
const WAKE_EVENTS = ["focus", "online"] as const;

/**
 * Follows a sign-out made in another tab, and renews on wake: a tab back from the background
 * (or back online) with an expired access token renews before the user acts, so its next
 * request or render finds a fresh cookie. Expiries come from the clock, not from timers,
 * which browsers throttle in background tabs.
 */
export function SessionSync({ accessExpires }: { accessExpires: number }) {
  const knownExpiry = useRef(accessExpires);
  useEffect(() => {
    knownExpiry.current = accessExpires;
  }, [accessExpires]);

  useEffect(
    () =>
      subscribeToAuthEvents((event, source) => {
        if (event.type === "signed-out" && source === "other-tab") window.location.assign("/login");
        if (event.type === "refresh-finished" && event.accessExpires)
          knownExpiry.current = event.accessExpires;
      }),
    [],
  );

  useEffect(() => {
    const renewIfExpired = () => {
      if (document.visibilityState !== "visible" || !navigator.onLine) return;
      if (knownExpiry.current > Date.now()) return;
      // Not a refusal: the server may answer "fresh" if another tab or an action renewed it.
      void refreshSessionOnce(Number.POSITIVE_INFINITY, { accessRejected: false }).then(
        (result) => {
          if (!result.ok && result.error === "session_expired") redirectToLogin(result.reason);
        },
      );
    };
    for (const name of WAKE_EVENTS) window.addEventListener(name, renewIfExpired);
    document.addEventListener("visibilitychange", renewIfExpired);
    return () => {
      for (const name of WAKE_EVENTS) window.removeEventListener(name, renewIfExpired);
      document.removeEventListener("visibilitychange", renewIfExpired);
    };
  }, []);
  return null;
}
