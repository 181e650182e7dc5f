import { expect } from "../fixtures";
import { readSession } from "../support/session-cookie";
import { expectTheShapeHolds, testShape } from "./shape-app";

// A project on dj-rest-auth with JWT and its defaults (JWT_AUTH_HTTPONLY): the login answers the
// access token and the user with `"refresh": ""`, the refresh token travels only in the cookie
// JWT_AUTH_REFRESH_COOKIE names, which token/refresh/ and logout/ read (the bundled Django follows
// dj-rest-auth's code: tests/django/api/rest_auth.py). The app keeps that cookie's value in its
// own session and sends it back; the browser never holds it.
const test = testShape({
  DJANGO_TOKEN_PATH: "dj-rest-auth/login/",
  DJANGO_REFRESH_PATH: "dj-rest-auth/token/refresh/",
  DJANGO_BLACKLIST_PATH: "dj-rest-auth/logout/",
  DJANGO_REFRESH_COOKIE: "my-refresh-token",
  DJANGO_LOGIN_USER_KEY: "user",
  DJANGO_USER_FIELDS: "pk",
  DJANGO_USER_PATH: "",
});
test.use({ firstAccessLifetimeS: 8 });

test("dj-rest-auth: the refresh token from its cookie, one rotation for a storm, pages, sign-out ends it", async ({
  page,
  context,
  user,
  signIn,
  dashboard,
  authWatch,
}) => {
  await signIn();
  const { user: sessionUser, refreshToken } = await readSession(context);
  expect(sessionUser).toMatchObject({
    username: user.username,
    fields: { pk: expect.any(Number) },
  });
  expect(refreshToken).toMatch(/^ey/); // The cookie's value, not the login answer's "".
  expect((await context.cookies()).map(({ name }) => name)).not.toContain("my-refresh-token");

  await expectTheShapeHolds({ page, context, user, dashboard, authWatch });
  expect((await context.cookies()).map(({ name }) => name)).not.toContain("my-refresh-token");
});
