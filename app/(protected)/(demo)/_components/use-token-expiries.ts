"use client";

import { useEffect, useState, useSyncExternalStore } from "react";
import { subscribeToAuthEvents } from "@/lib/engine/client";

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

function subscribeToClock(onTick: () => void): () => void {
  const timer = setInterval(onTick, 1000);
  return () => clearInterval(timer);
}

const readClock = () => Math.floor(Date.now() / 1000) * 1000;

/**
 * Seconds left until `epochMs`, ticking every second (negative once past); null on the server
 * and during hydration: the server's "now" is not the browser's, and text rendered from it
 * would not match (React's hydration error).
 */
export function useSecondsLeft(epochMs: number): number | null {
  const now = useSyncExternalStore(subscribeToClock, readClock, () => null);
  return now === null ? null : Math.round((epochMs - now) / 1000);
}
