import { warmUp } from "../support/next-instance";
import { SHARED_INSTANCE_URLS, WITH_REDIS } from "../support/servers";
import { test } from "./race-fixtures";
import { sixTabsReloadAtOnce } from "./two-instances";

const [INSTANCE_B, INSTANCE_C] = SHARED_INSTANCE_URLS as [string, string];

test.use({ baseURL: INSTANCE_B });
test.skip(!WITH_REDIS, "redis-server is not installed (CI always runs this test)");

test("7. six tabs on two server instances reload at once (shared store: Redis)", async ({
  page,
  context,
  signIn,
  user,
  race,
}) => {
  // These instances may not have served a refresh yet: a route's first request loads its code
  // (seconds on a loaded machine), long enough for one instance's tabs to ask only after the
  // other's rotation, and then the race this checks does not happen. Warmed before the session
  // starts, so the access token's lifetime is left to the scenario.
  await Promise.all([INSTANCE_B, INSTANCE_C].map(warmUp));
  await signIn();
  await sixTabsReloadAtOnce([INSTANCE_B, INSTANCE_C], { page, context, user, race });
});
