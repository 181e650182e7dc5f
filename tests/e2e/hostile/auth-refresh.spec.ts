import { expect, test } from "../fixtures";
import { fireRequests } from "./fire-requests";
import { django, type Fault } from "../support/django";
import { APP_URL } from "../support/servers";
import { readSession } from "../support/session-cookie";
import { expireAccessToken } from "./session-forgery";

const UNAVAILABLE = "error The server is unavailable. Your session is safe; try again in a moment.";

/** Django's refresh endpoint answers like this → the refresh is 503, the session survives. */
const TRANSIENT: Array<[string, Omit<Fault, "count">]> = [
  ["429 throttled (Retry-After)", { mode: "status", status: 429 }],
  ["403 forbidden", { mode: "status", status: 403 }],
  ["404 not found", { mode: "status", status: 404 }],
  ["408 request timeout", { mode: "status", status: 408 }],
  ["500 server error", { mode: "status", status: 500 }],
  ["502 bad gateway", { mode: "status", status: 502 }],
  ["503 JSON error", { mode: "error" }],
  ["200 HTML maintenance page", { mode: "html200" }],
  ["200 truncated JSON", { mode: "truncated" }],
  ["no answer within the caller's wait", { mode: "delay", delayMs: 9_000 }],
];

test.describe("hostile: Django's refresh endpoint misbehaves", () => {
  for (const [answer, fault] of TRANSIENT) {
    test(`refresh answered "${answer}" → 503, session kept, one rotation once it recovers`, async ({
      page,
      context,
      user,
      signIn,
      dashboard,
      authWatch,
    }) => {
      test.setTimeout(90_000);
      await signIn();
      const before = await readSession(context);
      await django.armFault(user.username, { ...fault, count: fault.mode === "delay" ? 1 : 100 });
      await expireAccessToken(context, APP_URL);

      const refreshed = page.waitForResponse((r) => r.url().endsWith("/api/auth/refresh"));
      await fireRequests(page, 1);
      expect((await refreshed).status()).toBe(503);
      expect(await (await refreshed).json()).toEqual({ error: "upstream_unavailable" });
      expect(await dashboard.parallelStatuses()).toEqual([UNAVAILABLE]);
      expect((await readSession(context)).refreshToken).toBe(before.refreshToken);

      await django.disarmFaults(user.username);
      await fireRequests(page, 1);
      expect(await dashboard.parallelStatuses()).toEqual(["200"]);
      expect(await django.counters(user.username)).toMatchObject({ rotations: 1, rejected: 0 });
      expect(authWatch.loginArrivals).toEqual([]);
    });
  }

  test("Django's 401 to the refresh is the one answer that ends the session", async ({
    page,
    context,
    user,
    signIn,
  }) => {
    await signIn();
    await django.armFault(user.username, { mode: "status", status: 401, count: 1 });
    await expireAccessToken(context, APP_URL);
    await fireRequests(page, 1, { awaitSummary: false });
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdashboard$/);
  });

  test("the refresh tells Django the address its one trusted proxy appended, not the client's claim", async ({
    page,
    context,
    user,
    signIn,
  }) => {
    await signIn();
    await expireAccessToken(context, APP_URL);
    const response = await page.request.post("/api/auth/refresh", {
      headers: { "X-Forwarded-For": "203.0.113.7, 10.0.0.1" },
    });
    expect(response.status()).toBe(200);
    // AUTH_TRUSTED_PROXY_HOPS=1: the right-most entry is the proxy's; the rest the client wrote.
    expect(await django.forwardedFor(user.username)).toMatchObject({ refresh: "10.0.0.1" });
  });
});
