import { spawnSync } from "node:child_process";
import { RedisRotationStore } from "@/lib/engine/refresh/redis-rotation-store";

/**
 * Whether the tests that need a real redis-server run: always in CI (which installs it, so a
 * missing one fails loudly), elsewhere only when it is installed.
 */
export const shouldTestWithRedis =
  Boolean(process.env.CI) || spawnSync("redis-server", ["--version"]).status === 0;

/**
 * The stores a test file opens, to close before its Redis stops: a store left open reconnects to
 * the stopped server until the test process exits, each attempt a line in the test log.
 */
export function openedStores() {
  const opened: RedisRotationStore[] = [];
  return {
    open(...args: ConstructorParameters<typeof RedisRotationStore>) {
      const store = new RedisRotationStore(...args);
      opened.push(store);
      return store;
    },
    closeAll: () => Promise.all(opened.splice(0).map((store) => store.close())),
  };
}
