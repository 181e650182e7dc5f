"use client";

import { useEffect, useState } from "react";
import type { SessionDeadlines } from "@/lib/engine/contract";
import { subscribeToAuthEvents } from "./auth-events.client";
import { nextDeadline, type NextDeadline } from "./session-deadline.client";

/**
 * The deadline that ends this session first, kept current by every refresh in any tab (each one
 * announces the new deadlines), and the clock, ticking once a second and on wake. `now` is null until
 * hydrated, so the server and the first client render agree.
 */
export function useSessionDeadline(initial: SessionDeadlines): {
  next: NextDeadline | null;
  now: number | null;
} {
  const [deadlines, setDeadlines] = useState(initial);
  const [now, setNow] = useState<number | null>(null);
  // A server render after navigation brings the cookie's deadlines (adjusted during render).
  const [rendered, setRendered] = useState(initial);
  if (
    rendered.sessionEndsAt !== initial.sessionEndsAt ||
    rendered.idleEndsAt !== initial.idleEndsAt
  ) {
    setRendered(initial);
    setDeadlines(initial);
  }

  useEffect(
    () =>
      subscribeToAuthEvents((event) => {
        if (event.type !== "refresh-finished") return;
        if (event.sessionEndsAt === undefined || event.idleEndsAt === undefined) return;
        setDeadlines({ sessionEndsAt: event.sessionEndsAt, idleEndsAt: event.idleEndsAt });
      }),
    [],
  );

  useEffect(() => {
    const tick = () => setNow(Date.now());
    tick();
    const timer = setInterval(tick, 1000);
    // Background tabs' timers are throttled (Chrome: about once a minute): recompute on wake.
    document.addEventListener("visibilitychange", tick);
    window.addEventListener("focus", tick);
    return () => {
      clearInterval(timer);
      document.removeEventListener("visibilitychange", tick);
      window.removeEventListener("focus", tick);
    };
  }, []);

  return { next: nextDeadline(deadlines), now };
}
