import { django } from "../support/django";
import { SHARED_INSTANCE_URLS, WITH_REDIS } from "../support/servers";
import { waitForAccessExpiry } from "../support/session-cookie";
import { expectNoRaceDamage, reloadAllAtOnce, test } from "./race-fixtures";

const [INSTANCE_B, INSTANCE_C] = SHARED_INSTANCE_URLS as [string, string];

// Tabs on two server instances of one session (cookies are per host, not per port, so the
// instances share the session): only the Redis-backed lock and records keep them from racing.
test.use({ baseURL: INSTANCE_B });
test.skip(!WITH_REDIS, "redis-server is not installed (CI always runs this test)");

test("7. six tabs on two server instances reload at once (shared store: Redis)", async ({
  page,
  context,
  user,
  signIn,
  authWatch,
}) => {
  await signIn();
  const tabs = [page, ...(await Promise.all(Array.from({ length: 5 }, () => context.newPage())))];
  await Promise.all(tabs.map((tab, i) => tab.goto(`${i % 2 ? INSTANCE_C : INSTANCE_B}/dashboard`)));
  // A slow Django keeps the refresh of every instance in flight at once.
  await django.armFault(user.username, { mode: "delay", delayMs: 1000, count: 6 });
  await waitForAccessExpiry(context);

  await reloadAllAtOnce(tabs);
  await expectNoRaceDamage(user, authWatch, {
    scenario: "7. six tabs on two instances (Redis)",
    expiryEvents: 1,
  });
});
