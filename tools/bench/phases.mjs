import { measureClientJs } from "./client-js.mjs";
import { djangoApi, PASSWORD, uniqueName } from "./django-api.mjs";
import { browserHeaders, request, signIn } from "./http-client.mjs";
import { measureMiddleware } from "./middleware-cost.mjs";
import { LATENCY_ACCESS_LIFETIME_S, NEXTAUTH_SECRET, REFRESH_ACCESS_LIFETIME_S } from "./plan.mjs";
import { stopProcess, treeRssMb } from "./processes.mjs";
import { measureLatency, measureThroughput, PAYLOADS, routes } from "./proxy-latency.mjs";
import { measureRefreshStorms } from "./refresh-load.mjs";
import { startDjango, startNext, startRedis } from "./servers.mjs";
import { runSustainedMix } from "./sustained-mix.mjs";

export function nextEnv({ apiUrl, appUrl, extra = {} }) {
  return {
    DJANGO_API_URL: apiUrl,
    DJANGO_USER_PATH: "me/",
    NEXTAUTH_URL: appUrl,
    NEXTAUTH_SECRET,
    NEXT_TELEMETRY_DISABLED: "1",
    ...extra,
  };
}

/** Phase 1: long-lived tokens; direct vs floor vs recipe vs proxy, the middleware, client JS. */
export async function measureRequestPath({ wsgi, ports, dbPath, appDir, plan, log, sections }) {
  const django = await startDjango({
    wsgi,
    port: ports.django,
    dbPath,
    accessLifetimeS: LATENCY_ACCESS_LIFETIME_S,
  });
  const api = djangoApi(django.apiUrl);
  const username = uniqueName("bench");
  await api.createUser(username);
  const accessToken = await api.accessToken(username);
  const appUrl = `http://127.0.0.1:${ports.apps[0]}`;
  const extra = { BENCH_FLOOR_TOKEN: accessToken };
  const next = await startNext({
    appDir,
    port: ports.apps[0],
    env: nextEnv({ apiUrl: django.apiUrl, appUrl, extra }),
  });
  const jar = await signIn(appUrl, username, PASSWORD);
  const allRoutes = routes({ apiUrl: django.apiUrl, appUrl, accessToken, cookie: jar.header() });

  const errors = [];
  const latency = {};
  const throughput = {};
  for (const [name, payload] of sections.has("proxy") ? Object.entries(PAYLOADS) : []) {
    log(`  ${name}: ${plan.latency.rounds} interleaved requests per route at c=1…`);
    latency[name] = await measureLatency(allRoutes, payload, plan.latency, errors);
    throughput[name] = {};
    for (const concurrency of plan.throughput.concurrencies) {
      log(`  ${name}: throughput at c=${concurrency}…`);
      throughput[name][concurrency] = await measureThroughput(
        allRoutes,
        payload,
        { ...plan.throughput, concurrency },
        errors,
      );
    }
  }
  let middleware;
  if (sections.has("middleware")) {
    log("  middleware: guarded vs unguarded probe, and /dashboard…");
    middleware = await measureMiddleware({ appUrl, jar, ...plan.middleware });
  }
  let clientJs;
  if (sections.has("client")) {
    const dashboard = await request(`${appUrl}/dashboard`, { headers: browserHeaders(jar) });
    clientJs = await measureClientJs(appDir, dashboard.body.toString("utf8"));
  }

  await stopProcess(next.proc);
  await stopProcess(django.proc);
  return { latency, throughput, middleware, clientJs, errors };
}

/** Phase 2: short-lived tokens; refresh storms on one instance and on two sharing Redis, the mix. */
export async function measureRefresh({ wsgi, ports, dbPath, appDir, plan, log, sections }) {
  const django = await startDjango({
    wsgi,
    port: ports.django,
    dbPath,
    accessLifetimeS: REFRESH_ACCESS_LIFETIME_S,
  });
  const api = djangoApi(django.apiUrl);
  const storms = {};

  const appUrl = `http://127.0.0.1:${ports.apps[0]}`;
  let next = await startNext({
    appDir,
    port: ports.apps[0],
    env: nextEnv({ apiUrl: django.apiUrl, appUrl }),
  });
  if (sections.has("storms")) {
    log("  refresh storms on one instance…");
    storms["one instance"] = await measureRefreshStorms({
      appUrls: [appUrl],
      django: api,
      ...plan.storms,
    });
  }
  let mix;
  if (sections.has("mix")) {
    log(`  sustained mix for ${plan.mix.durationMs / 1000} s…`);
    const heapBefore = await heapAfterGc(appUrl);
    mix = await runSustainedMix({
      appUrl,
      django: api,
      ...plan.mix,
      rss: () => treeRssMb(next.proc.child.pid),
    });
    const heapAfter = await heapAfterGc(appUrl);
    mix = { ...mix, heapMbAfterGcBefore: heapBefore, heapMbAfterGcAfter: heapAfter };
  }
  await stopProcess(next.proc);
  if (!sections.has("storms")) {
    await stopProcess(django.proc);
    return { storms, mix };
  }

  const redis = await startRedis(ports.redis);
  const shared = [];
  for (const port of ports.apps) {
    const url = `http://127.0.0.1:${port}`;
    const env = nextEnv({ apiUrl: django.apiUrl, appUrl: url, extra: { REDIS_URL: redis.url } });
    next = await startNext({ appDir, port, env });
    shared.push({ url, proc: next.proc });
  }
  log("  refresh storms over two instances sharing Redis…");
  storms["two instances + Redis"] = await measureRefreshStorms({
    appUrls: shared.map((instance) => instance.url),
    django: api,
    ...plan.storms,
  });
  for (const instance of shared) await stopProcess(instance.proc);
  await stopProcess(redis.proc);
  await stopProcess(django.proc);
  return { storms, mix };
}

/** The server's V8 heap in use after a full collection, in MB (null if gc is not exposed). */
async function heapAfterGc(appUrl) {
  const response = await request(`${appUrl}/api/bench-memory`);
  const memory = JSON.parse(response.body.toString("utf8"));
  return memory.collected ? memory.heapUsedMb : null;
}
