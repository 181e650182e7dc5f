import type { ChildProcess } from "node:child_process";
import { createServer, type Server, type ServerResponse } from "node:http";
import { createServer as createTcpServer, type AddressInfo, type Socket } from "node:net";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { AuthConfig } from "@/lib/engine/config";
import { installTestEngine } from "@/lib/engine/test-engine";
import { freePort, startRedisServer, stopProcess } from "@/tests/support/redis-process";
import { shouldTestWithRedis } from "@/tests/support/redis-server";
import { checkHealth, createHealthCheck } from "./check-health";
import type { EvictionRisk, RedisProbe } from "./redis-probe";

const TIMEOUT_MS = 400;
const servers: Server[] = [];
const held: ServerResponse[] = [];

afterEach(async () => {
  for (const response of held.splice(0)) response.destroy();
  await Promise.all(servers.splice(0).map((server) => new Promise((done) => server.close(done))));
  vi.restoreAllMocks();
});

/** A real HTTP server standing in for Django; `status: "never"` accepts and never answers. */
async function startDjango(status: number | "never") {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(request.url ?? "");
    if (status === "never") return void held.push(response);
    response.writeHead(status, { "Content-Type": "text/html" }).end("<h1>Not Found</h1>");
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { apiUrl: `http://127.0.0.1:${port}/api`, requests };
}

const redisAnswering = (ok: boolean, eviction: EvictionRisk = "none"): RedisProbe => ({
  ping: async () => (ok ? { ok: true } : { ok: false, reason: "network" }),
  readEvictionRisk: async () => eviction,
  close: () => undefined,
});

async function timedCheck(apiUrl: string, redis: RedisProbe | null = null) {
  vi.spyOn(console, "info").mockImplementation(() => undefined);
  const store = redis ? "redis" : "memory";
  const check = createHealthCheck({ djangoApiUrl: apiUrl, store, redis, timeoutMs: TIMEOUT_MS });
  const started = performance.now();
  const report = await check();
  return { report, ms: performance.now() - started };
}

describe("createHealthCheck", () => {
  it("counts Django up when its API root answers 404, and asks for the root", async () => {
    const django = await startDjango(404);
    const { report } = await timedCheck(django.apiUrl);
    expect(report).toEqual({
      status: "ok",
      django: "ok",
      redis: "not_configured",
      store: "memory",
      storeShared: false,
    });
    expect(django.requests).toEqual(["/api/"]);
  });

  it("counts Django down when it answers 500", async () => {
    const django = await startDjango(500);
    const { report } = await timedCheck(django.apiUrl, redisAnswering(true));
    expect(report).toEqual({
      status: "unavailable",
      django: "unavailable",
      redis: "ok",
      store: "redis",
      storeShared: true,
      redisEviction: "none",
    });
  });

  it("counts Django down when nothing listens on its port", async () => {
    const { report } = await timedCheck(`http://127.0.0.1:${await freePort()}/api`);
    expect(report).toMatchObject({ status: "unavailable", django: "unavailable" });
  });

  it("gives up on a Django that never answers within the timeout", async () => {
    const django = await startDjango("never");
    const { report, ms } = await timedCheck(django.apiUrl);
    expect(report).toMatchObject({ status: "unavailable", django: "unavailable" });
    expect(django.requests).toHaveLength(1);
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 50);
    expect(ms).toBeLessThan(TIMEOUT_MS + 1_000);
  });

  it("names Redis when Redis is the part that is down", async () => {
    const django = await startDjango(404);
    const { report } = await timedCheck(django.apiUrl, redisAnswering(false));
    // Whether it may evict is unknown while it is down: the field is left out.
    expect(report).toEqual({
      status: "unavailable",
      django: "ok",
      redis: "unavailable",
      store: "redis",
      storeShared: true,
    });
  });

  it("reports a Redis Cluster's state, and one that fails as Redis unavailable", async () => {
    const django = await startDjango(404);
    vi.spyOn(console, "info").mockImplementation(() => undefined);
    let state: "ok" | "fail" = "ok";
    const probe = { ...redisAnswering(true), readClusterState: async () => state };
    const check = createHealthCheck({
      djangoApiUrl: django.apiUrl,
      store: "redis-cluster",
      redis: probe,
      timeoutMs: 400,
    });
    expect(await check()).toMatchObject({ status: "ok", redis: "ok", redisCluster: "ok" });
    state = "fail";
    expect(await check()).toMatchObject({
      status: "unavailable",
      redis: "unavailable",
      redisCluster: "fail",
      storeShared: true,
    });
    const events = vi.mocked(console.info).mock.calls.map(([line]) => JSON.parse(String(line)));
    expect(events).toContainEqual({
      event: "health.unavailable",
      part: "redis",
      reason: "cluster_fail",
    });
  });

  it("stays ok but warns, once, of a Redis that may evict our records", async () => {
    const django = await startDjango(404);
    vi.spyOn(console, "info").mockImplementation(() => undefined);
    const probe = redisAnswering(true, "may_evict");
    const check = createHealthCheck({
      djangoApiUrl: django.apiUrl,
      store: "redis",
      redis: probe,
      timeoutMs: 400,
    });
    expect(await check()).toMatchObject({ status: "ok", redis: "ok", redisEviction: "may_evict" });
    expect(await check()).toMatchObject({ status: "ok", redisEviction: "may_evict" });
    const events = vi.mocked(console.info).mock.calls.map(([line]) => JSON.parse(String(line)));
    expect(events).toEqual([
      { event: "health.redis_may_evict", fix: "CONFIG SET maxmemory-policy noeviction" },
    ]);
  });

  it("says what a full memory store does: near full, then evicting (logged once per new loss)", async () => {
    const django = await startDjango(404);
    vi.spyOn(console, "info").mockImplementation(() => undefined);
    const usage = { sessions: 50, maxSessions: 100, evictedLive: 0 };
    const check = createHealthCheck({
      djangoApiUrl: django.apiUrl,
      store: "memory",
      redis: null,
      timeoutMs: 400,
      memoryStoreUsage: () => usage,
    });
    expect(await check()).toMatchObject({ status: "ok", memoryStore: "ok" });
    usage.sessions = 90;
    expect(await check()).toMatchObject({ status: "ok", memoryStore: "near_full" });
    usage.evictedLive = 3;
    expect(await check()).toMatchObject({ status: "ok", memoryStore: "evicting" });
    expect(await check()).toMatchObject({ memoryStore: "evicting" });
    const events = vi.mocked(console.info).mock.calls.map(([line]) => JSON.parse(String(line)));
    expect(events).toEqual([
      {
        event: "health.memory_store_evicting",
        evictedSessions: 3,
        lost: "reuse detection and end marks of the evicted sessions",
        fix: "raise AUTH_MEMORY_STORE_MAX_SESSIONS or set REDIS_URL",
      },
    ]);
  });

  it("logs why a part is down, without its URL", async () => {
    const django = await startDjango(503);
    const { report } = await timedCheck(django.apiUrl);
    expect(report.django).toBe("unavailable");
    const lines = vi.mocked(console.info).mock.calls.map(([line]) => String(line));
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([
      { event: "health.unavailable", part: "django", reason: "server_error", status: 503 },
    ]);
    expect(lines.join("\n")).not.toContain("127.0.0.1");
  });

  it("logs a Redis that is down, as it does Django", async () => {
    const django = await startDjango(404);
    await timedCheck(django.apiUrl, redisAnswering(false));
    const lines = vi.mocked(console.info).mock.calls.map(([line]) => JSON.parse(String(line)));
    expect(lines).toEqual([{ event: "health.unavailable", part: "redis", reason: "network" }]);
  });

  it("lets concurrent callers share one check", async () => {
    const django = await startDjango(404);
    const check = createHealthCheck({
      djangoApiUrl: django.apiUrl,
      store: "memory",
      redis: null,
      timeoutMs: 500,
    });
    const reports = await Promise.all(Array.from({ length: 5 }, () => check()));
    expect(reports.every((report) => report.status === "ok")).toBe(true);
    expect(django.requests).toHaveLength(1);
    await check(); // A later call checks again.
    expect(django.requests).toHaveLength(2);
  });
});

