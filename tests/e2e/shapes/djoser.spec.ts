import { expect } from "../fixtures";
import { django } from "../support/django";
import { readSession, sessionCookies, waitForAccessExpiry } from "../support/session-cookie";
import { testShape } from "./shape-app";

// A project that signs in with djoser (Debian's python3-djoser, installed into the bundled
// Django when present: tests/django/config/settings.py): its JWT views at auth/jwt/create/ and
// auth/jwt/refresh/, the profile at djoser's auth/users/me/, and simplejwt's blacklist view for
// sign-out (djoser has none). The app is pointed at it with the variables docs/adapting.md names.
const test = testShape({
  DJANGO_TOKEN_PATH: "auth/jwt/create/",
  DJANGO_REFRESH_PATH: "auth/jwt/refresh/",
  DJANGO_USER_PATH: "auth/users/me/",
});

test.use({ firstAccessLifetimeS: 8 });

test("djoser: sign-in, profile, one rotation for a storm, pages through the proxy, sign-out ends it", async ({
  page,
  context,
  user,
  signIn,
  dashboard,
  authWatch,
}) => {
  await signIn();
  await dashboard.expectProfileOf(user.username); // Read from djoser's auth/users/me/.
  expect((await readSession(context)).user).toMatchObject({ username: user.username });
  expect((await django.counters(user.username)).rotations).toBe(0);

  // Ten client requests and a reload after the access token expires: one rotation, no sign-in.
  await waitForAccessExpiry(context);
  authWatch.reset();
  await dashboard.fireParallelRequests(10);
  expect(await dashboard.parallelStatuses()).toEqual(Array(10).fill("200"));
  await page.reload();
  await dashboard.expectProfileOf(user.username);
  expect(await django.counters(user.username)).toMatchObject({ rotations: 1, rejected: 0 });
  expect(authWatch.loginArrivals).toEqual([]);

  // DRF pagination through the proxy: Django's links come back as proxy paths.
  for (const text of ["a", "b", "c"]) {
    expect((await page.request.post("/api/django/notes/", { data: { text } })).status()).toBe(201);
  }
  const first = await (await page.request.get("/api/django/notes/?limit=2")).json();
  expect(first).toMatchObject({ count: 3, next: "/api/django/notes/?limit=2&offset=2" });

  // Sign-out ends the newest refresh token at Django: replayed, it is refused.
  const { refreshToken } = await readSession(context);
  await dashboard.signOut();
  await expect(page).toHaveURL(/\/login$/);
  expect(await sessionCookies(context)).toEqual([]);
  expect(await django.refresh(refreshToken)).toMatchObject({
    status: 401,
    body: { code: "token_not_valid" },
  });
});
