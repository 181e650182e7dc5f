// `node tools/bench/request-cost.mjs [--port-offset N] [--requests N] [--concurrency N]`: the CPU
// one request costs, by kind, on one warm `next start` instance with Redis (REDIS_URL) and the
// bundled Django (gunicorn when installed). Each kind runs 3 times (N requests after 100 unmeasured
// ones, at the given concurrency); the CPU comes from /proc (cpu-meter.mjs), so another process
// on the machine does not count. The load benchmark's rounds are made of these requests.
import { mkdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

import { buildApp, copyApp } from "./app-copy.mjs";
import { treeCpuSeconds } from "./cpu-meter.mjs";
import { djangoApi, PASSWORD, uniqueName } from "./django-api.mjs";
import { browserHeaders, CookieJar, request, signIn, sleep } from "./http-client.mjs";
import { nextEnv } from "./phases.mjs";
import { stopAll } from "./processes.mjs";
import { chooseWsgiServer, startDjango, startNext, startRedis } from "./servers.mjs";

const { values } = parseArgs({
  options: {
    "port-offset": { type: "string", default: "700" },
    requests: { type: "string", default: "600" },
    concurrency: { type: "string", default: "20" },
  },
});
const offset = Number(values["port-offset"]);
const N = Number(values.requests);
const C = Number(values.concurrency);
const ports = { django: 8765 + offset, app: 3100 + offset, redis: 6391 + offset };
const apiUrl = `http://127.0.0.1:${ports.django}/api`;
const appUrl = `http://127.0.0.1:${ports.app}`;
const env = nextEnv({ apiUrl, appUrl });
const dataDir = path.join(os.tmpdir(), `request-cost-${process.pid}`);
let appDir;

try {
  await mkdir(dataDir, { recursive: true });
  appDir = await copyApp();
  await buildApp(appDir, { ...process.env, ...env });
  const wsgi = await chooseWsgiServer();
  const django = await startDjango({
    wsgi,
    port: ports.django,
    dbPath: path.join(dataDir, "db.sqlite3"),
    accessLifetimeS: 3600,
  });
  const redis = await startRedis(ports.redis);
  const next = await startNext({
    appDir,
    port: ports.app,
    env: { ...env, REDIS_URL: redis.url, AUTH_TRUSTED_PROXY_HOPS: "0" },
  });
  const username = uniqueName("cost");
  await djangoApi(apiUrl).createUser(username);
  const signedIn = await signIn(appUrl, username, PASSWORD);
  const oldCookie = signedIn.header();
  // One rotation (Django refused the access token, past its 5 s grace): from now on the sign-in
  // cookie is answered "reused" with a new cookie, and the rotated one "fresh".
  await sleep(5_200);
  const rotation = await request(`${appUrl}/api/auth/refresh`, {
    method: "POST",
    headers: browserHeaders(signedIn, { origin: appUrl, "content-type": "application/json" }),
    body: Buffer.from('{"accessRejected":true}'),
  });
  const jar = new CookieJar();
  jar.store(rotation);
  // Sessions whose every refresh is a rotation: signed in now, refreshed once each past the grace
  // in which a just-issued access token counts as fresh even when Django refused it.
  const unrotated = [];
  let toSignIn = 3 * (100 + N);
  const signInOne = async () => {
    while (toSignIn-- > 0) unrotated.push((await signIn(appUrl, username, PASSWORD)).header());
  };
  await Promise.all(Array.from({ length: C }, signInOne));
  await sleep(5_200);
  /** The rotated kind's new cookies, each used once by the kind after it. */
  const rotated = [];
  const refresh = (cookie) =>
    request(`${appUrl}/api/auth/refresh`, {
      method: "POST",
      headers: { cookie, "sec-fetch-site": "same-origin", origin: appUrl },
    });
  const kinds = {
    "a route that answers 'ok' (Next's own cost)": () => request(`${appUrl}/api/bench-probe`),
    "refresh without a cookie (401)": () => refresh(""),
    "refresh, fresh (no cookie written)": () => refresh(jar.header()),
    "refresh, reused (a new cookie written)": () => refresh(oldCookie),
    "refresh, rotated (one call to Django, a new cookie written)": async () => {
      const response = await request(`${appUrl}/api/auth/refresh`, {
        method: "POST",
        headers: {
          cookie: unrotated.pop(),
          "sec-fetch-site": "same-origin",
          origin: appUrl,
          "content-type": "application/json",
        },
        body: Buffer.from('{"accessRejected":true}'),
      });
      const renewed = new CookieJar();
      renewed.store(response);
      rotated.push(renewed);
      return response;
    },
    "the cookie opened and sealed again (bench-reseal)": () =>
      request(`${appUrl}/api/bench-reseal`, {
        method: "POST",
        headers: browserHeaders(jar, { origin: appUrl }),
      }),
    "proxied GET me/": () => request(`${appUrl}/api/django/me/`, { headers: browserHeaders(jar) }),
    "proxied GET me/, a rotated cookie's first use (marked seen)": () =>
      request(`${appUrl}/api/django/me/`, { headers: browserHeaders(rotated.pop()) }),
  };
  const pid = next.proc.child.pid;
  const djangoPid = django.proc.child.pid;
  const results = {};
  for (let repeat = 0; repeat < 3; repeat++) {
    for (const [name, send] of Object.entries(kinds)) {
      const statuses = {};
      const run = async (n) => {
        let sent = 0;
        const worker = async () => {
          while (sent++ < n) {
            const { status } = await send();
            statuses[status] = (statuses[status] ?? 0) + 1;
          }
        };
        await Promise.all(Array.from({ length: C }, worker));
      };
      await run(100);
      const [nextBefore, djangoBefore] = [treeCpuSeconds(pid), treeCpuSeconds(djangoPid)];
      const startUs = monotonicUs();
      await run(N);
      (results[name] ??= []).push({
        nextMs: round(((treeCpuSeconds(pid) - nextBefore) * 1000) / N),
        djangoMs: round(((treeCpuSeconds(djangoPid) - djangoBefore) * 1000) / N),
        statuses,
        // With BENCH_NEXT_NODE_ARGS="--cpu-prof …": where this run sits on the profile's clock.
        ...(process.env.BENCH_NEXT_NODE_ARGS ? { profileUs: [startUs, monotonicUs()] } : {}),
      });
    }
  }
  console.log(JSON.stringify({ requests: N, concurrency: C, cpuMsPerRequest: results }, null, 2));
} finally {
  await stopAll();
  if (appDir) await rm(appDir, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
}

/** CLOCK_MONOTONIC in µs: the clock of V8's CPU profiles, so their samples can be cut by run. */
function monotonicUs() {
  return Number(process.hrtime.bigint() / 1000n);
}

function round(value) {
  return Math.round(value * 100) / 100;
}
