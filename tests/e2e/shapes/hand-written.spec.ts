import { expect } from "../fixtures";
import { readSession } from "../support/session-cookie";
import { expectTheShapeHolds, testShape } from "./shape-app";

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

  await expectTheShapeHolds({ page, context, user, dashboard, authWatch });
});
