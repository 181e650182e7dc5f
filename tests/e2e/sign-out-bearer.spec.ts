import { test as base, expect } from "./fixtures";
import { django } from "./support/django";
import { findFreePort } from "./support/free-port";
import { startNextInstance, type NextInstance } from "./support/next-instance";
import { NEXTAUTH_SECRET } from "./support/servers";
import { readSession, sessionCookies, waitForAccessExpiry } from "./support/session-cookie";

// A project's own views, as the real DRF project that broke sign-out had: a logout behind
// IsAuthenticated (the access token as Bearer) answering 204, and the profile at users/<id>/
// (tests/django/api/views.py LogoutView, UserDetailView). The app runs with
// DJANGO_BLACKLIST_PATH=auth/logout/, DJANGO_BLACKLIST_BEARER=on and
// DJANGO_USER_PATH=users/{user_id}/ (filled from the access token's claims at sign-in).
const test = base.extend<object, { bearerLogoutApp: NextInstance }>({
  bearerLogoutApp: [
    async ({}, use) => {
      const instance = await startNextInstance(await findFreePort(), {
        NEXTAUTH_SECRET,
        DJANGO_BLACKLIST_PATH: "auth/logout/",
        DJANGO_BLACKLIST_BEARER: "on",
        DJANGO_USER_PATH: "users/{user_id}/",
      });
      await use(instance);
      await instance.stop();
    },
    { scope: "worker", timeout: 90_000 },
  ],
  baseURL: async ({ bearerLogoutApp }, use) => use(bearerLogoutApp.url),
});

const BLACKLISTED = {
  status: 401,
  body: { detail: "Token is blacklisted", code: "token_not_valid" },
};

test.describe(() => {
  // Fresh for the whole test however slow the machine: these sign-outs must need no renewal
  // (a Bearer sign-out renews an access token with under 10 s left, rotating the refresh token).
  test.use({ firstAccessLifetimeS: 120 });

  test("sign-out sends the Bearer to the project's logout view: its 204 ends the refresh token", async ({
    page,
    context,
    user,
    signIn,
    dashboard,
  }) => {
    await signIn();
    const { refreshToken, user: sessionUser } = await readSession(context);
    expect(sessionUser).toMatchObject({ username: user.username }); // Read from users/<id>/.
    await dashboard.signOut();
    await expect(page).toHaveURL(/\/login$/);
    expect(await sessionCookies(context)).toEqual([]);
    expect(await django.refresh(refreshToken)).toEqual(BLACKLISTED);
    expect((await django.counters(user.username)).rotations).toBe(0);
  });

  test("a logout Django does not confirm is said on /login, and the cookie is cleared anyway", async ({
    page,
    context,
    user,
    signIn,
    dashboard,
  }) => {
    await signIn();
    const { refreshToken } = await readSession(context);
    await django.armFault(user.username, { endpoint: "blacklist", mode: "error", count: 1 });
    await dashboard.signOut();
    await expect(page).toHaveURL(/\/login\?signedOut=here_only$/);
    await expect(
      page.getByText("You are signed out on this device, but the server could not confirm"),
    ).toBeVisible();
    expect(await sessionCookies(context)).toEqual([]);
    expect((await django.counters(user.username)).rotations).toBe(0);
    // Honest: the token really is still alive at Django, which is what the page said.
    expect((await django.refresh(refreshToken)).status).toBe(200);
  });
});

test.describe(() => {
  test.use({ firstAccessLifetimeS: 5 });

  test("with the access token expired, it renews once through Django, then ends the new pair", async ({
    page,
    context,
    user,
    signIn,
    dashboard,
  }) => {
    await signIn();
    const { refreshToken } = await readSession(context);
    await waitForAccessExpiry(context);
    await dashboard.signOut();
    await expect(page).toHaveURL(/\/login$/);
    // The renewal rotated once (the old token is blacklisted by the rotation) and the logout
    // ended its successor: nothing of the chain refreshes any more.
    expect((await django.counters(user.username)).rotations).toBe(1);
    expect(await django.refresh(refreshToken)).toEqual(BLACKLISTED);
  });
});
