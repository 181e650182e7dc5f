import { spawnSync } from "node:child_process";

/**
 * Whether the tests that need a real redis-server run: always in CI (which installs it, so a
 * missing one fails loudly), elsewhere only when it is installed.
 */
export const shouldTestWithRedis =
  Boolean(process.env.CI) || spawnSync("redis-server", ["--version"]).status === 0;
