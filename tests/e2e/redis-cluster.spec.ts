import { startRedisCluster } from "../support/redis-cluster";
import { findFreePort } from "./support/free-port";
import { startNextInstance, type NextInstance } from "./support/next-instance";
import { NEXTAUTH_SECRET, WITH_REDIS } from "./support/servers";
import { test } from "./race/race-fixtures";
import { sixTabsReloadAtOnce } from "./race/two-instances";

// Race scenario 7 on a Redis Cluster (3 masters, 3 replicas, started here): two more `next
// start`s of the build with REDIS_CLUSTER_URLS, whose locks wait for a replica's acknowledgement.
// Outside race/: what it tests is the store, the same on every Django stack (stack A runs it).
test.skip(!WITH_REDIS, "redis-server is not installed (CI always runs this test)");

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
    const [b, c] = clusterInstances;
    await sixTabsReloadAtOnce([b.url, c.url], { page, context, user, race });
  },
);
