// Response times against the template's waits, and DRF throttling seen on the refresh view.
import { CALLER_WAIT_MS } from "../constants.mjs";
import { count, fail, ok, warn } from "../findings.mjs";

// Generous: a loaded CI machine hashes a password in well under this; a user notices beyond it.
const SLOW_MS = 3_000;

export function checkTimings(ctx) {
  const { log } = ctx.client;
  const slowest = (prefix) => {
    const times = log.filter((e) => e.label.startsWith(prefix)).map((e) => e.ms);
    return times.length ? Math.max(...times) : null;
  };
  const measured = [
    ["API root", slowest("API root")],
    ["sign-in", slowest("sign-in")],
    ["refresh", slowest("refresh")],
  ].filter(([, ms]) => ms !== null);
  if (measured.length === 0) return;
  const signIn = slowest("sign-in") ?? 0;
  const refresh = slowest("refresh") ?? 0;
  const text = `slowest answers: ${measured.map(([what, ms]) => `${what} ${ms} ms`).join(", ")}`;
  if (refresh > CALLER_WAIT_MS) {
    ctx.add(
      fail(
        "timing",
        "Response times",
        `${text}: the template gives up on a refresh after ${CALLER_WAIT_MS / 1000} s and answers 503`,
        "make Django's refresh view faster (it is one token check and one database write)",
      ),
    );
  } else if (refresh > SLOW_MS || signIn > SLOW_MS) {
    ctx.add(
      warn(
        "timing",
        "Response times",
        `${text}: users will notice`,
        "check Django's load and its database",
      ),
    );
  } else {
    ctx.add(ok("timing", "Response times", text));
  }
}

export function checkThrottling(ctx) {
  const refreshes = ctx.client.log.filter((e) => e.label.startsWith("refresh"));
  const throttled = refreshes.filter((e) => e.status === 429);
  if (throttled.length === 0) {
    ctx.add(
      ok("throttle", "Throttling", `no 429 in ${count(refreshes.length, "refresh", "refreshes")}`),
    );
    return;
  }
  const retryAfter = throttled.find((e) => e.retryAfter)?.retryAfter;
  ctx.add(
    warn(
      "throttle",
      "Throttling",
      `the refresh view answered 429${retryAfter ? ` (Retry-After: ${retryAfter} s)` : ""} after ${count(refreshes.indexOf(throttled[0]), "refresh", "refreshes")}. Behind the Next server every user arrives from its address, so they all share one bucket; when it is full, refreshes fail for everyone (the template answers 503 and keeps the session)`,
      "key DRF's throttle on the real client: REST_FRAMEWORK['NUM_PROXIES'] = <proxies in front of Django, the Next server included> with X-Forwarded-For set by them, or drop the throttle from TokenRefreshView",
    ),
  );
}
