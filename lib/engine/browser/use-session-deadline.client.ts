"use client";

import { useMemo, useSyncExternalStore } from "react";
import { nextDeadline, type NextDeadline } from "./session-deadline.client";
import { useSession, useSessionStore } from "./session-provider.client";

const ignoreChanges = () => () => {};
const readNoClock = () => null;

/**
 * For a countdown: the deadline that ends this session first, kept current by every refresh in
 * any tab, and the SessionProvider's clock, ticking once a second and on wake. `now` is null until
 * hydrated, so the server and the first client render agree.
 */
export function useSessionDeadline(): { next: NextDeadline | null; now: number | null } {
  const store = useSessionStore();
  const { deadlines } = useSession();
  const now = useSyncExternalStore(
    store?.subscribe ?? ignoreChanges,
    store?.readClock ?? readNoClock,
    readNoClock,
  );
  const next = useMemo(() => (deadlines ? nextDeadline(deadlines) : null), [deadlines]);
  return { next, now };
}
