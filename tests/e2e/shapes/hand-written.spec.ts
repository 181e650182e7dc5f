import { expect } from "../fixtures";
import { django } from "../support/django";
import { readSession, sessionCookies, waitForAccessExpiry } from "../support/session-cookie";
import { testShape } from "./shape-app";

// A project with its own views, the shape of the real DRF project that broke sign-out: a login
// answering the pair and the user (with a public id), simplejwt's refresh under auth/, a logout
// behind IsAuthenticated answering 204, and no me/ endpoint (tests/django/api/views.py).
const test = testShape({
  DJANGO_TOKEN_PATH: "auth/login/",
  DJANGO_REFRESH_PATH: "auth/refresh/",
  DJANGO_BLACKLIST_PATH: "auth/logout/",
  DJANGO_BLACKLIST_BEARER: "on",
  DJANGO_LOGIN_USER_KEY: "user",
  DJANGO_USER_FIELDS: "public_id",
  DJANGO_USER_PATH: "",
});
test.use({ firstAccessLifetimeS: 8 });

test("hand-written views: the user from the login answer, one rotation for a storm, pages, a Bearer sign-out", async ({
  page,
  context,
  user,
  signIn,
  dashboard,
  authWatch,
}) => {
  await signIn();
  const { user: sessionUser } = await readSession(context);
  // From the login answer (there is no me/ here): its public id rides along in the session.
  expect(sessionUser).toMatchObject({
    username: user.username,
    fields: { public_id: expect.stringMatching(/^u-\d{5}$/) },
  });

  await waitForAccessExpiry(context);
  authWatch.reset();
  await page.reload();
  await dashboard.fireParallelRequests(10);
  expect(await dashboard.parallelStatuses()).toEqual(Array(10).fill("200"));
  expect(await django.counters(user.username)).toMatchObject({ rotations: 1, rejected: 0 });
  expect(authWatch.loginArrivals).toEqual([]);

  for (const text of ["a", "b", "c"]) {
    expect((await page.request.post("/api/django/notes/", { data: { text } })).status()).toBe(201);
  }
  const first = await (await page.request.get("/api/django/notes/?limit=2")).json();
  expect(first).toMatchObject({ count: 3, next: "/api/django/notes/?limit=2&offset=2" });

  const { refreshToken } = await readSession(context);
  await dashboard.signOut();
  await expect(page).toHaveURL(/\/login$/);
  expect(await sessionCookies(context)).toEqual([]);
  expect(await django.refresh(refreshToken)).toMatchObject({
    status: 401,
    body: { code: "token_not_valid" },
  });
});
