"use client";

import { useEffect, useState } from "react";
import { subscribeToAuthEvents } from "@/lib/browser/auth-events.client";

export type TokenExpiries = { accessExpires: number; refreshExpires?: number };

/** The session's token expiries, kept current by refreshes in this tab and in others. */
export function useTokenExpiries(initial: TokenExpiries): TokenExpiries {
  const [expiries, setExpiries] = useState(initial);
  useEffect(
    () =>
      subscribeToAuthEvents((event) => {
        if (event.type !== "refresh-finished" || !event.accessExpires) return;
        const { accessExpires, refreshExpires } = event;
        setExpiries((current) => ({
          accessExpires,
          refreshExpires: refreshExpires ?? current.refreshExpires,
        }));
      }),
    [],
  );
  return expiries;
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