/** A TCP server that accepts connections and never answers: a Redis frozen mid-way. */
async function startSilentServer() {
  const sockets: Socket[] = [];
  const server = createTcpServer((socket) => void sockets.push(socket));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const stop = () => {
    for (const socket of sockets) socket.destroy();
    return new Promise((done) => server.close(done));
  };
  return { url: `redis://127.0.0.1:${port}`, stop };
}

describe("checkHealth: the engine's own check", () => {
  let redis: ChildProcess | undefined;

  afterEach(async () => {
    installTestEngine(); // Closes the probe of the engine a test installed.
    if (redis) await stopProcess(redis);
    redis = undefined;
  });

  function installWith(apiUrl: string, store: AuthConfig["store"]) {
    installTestEngine((config) => ({ ...config, django: { ...config.django, apiUrl }, store }));
  }

  it("checks the settings' Django, and the in-process store's use, with no Redis", async () => {
    const django = await startDjango(404);
    installWith(django.apiUrl, { kind: "memory", maxSessions: 10 });
    const usage = { sessions: 9, maxSessions: 10, evictedLive: 0 };
    expect(await checkHealth(() => usage)).toEqual({
      status: "ok",
      django: "ok",
      redis: "not_configured",
      store: "memory",
      storeShared: false,
      memoryStore: "near_full",
    });
    expect(django.requests).toEqual(["/api/"]);
  });

  it.runIf(shouldTestWithRedis)("probes the settings' Redis with the client it keeps", async () => {
    const django = await startDjango(404);
    const port = await freePort();
    redis = await startRedisServer(port);
    installWith(django.apiUrl, { kind: "redis", url: `redis://127.0.0.1:${port}` });
    const expected = {
      status: "ok",
      django: "ok",
      redis: "ok",
      store: "redis",
      storeShared: true,
      redisEviction: "none",
    };
    expect(await checkHealth()).toEqual(expected);
    expect(await checkHealth()).toEqual(expected);
  });

  it("gives a frozen Redis, one server or a cluster's nodes, half the check's 2 s", async () => {
    vi.spyOn(console, "info").mockImplementation(() => undefined);
    const django = await startDjango(404);
    const frozen = await startSilentServer();
    try {
      const stores: AuthConfig["store"][] = [
        { kind: "redis", url: frozen.url },
        { kind: "redis-cluster", urls: [frozen.url] },
      ];
      for (const store of stores) {
        installWith(django.apiUrl, store);
        const started = performance.now();
        const report = await checkHealth();
        expect(report).toMatchObject({ status: "unavailable", redis: "unavailable" });
        expect(report.store).toBe(store.kind);
        // The probe's own 1 s, once: well inside a readiness probe's 3 s.
        expect(performance.now() - started).toBeLessThan(1_900);
      }
    } finally {
      await frozen.stop();
    }
  });
});
