import { expect, test } from "../fixtures";
import { django, type Fault } from "../support/django";
import { APP_URL } from "../support/servers";
import { readSession, SESSION_COOKIE } from "../support/session-cookie";
import {
  expireAccessToken,
  refreshFromPage,
  replaySessionCookie,
  rotateOnce,
  saveSessionCookie,
} from "./session-forgery";

const BLACKLISTED = {
  status: 401,
  body: { detail: "Token is blacklisted", code: "token_not_valid" },
};
const SESSION_EXPIRED = { status: 401, body: { error: "session_expired" } };

test.describe("hostile: sign-out ends the whole chain", () => {
  test("signing out with a stale cookie blacklists the chain's newest token", async ({
    page,
    context,
    signIn,
    dashboard,
  }) => {
    await signIn();
    const stale = await saveSessionCookie(context);
    await rotateOnce(page, context);
    const { refreshToken: newest } = await readSession(context);
    await replaySessionCookie(context, stale, APP_URL); // A slow response wrote the old cookie back.
    await dashboard.signOut();
    await expect(page).toHaveURL(/\/login$/);
    expect(await django.refresh(newest)).toEqual(BLACKLISTED);
  });

  test("a cookie saved before a rotation, replayed after sign-out, gets 401 and no tokens", async ({
    page,
    context,
    signIn,
    dashboard,
  }) => {
    await signIn();
    const saved = await saveSessionCookie(context);
    await rotateOnce(page, context);
    await dashboard.signOut();
    await expect(page).toHaveURL(/\/login$/);
    await replaySessionCookie(context, saved, APP_URL);
    await expireAccessToken(context, APP_URL);
    expect(await refreshFromPage(page)).toEqual(SESSION_EXPIRED);
    expect((await context.cookies()).some(({ name }) => name === SESSION_COOKIE)).toBe(false);
  });

  test("the newest cookie replayed after sign-out gets 401, even with a valid access token", async ({
    page,
    context,
    signIn,
    dashboard,
  }) => {
    await signIn();
    const saved = await saveSessionCookie(context);
    await dashboard.signOut();
    await expect(page).toHaveURL(/\/login$/);
    await replaySessionCookie(context, saved, APP_URL);
    expect(await refreshFromPage(page, { accessRejected: true })).toEqual(SESSION_EXPIRED);
  });

  test("a refresh that lands after the sign-out does not bring the cookie back", async ({
    page,
    context,
    user,
    signIn,
    dashboard,
  }) => {
    await signIn();
    // Django rotates at once but its answer takes 3 s: the sign-out lands in between.
    await django.armFault(user.username, { mode: "slow_answer", delayMs: 3_000, count: 1 });
    await expireAccessToken(context, APP_URL);
    // Sent by the test's HTTP client with the browser's cookies: the tab itself goes to /login.
    const lateRefresh = context.request
      .post("/api/auth/refresh")
      .then(async (response) => ({ status: response.status(), body: await response.json() }));
    // Django has rotated (it counts rotations before holding the answer back) before we sign out.
    await expect.poll(() => django.counters(user.username)).toMatchObject({ rotations: 1 });
    await dashboard.signOut();
    await expect(page).toHaveURL(/\/login$/);
    expect(await lateRefresh).toEqual(SESSION_EXPIRED);
    expect((await context.cookies()).some(({ name }) => name === SESSION_COOKIE)).toBe(false);
    expect(await django.counters(user.username)).toMatchObject({ rotations: 1 });
  });

  // Where sign-out lands: /login says "signed out on this device" unless Django answered 200.
  const BLACKLIST_FAULTS: Array<[string, Omit<Fault, "count">, RegExp]> = [
    ["503", { mode: "error" }, /\/login\?signedOut=here_only$/],
    ["429", { mode: "status", status: 429 }, /\/login\?signedOut=here_only$/],
    ["200 HTML", { mode: "html200" }, /\/login$/],
  ];
  for (const [answer, fault, landing] of BLACKLIST_FAULTS) {
    test(`blacklist answers ${answer}: the local session still ends and its cookies stay dead`, async ({
      page,
      context,
      user,
      signIn,
      dashboard,
    }) => {
      await signIn();
      const saved = await saveSessionCookie(context);
      await django.armFault(user.username, { ...fault, endpoint: "blacklist", count: 1 });
      await dashboard.signOut();
      await expect(page).toHaveURL(landing);
      expect((await page.request.get("/api/django/me/")).status()).toBe(401);
      expect(await django.counters(user.username)).toMatchObject({ faults_served: 1 });
      await replaySessionCookie(context, saved, APP_URL);
      await expireAccessToken(context, APP_URL);
      expect(await refreshFromPage(page)).toEqual(SESSION_EXPIRED);
      expect(await django.counters(user.username)).toMatchObject({ rotations: 0 });
    });
  }
});
