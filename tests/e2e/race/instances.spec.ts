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
  await signIn();
  await sixTabsReloadAtOnce([INSTANCE_B, INSTANCE_C], { page, context, user, race });
});
