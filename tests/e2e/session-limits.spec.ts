import { expect, test } from "./fixtures";
import { django } from "./support/django";
import { readSession, sessionCookies, waitForAccessExpiry } from "./support/session-cookie";
import { refreshAtDjango, refreshFromPage, waitUntil } from "./support/session-limits";
import { LIMITS_INSTANCE_URL, SHORT_LIMITS } from "./support/servers";

// An instance with AUTH_SESSION_MAX_AGE_S=60 and AUTH_IDLE_TIMEOUT_S=40 (SHORT_LIMITS).
test.use({ baseURL: LIMITS_INSTANCE_URL });
// The test outlives the 60 s limit by design: the rest is a slow sign-in's and the checks' margin.
test.setTimeout(120_000);
// The refresh after the first access token's expiry (25 s in) moves the idle deadline past the
// absolute one (25 + 40 > 60), so the absolute limit is the one that ends the session.
test.use({ firstAccessLifetimeS: 25 });

test("the absolute limit ends a session that keeps refreshing, however often it asks", async ({
  page,
  context,
  signIn,
  user,
}) => {
  await signIn();
  // A page without the warning dialog: the test itself makes every refresh.
  await page.goto("/");
  const { signedInAt } = await readSession(context);
  expect(signedInAt).toEqual(expect.any(Number));
  const sessionEndsAt = Number(signedInAt) + SHORT_LIMITS.maxAgeS * 1000;

  // Active: the access token expires, the page refreshes (a real rotation), idle starts over.
  await waitForAccessExpiry(context);
  const renewed = await refreshFromPage(page, true);
  expect(renewed).toMatchObject({ status: 200, body: { status: "refreshed", sessionEndsAt } });
  expect(renewed.body.idleEndsAt).toBeGreaterThan(sessionEndsAt); // The absolute limit comes first.
  const { refreshToken: newest } = await readSession(context);
  const cookiesBeforeTheLimit = await sessionCookies(context);

  await waitUntil(sessionEndsAt + 500);
  expect(await refreshFromPage(page, true)).toEqual({
    status: 401,
    body: { error: "session_expired", reason: "session_limit" },
  });
  expect(await sessionCookies(context), "session cookie cleared").toEqual([]);
  // The chain's newest refresh token is dead at Django too...
  expect(await refreshAtDjango(newest)).toMatchObject({
    status: 401,
    body: { detail: "Token is blacklisted" },
  });
  // ...and a copy of the cookie from before the limit gets nothing, however often it asks.
  for (let attempt = 0; attempt < 3; attempt += 1) {
    await context.addCookies(cookiesBeforeTheLimit);
    expect(await refreshFromPage(page, true)).toMatchObject({
      status: 401,
      body: { reason: "session_limit" },
    });
  }
  expect((await django.counters(user.username)).rotations).toBe(1);
});
