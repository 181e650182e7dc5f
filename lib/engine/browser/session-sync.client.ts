import { subscribeToAuthEvents } from "./auth-events.client";
import { nextDeadline } from "./session-deadline.client";
import type { SessionStore } from "./session-store.client";
import { redirectToLogin, refreshSessionOnce } from "./tab-refresh.client";

// visibilitychange is listened to on document; it also bubbles to window, hence not here.
const WAKE_EVENTS = ["focus", "online"] as const;
/** Browser and server clocks differ a little: ask the server only once it surely agrees. */
const CLOCK_SKEW_MS = 1_000;
const RETRY_MS = 3_000;
const TICK_MS = 1_000;

/**
 * Keeps this tab's session store current and acts on it: follows a sign-out made in another tab
 * (to /login), renews on wake (a tab back from the background or back online with an expired
 * access token renews before the user acts), and once a session limit has passed lets the server
 * end the session at this tab's refresh, then /login saying why. Expiries come from the clock, not
 * from timers, which browsers throttle in background tabs. Returns the cleanup.
 */
export function syncSession(store: SessionStore): () => void {
  const stopEvents = subscribeToAuthEvents((event, source) => {
    store.receive(event);
    if (event.type === "signed-out" && source === "other-tab") window.location.assign("/login");
  });

  let endingAfter = 0;
  const endIfLimitPassed = (now: number) => {
    const deadlines = store.getSnapshot().deadlines;
    const next = deadlines && nextDeadline(deadlines);
    if (!next || now < next.endsAt + CLOCK_SKEW_MS || now < endingAfter) return;
    endingAfter = now + RETRY_MS; // Until the answer (or a retry) comes.
    void refreshSessionOnce(Number.POSITIVE_INFINITY, { accessRejected: false }).then((result) => {
      if (!result.ok && result.error === "session_expired")
        redirectToLogin(result.reason ?? next.reason);
    });
  };
  const tick = () => {
    const now = Date.now();
    store.tick(now);
    endIfLimitPassed(now);
  };

  const renewIfExpired = () => {
    if (document.visibilityState !== "visible" || !navigator.onLine) return;
    const accessExpires = store.getSnapshot().deadlines?.accessExpires;
    if (accessExpires === undefined || accessExpires > Date.now()) return;
    // Not a refusal: the server may answer "fresh" if another tab or an action renewed it.
    void refreshSessionOnce(Number.POSITIVE_INFINITY, { accessRejected: false }).then((result) => {
      if (!result.ok && result.error === "session_expired") redirectToLogin(result.reason);
    });
  };
  // Background tabs' timers are throttled (Chrome: about once a minute): recompute on wake.
  const onWake = () => {
    tick();
    renewIfExpired();
  };

  tick();
  const timer = setInterval(tick, TICK_MS);
  for (const name of WAKE_EVENTS) window.addEventListener(name, onWake);
  document.addEventListener("visibilitychange", onWake);
  return () => {
    stopEvents();
    clearInterval(timer);
    for (const name of WAKE_EVENTS) window.removeEventListener(name, onWake);
    document.removeEventListener("visibilitychange", onWake);
  };
}
