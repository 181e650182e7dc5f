import { signOut } from "next-auth/react";
import {
  parseRefreshSuccess,
  readSessionEndReason,
  refreshFailed,
  type RefreshAnswer,
  type RefreshRequestBody,
  type RefusalReason,
  type SessionEndReason,
  type SessionDeadlines,
} from "@/lib/engine/contract";
import { announceAuthEvent, emitAuthEvent, subscribeToAuthEvents } from "./auth-events.client";

/** The contract's refresh answer, carrying the new expiries (tokens never reach the browser). */
export type RefreshResult = RefreshAnswer<
  { accessExpires: number; refreshExpires: number } & Partial<SessionDeadlines>
>;

const ACCESS_REJECTED: RefreshRequestBody = { accessRejected: true };

const LOCK_NAME = "next-django-simplejwt:refresh";
// An orphaned lock must not hang a tab: past this, refresh anyway (the server still single-flights).
// About what a user tolerates (Clerk aborts after ~5 s); tests/e2e/calls.spec.ts proves it.
export const LOCK_WAIT_MS = 5_000;
const REQUEST_TIMEOUT_MS = 15_000;

let inFlight: Promise<RefreshResult> | null = null;
let lastRenewal: { at: number; result: RefreshResult } | null = null;

// The cookie jar is shared: a renewal announced by another tab serves this tab too.
if (typeof window !== "undefined") {
  subscribeToAuthEvents((event, source) => {
    if (source !== "other-tab" || event.type !== "refresh-finished" || !event.accessExpires) return;
    const { accessExpires, refreshExpires = accessExpires } = event;
    lastRenewal = {
      at: performance.now(),
      result: { ok: true, status: "fresh", accessExpires, refreshExpires },
    };
  });
}

/** A request sent before the last renewal carried the old cookie: it only needs a retry. */
function renewalSince(sentAt: number): RefreshResult | null {
  return lastRenewal && lastRenewal.at > sentAt ? lastRenewal.result : null;
}

/**
 * The one refresh of this tab: concurrent callers share it, a request sent before the last
 * renewal reuses that, and across tabs a Web Lock lets one tab at a time ask. The server answers
 * "fresh" to a tab whose cookie another tab already renewed. `accessRejected` (the default: both
 * callers refresh because Django answered 401) tells the server a valid-looking access token was
 * refused, so "fresh" is not an answer for it.
 */
export function refreshSessionOnce(
  requestSentAt = Number.POSITIVE_INFINITY,
  { accessRejected = true }: { accessRejected?: boolean } = {},
): Promise<RefreshResult> {
  const renewed = renewalSince(requestSentAt);
  if (renewed) return Promise.resolve(renewed);
  inFlight ??= runRefresh(requestSentAt, accessRejected).finally(() => {
    inFlight = null;
  });
  return inFlight;
}

async function runRefresh(requestSentAt: number, accessRejected: boolean): Promise<RefreshResult> {
  emitAuthEvent({ type: "refresh-started" });
  // Another tab may have renewed the session while this one waited for the lock.
  const result = await withTabLock(
    async () => renewalSince(requestSentAt) ?? postRefresh(accessRejected),
  );
  if (result.ok) lastRenewal = { at: performance.now(), result };
  const finished = {
    type: "refresh-finished" as const,
    outcome: result.ok ? result.status : result.error,
    ...(result.ok
      ? {
          accessExpires: result.accessExpires,
          refreshExpires: result.refreshExpires,
          sessionEndsAt: result.sessionEndsAt,
          idleEndsAt: result.idleEndsAt,
        }
      : result.reason
        ? { reason: result.reason }
        : {}),
  };
  if (result.ok) announceAuthEvent(finished);
  else emitAuthEvent(finished);
  return result;
}

async function withTabLock<T>(task: () => Promise<T>): Promise<T> {
  if (typeof navigator === "undefined" || !navigator.locks) return task();
  try {
    return await navigator.locks.request(
      LOCK_NAME,
      { signal: AbortSignal.timeout(LOCK_WAIT_MS) },
      task,
    );
  } catch (error) {
    if (
      error instanceof DOMException &&
      (error.name === "TimeoutError" || error.name === "AbortError")
    ) {
      return task();
    }
    throw error;
  }
}

async function postRefresh(accessRejected: boolean): Promise<RefreshResult> {
  try {
    const response = await fetch("/api/auth/refresh", {
      method: "POST",
      credentials: "same-origin",
      cache: "no-store",
      ...(accessRejected
        ? { headers: { "Content-Type": "application/json" }, body: JSON.stringify(ACCESS_REJECTED) }
        : {}),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (response.status === 401) {
      const reason = readSessionEndReason(await response.json().catch(() => null));
      return { ...refreshFailed("session_expired"), ...(reason ? { reason } : {}) };
    }
    const body = parseRefreshSuccess(await response.json());
    if (response.ok && body) return { ok: true, ...body };
  } catch (error) {
    console.warn("Session refresh failed; will retry on the next request.", error);
  }
  return refreshFailed("upstream_unavailable");
}

let isLeaving = false;

/** Sends the user to sign in again, then back to this page; `reason` tells the page why. */
export function redirectToLogin(reason?: SessionEndReason) {
  if (isLeaving) return;
  isLeaving = true;
  const callbackUrl = window.location.pathname + window.location.search;
  const why = reason ? `&reason=${reason}` : "";
  window.location.assign(`/login?callbackUrl=${encodeURIComponent(callbackUrl)}${why}`);
}

/**
 * Django refuses even a just-renewed access token (a deactivated user, a changed password): the
 * session is over. Signs out first, or /login would send a still-valid cookie straight back here.
 */
export async function endRefusedSession(reason?: RefusalReason) {
  if (isLeaving) return;
  try {
    await signOut({ redirect: false });
  } catch (error) {
    console.warn("Sign-out request failed; leaving anyway.", error);
  }
  announceAuthEvent({ type: "signed-out", ...(reason ? { reason } : {}) });
  redirectToLogin(reason);
}
