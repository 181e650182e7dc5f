import type { ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { shouldTestWithRedis } from "@/tests/support/redis-server";
import { freePort, startRedisServer, stopProcess } from "@/tests/support/redis-process";
import { createRedisProbe, toEvictionRisk, type RedisProbe } from "./redis-probe";

const TIMEOUT_MS = 300;
let port = 0;
let server: ChildProcess | undefined;
let probe: RedisProbe;

beforeAll(async () => {
  if (!shouldTestWithRedis) return;
  port = await freePort();
  server = await startRedisServer(port);
  probe = createRedisProbe(`redis://127.0.0.1:${port}`, TIMEOUT_MS);
});

afterAll(async () => {
  probe?.close();
  if (server) await stopProcess(server);
});

async function timed<T>(work: Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work;
  return { result, ms: performance.now() - started };
}

describe.runIf(shouldTestWithRedis)("createRedisProbe", () => {
  it("answers ok while redis-server answers PING", async () => {
    expect(await probe.ping()).toEqual({ ok: true });
    expect(await probe.ping()).toEqual({ ok: true }); // The same client, reused.
  });

  it("reports a frozen Redis within its timeout", async () => {
    server!.kill("SIGSTOP");
    try {
      const { result, ms } = await timed(probe.ping());
      expect(result).toEqual({ ok: false, reason: "timeout" });
      expect(ms).toBeLessThan(TIMEOUT_MS + 500);
    } finally {
      server!.kill("SIGCONT");
    }
    await vi.waitFor(async () => expect(await probe.ping()).toEqual({ ok: true }), {
      timeout: 5_000,
      interval: 100,
    });
  });

  it("reports a killed Redis at once, and recovers when it is back", async () => {
    await stopProcess(server!);
    await vi.waitFor(async () => expect((await probe.ping()).ok).toBe(false), { timeout: 2_000 });
    const { result, ms } = await timed(probe.ping());
    expect(result).toEqual({ ok: false, reason: "network" });
    expect(ms).toBeLessThan(100); // No offline queue: it does not wait for a reconnect.

    server = await startRedisServer(port);
    await vi.waitFor(async () => expect(await probe.ping()).toEqual({ ok: true }), {
      timeout: 5_000,
      interval: 100,
    });
  });

  it("reports a Redis that never came up within its timeout", async () => {
    const nowhere = createRedisProbe(`redis://127.0.0.1:${await freePort()}`, TIMEOUT_MS);
    try {
      const { result, ms } = await timed(nowhere.ping());
      expect(result.ok).toBe(false);
      expect(ms).toBeLessThan(TIMEOUT_MS + 500);
    } finally {
      nowhere.close();
    }
  });
});

describe("toEvictionRisk", () => {
  it("counts only noeviction safe: every key of ours has a TTL, so volatile-* evicts them too", () => {
    expect(toEvictionRisk("noeviction")).toBe("none");
    for (const policy of [
      "allkeys-lru",
      "allkeys-lfu",
      "allkeys-random",
      "volatile-lru",
      "volatile-ttl",
    ])
      expect(toEvictionRisk(policy), policy).toBe("may_evict");
    expect(toEvictionRisk(undefined)).toBe("unknown");
  });
});

describe.runIf(shouldTestWithRedis)("readEvictionRisk against redis-server", () => {
  async function riskOf(extraArgs: string[]) {
    const redisPort = await freePort();
    const redis = await startRedisServer(redisPort, extraArgs);
    const redisProbe = createRedisProbe(`redis://127.0.0.1:${redisPort}`, TIMEOUT_MS);
    try {
      expect(await redisProbe.ping()).toEqual({ ok: true });
      return await redisProbe.readEvictionRisk();
    } finally {
      redisProbe.close();
      await stopProcess(redis);
    }
  }

  it("reads noeviction (Redis's default) as no risk", async () => {
    expect(await riskOf([])).toBe("none");
  });

  it("reads allkeys-lru as may_evict", async () => {
    expect(await riskOf(["--maxmemory-policy", "allkeys-lru"])).toBe("may_evict");
  });

  it("reads a refused CONFIG (managed Redis) as unknown, not a failure", async () => {
    expect(await riskOf(["--rename-command", "CONFIG", ""])).toBe("unknown");
  });

  it("is unknown before any connection", async () => {
    const unused = createRedisProbe(`redis://127.0.0.1:${await freePort()}`, TIMEOUT_MS);
    expect(await unused.readEvictionRisk()).toBe("unknown");
    unused.close();
  });
});
