import { afterEach, describe, expect, it } from "vitest";
import { shouldTestWithRedis } from "@/tests/support/redis-server";
import { freePort, startRedisServer, stopProcess } from "@/tests/support/redis-process";
import { checkRedisEviction } from "./redis-eviction.mjs";

const servers = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => stopProcess(server)));
});

async function findingFor(redisArgs) {
  let redisUrl;
  if (redisArgs) {
    const port = await freePort();
    servers.push(await startRedisServer(port, redisArgs));
    redisUrl = `redis://127.0.0.1:${port}`;
  }
  const findings = [];
  await checkRedisEviction({ config: { redisUrl }, add: (finding) => findings.push(finding) });
  return findings;
}

describe("checkRedisEviction", () => {
  it("says nothing without REDIS_URL (the in-process store)", async () => {
    expect(await findingFor(undefined)).toEqual([]);
  });
});

describe.runIf(shouldTestWithRedis)("checkRedisEviction against redis-server", () => {
  it("is ✓ for noeviction, Redis's default", async () => {
    const [finding] = await findingFor([]);
    expect(finding).toMatchObject({ id: "redis_eviction", level: "ok" });
  });

  it("is ✗ for allkeys-lru, naming the policy and the fix", async () => {
    const [finding] = await findingFor(["--maxmemory-policy", "allkeys-lru"]);
    expect(finding).toMatchObject({ level: "fail", fix: expect.stringContaining("noeviction") });
    expect(finding.message).toContain("allkeys-lru");
  });

  it("is ✗ for volatile-lru too: every key of ours has a TTL", async () => {
    const [finding] = await findingFor(["--maxmemory-policy", "volatile-lru"]);
    expect(finding.level).toBe("fail");
  });

  it("is ⚠ when CONFIG is refused, as on managed Redis", async () => {
    const [finding] = await findingFor(["--rename-command", "CONFIG", ""]);
    expect(finding).toMatchObject({ level: "warn", message: expect.stringContaining("CONFIG") });
  });

  it("is ✗ when REDIS_URL does not answer", async () => {
    const findings = [];
    const redisUrl = `redis://127.0.0.1:${await freePort()}`;
    await checkRedisEviction({ config: { redisUrl }, add: (finding) => findings.push(finding) });
    expect(findings[0]).toMatchObject({ level: "fail", fix: "check REDIS_URL" });
  });
});
