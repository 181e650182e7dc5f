import type { BrowserContext, Page } from "@playwright/test";
import { startRedisCluster } from "../../support/redis-cluster";
import { django } from "../support/django";
import { findFreePort } from "../support/free-port";
import { startNextInstance, type NextInstance } from "../support/next-instance";
import { NEXTAUTH_SECRET, SHARED_INSTANCE_URLS, WITH_REDIS } from "../support/servers";
import { expect, expectNoRaceDamage, reloadAllAtOnce, test, type RaceRun } from "./race-fixtures";

// Tabs on two server instances of one session (cookies are per host, not per port, so the
// instances share the session): only the Redis-backed lock and records keep them from racing.
test.skip(!WITH_REDIS, "redis-server is not installed (CI always runs these tests)");

test.describe(() => {
  const [INSTANCE_B, INSTANCE_C] = SHARED_INSTANCE_URLS as [string, string];
  test.use({ baseURL: INSTANCE_B });

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
});

// The same on a Redis Cluster (3 masters, 3 replicas, started here): two more `next start`s of
// the build with REDIS_CLUSTER_URLS, whose locks wait for a replica's acknowledgement.
const onCluster = test.extend<object, { clusterInstances: [NextInstance, NextInstance] }>({
  clusterInstances: [
    async ({}, use) => {
      const cluster = await startRedisCluster();
      const vars = { NEXTAUTH_SECRET, REDIS_CLUSTER_URLS: cluster.urls.join(",") };
      const instances: NextInstance[] = [];
      try {
        for (let i = 0; i < 2; i++)
          instances.push(await startNextInstance(await findFreePort(), vars));
        await use(instances as [NextInstance, NextInstance]);
      } finally {
        await Promise.all(instances.map((instance) => instance.stop()));
        cluster.stop();
      }
    },
    { scope: "worker", timeout: 180_000 },
  ],
  baseURL: async ({ clusterInstances }, use) => use(clusterInstances[0].url),
});

onCluster(
  "7b. six tabs on two server instances reload at once (shared store: Redis Cluster)",
  async ({ page, context, signIn, user, race, clusterInstances }) => {
    await signIn();
    await sixTabsReloadAtOnce(
      clusterInstances.map((instance) => instance.url) as [string, string],
      { page, context, user, race },
    );
  },
);

async function sixTabsReloadAtOnce(
  [urlB, urlC]: [string, string],
  {
    page,
    context,
    user,
    race,
  }: { page: Page; context: BrowserContext; user: { username: string }; race: RaceRun },
) {
  const tabs = [page, ...(await Promise.all(Array.from({ length: 5 }, () => context.newPage())))];
  await Promise.all(tabs.map((tab, i) => tab.goto(`${i % 2 ? urlC : urlB}/dashboard`)));
  // A slow Django keeps the refresh in flight while the other instance is asked for one; the
  // shared lock lets one Django call through, so one delay is all that is armed.
  await django.armFault(user.username, { mode: "delay", delayMs: 3000, count: 1 });
  await race.waitForAccessExpiry(context);
  const answers = refreshAnswersByHost(context);

  await reloadAllAtOnce(tabs);
  // The race happened: both instances were asked to refresh the expired session, one rotated it
  // and the other answered with that rotation (through the shared store), not a fresh cookie.
  const [hostB, hostC] = [new URL(urlB).host, new URL(urlC).host];
  expect(race.timeline.hosts(), "instances that received a refresh").toEqual([hostB, hostC].sort());
  expect(race.timeline.overlapAcross(hostB, hostC), "refreshes in flight on both at once").toBe(
    true,
  );
  const byHost = await answers();
  expect(
    [hostB, hostC].map((host) => byHost[host]?.some((s) => s === "refreshed" || s === "reused")),
    `both instances answered the expired session: ${JSON.stringify(byHost)}`,
  ).toEqual([true, true]);
  await expectNoRaceDamage(race);
}

/** Every answer of POST /api/auth/refresh from now on (its status, or its error), per host. */
function refreshAnswersByHost(context: BrowserContext): () => Promise<Record<string, string[]>> {
  const answers: Array<Promise<[string, string]>> = [];
  context.on("response", (response) => {
    const url = new URL(response.url());
    if (url.pathname !== "/api/auth/refresh") return;
    answers.push(
      response
        .json()
        .then((body: { status?: string; error?: string }) => String(body.status ?? body.error))
        .catch(() => "unreadable")
        .then((answer) => [url.host, answer]),
    );
  });
  return async () => {
    const byHost: Record<string, string[]> = {};
    for (const [host, answer] of await Promise.all(answers)) (byHost[host] ??= []).push(answer);
    return byHost;
  };
}
