import { expect } from "../fixtures";
import { readSession } from "../support/session-cookie";
import { expectTheShapeHolds, testShape } from "./shape-app";

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
  await expectTheShapeHolds({ page, context, user, dashboard, authWatch });
});
