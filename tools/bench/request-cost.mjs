// `node tools/bench/request-cost.mjs [--port-offset N] [--requests N] [--concurrency N]
// [--baseline REF]`: the CPU one request costs, by kind, on one warm `next start` instance with
// Redis (REDIS_URL) and the bundled Django (gunicorn when installed). Each kind runs 3 times (N
// requests after 100 unmeasured ones, at the given concurrency); the CPU comes from /proc
// (cpu-meter.mjs), so another process on the machine does not count. The load benchmark's rounds
// are made of these requests. With `--baseline REF` (a commit), the app as it was there runs
// beside the working tree's, on the same Django and Redis, and each run of a kind goes to both in
// turn (alternating which goes first): a change's cost measured under the same conditions.
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

import { REPO_ROOT } from "../../scripts/lib/paths.mjs";
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
    baseline: { type: "string" },
  },
});
const offset = Number(values["port-offset"]);
const N = Number(values.requests);
const C = Number(values.concurrency);
const REPEATS = 3;
const ports = { django: 8765 + offset, app: 3100 + offset, redis: 6391 + offset };
const apiUrl = `http://127.0.0.1:${ports.django}/api`;
const dataDir = path.join(os.tmpdir(), `request-cost-${process.pid}`);
/** The builds measured: the working tree's, and the baseline's with --baseline. */
const apps = [{ name: "current", root: REPO_ROOT, port: ports.app }];
let worktree;

try {
  await mkdir(dataDir, { recursive: true });
  if (values.baseline) {
    worktree = await mkdtemp(path.join(os.tmpdir(), "request-cost-baseline-"));
    git("worktree", "add", "--detach", worktree, values.baseline);
    apps.push({ name: `baseline ${values.baseline}`, root: worktree, port: ports.app + 1 });
  }
  const wsgi = await chooseWsgiServer();
  const django = await startDjango({
    wsgi,
    port: ports.django,
    dbPath: path.join(dataDir, "db.sqlite3"),
    accessLifetimeS: 3600,
  });
  const redis = await startRedis(ports.redis);
  for (const app of apps) {
    app.url = `http://127.0.0.1:${app.port}`;
    const env = nextEnv({ apiUrl, appUrl: app.url });
    app.dir = await copyApp(undefined, app.root);
    await buildApp(app.dir, { ...process.env, ...env });
    app.next = await startNext({
      appDir: app.dir,
      port: app.port,
      env: { ...env, REDIS_URL: redis.url, AUTH_TRUSTED_PROXY_HOPS: "0" },
    });
    Object.assign(app, await prepareSessions(app.url));
  }
  const results = {};
  for (let repeat = 0; repeat < REPEATS; repeat++) {
    for (const kind of Object.keys(apps[0].kinds)) {
      const order = repeat % 2 ? [...apps].reverse() : apps;
      for (const app of order) {
        const entry = await measure(app, app.kinds[kind], django.proc.child.pid);
        const byApp = (results[kind] ??= {});
        (byApp[app.name] ??= []).push(entry);
      }
    }
  }
  const cpuMsPerRequest =
    apps.length === 1
      ? Object.fromEntries(Object.entries(results).map(([kind, byApp]) => [kind, byApp.current]))
      : results;
  console.log(JSON.stringify({ requests: N, concurrency: C, cpuMsPerRequest }, null, 2));
} finally {
  await stopAll();
  for (const app of apps) if (app.dir) await rm(app.dir, { recursive: true, force: true });
  if (worktree) git("worktree", "remove", "--force", worktree);
  await rm(dataDir, { recursive: true, force: true });
}

/** A user signed in on `appUrl`, the cookies each kind needs, and the kinds themselves. */
async function prepareSessions(appUrl) {
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
  let toSignIn = REPEATS * (100 + N);
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
  return { kinds };
}

/** 100 unmeasured requests of a kind, then N measured: CPU per request of the app and Django. */
async function measure(app, send, djangoPid) {
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
  const pid = app.next.proc.child.pid;
  const [nextBefore, djangoBefore] = [treeCpuSeconds(pid), treeCpuSeconds(djangoPid)];
  const startUs = monotonicUs();
  await run(N);
  return {
    nextMs: round(((treeCpuSeconds(pid) - nextBefore) * 1000) / N),
    djangoMs: round(((treeCpuSeconds(djangoPid) - djangoBefore) * 1000) / N),
    statuses,
    // With BENCH_NEXT_NODE_ARGS="--cpu-prof …": where this run sits on the profile's clock.
    ...(process.env.BENCH_NEXT_NODE_ARGS ? { profileUs: [startUs, monotonicUs()] } : {}),
  };
}

function git(...args) {
  execFileSync("git", args, { cwd: REPO_ROOT, stdio: "ignore" });
}

/** CLOCK_MONOTONIC in µs: the clock of V8's CPU profiles, so their samples can be cut by run. */
function monotonicUs() {
  return Number(process.hrtime.bigint() / 1000n);
}

function round(value) {
  return Math.round(value * 100) / 100;
}
