import type { LimitReason, SessionDeadlines, SessionEndReason } from "@/lib/engine/contract";
import type { SessionUser } from "@/lib/engine/session/session-data";
import type { AuthEvent } from "./auth-events.client";
import { nextDeadline } from "./session-deadline.client";

/** When the session's tokens and limits end (epoch ms; a limit that is off is null). */
export type SessionTimes = { accessExpires: number; refreshExpires: number } & SessionDeadlines;

/** What the server hands the browser (the server entry's BrowserSafeSession): never a token. */
export type SessionSeed = { user: SessionUser } & SessionTimes;

/**
 * `loading`: no SessionProvider above (the session is not known there); `expiring`: within the
 * warning lead of a session limit, `endReason` says which; `signed-out`: ended, in this tab or
 * another (final for the page), `endReason` says why (null: the user signed out).
 */
export type SessionState =
  | { status: "loading"; user: null; deadlines: null; endReason: null }
  | { status: "authenticated"; user: SessionUser; deadlines: SessionTimes; endReason: null }
  | { status: "expiring"; user: SessionUser; deadlines: SessionTimes; endReason: LimitReason }
  | { status: "signed-out"; user: null; deadlines: null; endReason: SessionEndReason | null };

export type SessionStatus = SessionState["status"];

export type SessionStore = ReturnType<typeof createSessionStore>;

export const LOADING_SESSION: SessionState = {
  status: "loading",
  user: null,
  deadlines: null,
  endReason: null,
};

// Copied field by field: whatever else the caller's object carries never reaches a component.
const timesOf = (from: SessionTimes): SessionTimes => ({
  accessExpires: from.accessExpires,
  refreshExpires: from.refreshExpires,
  sessionEndsAt: from.sessionEndsAt,
  idleEndsAt: from.idleEndsAt,
});

const isSameState = (a: SessionState, b: SessionState) =>
  a.status === b.status &&
  a.endReason === b.endReason &&
  JSON.stringify(a.user) === JSON.stringify(b.user) &&
  JSON.stringify(a.deadlines) === JSON.stringify(b.deadlines);

/**
 * This page's session, seeded by the server's render and moved by auth events (a renewal in any
 * tab, a sign-out in any tab) and by the clock. For useSyncExternalStore: the snapshot changes
 * only when what it says changes, so a tick re-renders nobody but the clock's readers.
 */
export function createSessionStore(
  seed: SessionSeed,
  { warningLeadMs }: { warningLeadMs: number },
) {
  let user: SessionUser = seed.user;
  let times = timesOf(seed);
  let now: number | null = null;
  let ended: { reason: SessionEndReason | null } | null = null;
  const listeners = new Set<() => void>();

  function compute(): SessionState {
    if (ended)
      return { status: "signed-out", user: null, deadlines: null, endReason: ended.reason };
    const next = nextDeadline(times);
    if (now !== null && next !== null && next.endsAt - now <= warningLeadMs)
      return { status: "expiring", user, deadlines: times, endReason: next.reason };
    return { status: "authenticated", user, deadlines: times, endReason: null };
  }

  // The server and the hydrating browser agree on it: the clock is not read before hydration.
  const serverSnapshot = compute();
  let snapshot = serverSnapshot;

  function update() {
    const computed = compute();
    if (!isSameState(computed, snapshot)) snapshot = computed;
    for (const listener of listeners) listener();
  }

  return {
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    getSnapshot: () => snapshot,
    getServerSnapshot: () => serverSnapshot,
    /** The clock the status was computed with; null until the browser's first tick. */
    readClock: () => now,

    tick(at: number) {
      now = at;
      update();
    },

    /** A new server render (after a navigation or a renewal) brings the cookie's values. */
    seed(next: SessionSeed) {
      if (ended) return;
      user = next.user;
      times = timesOf(next);
      update();
    },

    receive(event: AuthEvent) {
      if (ended) return;
      if (event.type === "signed-out") ended = { reason: event.reason ?? null };
      else if (event.type === "refresh-finished" && event.outcome === "session_expired")
        ended = { reason: event.reason ?? null };
      else if (event.type === "refresh-finished" && event.accessExpires) {
        times = {
          ...times,
          accessExpires: event.accessExpires,
          refreshExpires: event.refreshExpires ?? times.refreshExpires,
        };
        // Both or neither: a refresh that did not report the limits leaves them as they were.
        if (event.sessionEndsAt !== undefined && event.idleEndsAt !== undefined)
          times = { ...times, sessionEndsAt: event.sessionEndsAt, idleEndsAt: event.idleEndsAt };
      } else return;
      update();
    },
  };
}
