// `npm run bench -- --load`: many sessions through a round-robin balancer in front of three
// `next start` instances sharing Redis, Django on PostgreSQL behind gunicorn, as production runs
// them. Each round waits for every session's access token to expire, then lets each session's tabs
// refresh at once and call Django through the proxy; a floor round does the same work without the
// template (one rotation per session straight at Django, the same proxied calls with fresh tokens),
// and a second floor adds what each tab's refresh costs through Next at the least (the request and
// the session cookie opened and sealed again). Each phase reports the CPU each process spent.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";

import { isPortFree, PortInUseError } from "../../scripts/lib/django.mjs";
import { cpuMeter } from "./cpu-meter.mjs";
import { PASSWORD, uniqueName } from "./django-api.mjs";
import {
  browserHeaders,
  json,
  request,
  resentRequests,
  signIn,
  waitUntil,
} from "./http-client.mjs";
import { nextEnv } from "./phases.mjs";
import { percentile, round } from "./stats.mjs";
import { HOST, startDjango, startNext, startRedis, startRedisCluster } from "./servers.mjs";

/**
 * Access tokens live long enough for every session to sign in, and both floors to run, before
 * they expire: 90 s, and a seventh of a second per session beyond 630.
 */
const accessLifetimeS = (sessions) => Math.max(90, Math.ceil(sessions / 7));
/** Requests in flight at once, across all sessions (a busy site's concurrency, on 2 cores). */
const IN_FLIGHT = 200;
const GUNICORN_WORKERS = 3;
/**
 * The floors' calls straight at Django: idle connections close after 2 s, before gunicorn's 5 s
 * keep-alive does (reusing one it has just closed is a "socket hang up", as issue 24 item 4 saw).
 */
const toDjango = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT, timeout: 2_000 });

export async function measureLoad({
  wsgi,
  ports,
  appDir,
  dataDir,
  log,
  sessions,
  tabs,
  expiries,
  cluster = false,
  tabsShareRefresh = false,
}) {
  if (!wsgi.isGunicorn) throw new Error("--load needs gunicorn (python3-gunicorn)");
  const postgres = startPostgres(ports.postgres);
  try {
    const django = await startDjango({
      wsgi,
      port: ports.django,
      dbPath: path.join(dataDir, "unused.sqlite3"),
      accessLifetimeS: accessLifetimeS(sessions),
      workers: GUNICORN_WORKERS,
      extraEnv: { DJANGO_DB_HOST: HOST, DJANGO_DB_PORT: String(ports.postgres) },
    });
    const store = cluster ? await startCluster(ports, dataDir) : await startSingle(ports);
    const balancerUrl = `http://${HOST}:${ports.balancer}`;
    const instances = [];
    for (const port of ports.loadApps) {
      const env = nextEnv({
        apiUrl: django.apiUrl,
        appUrl: balancerUrl,
        extra: { ...store.env, AUTH_TRUSTED_PROXY_HOPS: "0" },
      });
      instances.push(await startNext({ appDir, port, env }));
    }
    // The instances' warnings, counted by their first line, and each refused refresh's own log
    // line (auth.refresh on stdout): what a refused refresh ran into.
    const warnings = {};
    for (const { proc } of instances) {
      createInterface({ input: proc.child.stderr }).on("line", (line) => {
        const what = line.startsWith("[auth] ") ? line.slice(7, 100) : null;
        if (what) warnings[what] = (warnings[what] ?? 0) + 1;
      });
      createInterface({ input: proc.child.stdout }).on("line", (line) => {
        if (!line.startsWith('{"event":"auth.refresh"')) return;
        const { outcome, djangoMs } = JSON.parse(line);
        if (outcome !== "upstream_unavailable") return;
        // Django's rotation not back (a timeout, an error), or none made by this caller's flight.
        const what = `refused: ${djangoMs === null ? "no Django call" : "Django called"}`;
        warnings[what] = (warnings[what] ?? 0) + 1;
      });
    }
    const balancer = await startBalancer(ports.balancer, ports.loadApps);
    const redisBefore = store.usedMemory();
    const cpu = cpuMeter(() => ({
      ...Object.fromEntries(
        instances.map((instance, i) => [`next${i + 1}`, instance.proc.child.pid]),
      ),
      django: django.proc.child.pid,
      postgres: postgres.pid(),
      redis: store.pid,
    }));

    log(`  ${sessions} users, signed in through the balancer…`);
    const users = Array.from({ length: sessions }, () => uniqueName("load"));
    await inParallel(users, 20, async (username) => {
      const answer = await request(`${django.apiUrl}/_test/users/`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: Buffer.from(JSON.stringify({ username, password: PASSWORD })),
      });
      if (answer.status !== 201) throw new Error(`creating ${username}: ${answer.status}`);
    });
    // The floor's own refresh tokens, from simplejwt's login straight at Django.
    const direct = await inParallel(users, 20, async (username) => {
      const login = await request(`${django.apiUrl}/token/`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: Buffer.from(JSON.stringify({ username, password: PASSWORD })),
      });
      return json(login).refresh;
    });
    const signedIn = await inParallel(users, 20, async (username) => ({
      username,
      jar: await signIn(balancerUrl, username, PASSWORD),
    }));
    let issuedBy = Date.now(); // Every session's access token was issued by then.

    log("  the floor: one rotation per session straight at Django, the same proxied calls…");
    let before = cpu.take();
    let commandsBefore = store.commands();
    const floorStarted = monotonicUs();
    const floor = await floorRound(django.apiUrl, balancerUrl, signedIn, direct, tabs);
    if (isProfiling) floor.monotonicUs = [floorStarted, monotonicUs()];
    floor.cpu = cpu.since(before).cpuSeconds;
    floor.redisCommands = commandsSince(commandsBefore, store.commands());

    // The new refresh tokens from the floor's rotations: the second floor rotates those.
    log("  the floor with each tab's hop through Next (the cookie opened and sealed again)…");
    before = cpu.take();
    commandsBefore = store.commands();
    const hopsStarted = monotonicUs();
    const floorWithHops = await floorRound(
      django.apiUrl,
      balancerUrl,
      signedIn,
      floor.refreshTokens,
      tabs,
      { withHops: true },
    );
    floorWithHops.cpu = cpu.since(before).cpuSeconds;
    floorWithHops.redisCommands = commandsSince(commandsBefore, store.commands());
    if (isProfiling) floorWithHops.monotonicUs = [hopsStarted, monotonicUs()];
    delete floor.refreshTokens;
    delete floorWithHops.refreshTokens;
    const heapMb = [];
    for (const instance of instances) heapMb.push(await heapAfterGc(instance.url));

    const rounds = [];
    for (let expiry = 1; expiry <= expiries; expiry++) {
      await waitUntil(issuedBy + accessLifetimeS(sessions) * 1000 + 500);
      log(`  expiry ${expiry}: ${sessions} sessions × ${tabs} tabs refresh, then call Django…`);
      for (const key of Object.keys(warnings)) delete warnings[key];
      before = cpu.take();
      commandsBefore = store.commands();
      const roundStarted = monotonicUs();
      const run = await refreshRound(balancerUrl, signedIn, tabs, { tabsShareRefresh });
      if (isProfiling) run.monotonicUs = [roundStarted, monotonicUs()];
      run.cpu = cpu.since(before).cpuSeconds;
      run.redisCommands = commandsSince(commandsBefore, store.commands());
      run.instanceWarnings = { ...warnings };
      rounds.push(run);
      issuedBy = Date.now();
    }
    // The floors' rotations are its own users' too: two each, taken off.
    const rotations = countRotations(ports.postgres);
    const redisBytesPerSession = round((store.usedMemory() - redisBefore) / sessions, 0);

    balancer.close();
    return {
      sessions,
      tabs,
      tabsShareRefresh,
      expiries,
      djangoServer: `gunicorn (${GUNICORN_WORKERS} workers × gthread), PostgreSQL`,
      store: store.name,
      rounds,
      rotationsPerSessionPerExpiry: tally(
        users.map((username) => ((rotations.get(username) ?? 0) - 2) / expiries),
      ),
      redisBytesPerSession,
      heapMbPerInstance: heapMb,
      // Sent again after a reused connection was reset before answering, as a browser does.
      resentRequests: resentRequests(),
      floor,
      floorWithHops,
      roundOverFloor: rounds.map((run) => round(run.seconds / floor.seconds)),
      roundOverFloorWithHops: rounds.map((run) => round(run.seconds / floorWithHops.seconds)),
    };
  } finally {
    postgres.stop();
  }
}

/**
 * With BENCH_NEXT_NODE_ARGS (e.g. --cpu-prof), each phase's start and end on the clock V8's CPU
 * profiles use (CLOCK_MONOTONIC, in µs), so a profile's samples can be cut by phase.
 */
const isProfiling = Boolean(process.env.BENCH_NEXT_NODE_ARGS);
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

/**
 * Every session's tabs refresh at once, then each calls Django through the proxy. With
 * `tabsShareRefresh`, as the template's client in a browser with Web Locks: one tab of the
 * session asks, the others wait for its renewal (announced to them) and send no refresh of their own.
 */
async function refreshRound(appUrl, sessions, tabs, { tabsShareRefresh = false } = {}) {
  const work = sessions.flatMap((session) => Array.from({ length: tabs }, () => session));
  const refreshMs = [];
  const refusedMs = [];
  const answers = {};
  const count = (label) => (answers[label] = (answers[label] ?? 0) + 1);
  const refreshOf = async (session) => {
    const refreshed = await request(`${appUrl}/api/auth/refresh`, {
      method: "POST",
      headers: browserHeaders(session.jar, { origin: appUrl }),
    });
    refreshMs.push(refreshed.ms);
    if (refreshed.status !== 200) refusedMs.push(refreshed.ms);
    count(
      refreshed.status === 200
        ? `refresh ${json(refreshed).status}`
        : `refresh ${refreshed.status}`,
    );
    if (refreshed.status === 200) session.jar.store(refreshed);
    return refreshed;
  };
  const renewals = new Map();
  const started = performance.now();
  await inParallel(work, IN_FLIGHT, async (session) => {
    if (tabsShareRefresh && !renewals.has(session)) renewals.set(session, refreshOf(session));
    const refreshed = await (tabsShareRefresh ? renewals.get(session) : refreshOf(session));
    if (refreshed.status !== 200) return;
    const called = await request(`${appUrl}/api/django/me/`, {
      headers: browserHeaders(session.jar),
    });
    count(`api ${called.status}`);
  });
  const seconds = (performance.now() - started) / 1000;
  return {
    seconds: round(seconds),
    answers,
    refused: Object.entries(answers)
      .filter(([label]) => !/^(refresh (refreshed|reused|fresh)|api 200)$/.test(label))
      .reduce((sum, [, n]) => sum + n, 0),
    signedOut: answers["refresh 401"] ?? 0,
    refreshP50Ms: round(percentile(refreshMs, 50)),
    refreshP99Ms: round(percentile(refreshMs, 99)),
    // How long a refused refresh took: about the caller's 8 s wait, or sooner (a store error).
    refusedMs: refusedMs.length
      ? {
          min: round(Math.min(...refusedMs)),
          p50: round(percentile(refusedMs, 50)),
          max: round(Math.max(...refusedMs)),
        }
      : null,
    djangoRequestsPerSecond: round((sessions.length + work.length) / seconds, 0),
  };
}

/**
 * The same sessions without the template's refresh: one rotation each at Django, then the calls.
 * With `withHops`, each tab first sends what any refresh through Next costs at the least (a POST
 * through the balancer that opens and re-seals the session cookie: app-copy.mjs's bench-reseal
 * route), then its call, as in a round; the cookie it gets back is not kept.
 */
async function floorRound(
  apiUrl,
  appUrl,
  sessions,
  refreshTokens,
  tabs,
  { withHops = false } = {},
) {
  const work = sessions.flatMap((session, i) => [
    { kind: "rotate", refresh: refreshTokens[i] },
    ...Array.from({ length: tabs }, () => ({ kind: "call", session })),
  ]);
  const call = (session) =>
    request(`${appUrl}/api/django/me/`, { headers: browserHeaders(session.jar) });
  const hop = (session) =>
    request(`${appUrl}/api/bench-reseal`, {
      method: "POST",
      headers: browserHeaders(session.jar, { origin: appUrl }),
    });
  const rotated = new Map();
  const started = performance.now();
  await inParallel(work, IN_FLIGHT, async (item) => {
    let answer;
    if (item.kind === "rotate") {
      answer = await request(`${apiUrl}/token/refresh/`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: Buffer.from(JSON.stringify({ refresh: item.refresh })),
        agent: toDjango,
      });
      if (answer.status === 200) rotated.set(item.refresh, json(answer).refresh);
    } else {
      if (withHops) {
        const resealed = await hop(item.session);
        if (resealed.status !== 200 || !resealed.headers["set-cookie"])
          throw new Error(`floor: the reseal answered ${resealed.status}: ${resealed.body}`);
      }
      answer = await call(item.session);
    }
    if (answer.status !== 200)
      throw new Error(`floor: ${item.kind} answered ${answer.status}: ${answer.body}`);
  });
  const seconds = round((performance.now() - started) / 1000);
  return { seconds, refreshTokens: refreshTokens.map((token) => rotated.get(token)) };
}

/** Runs `task` over `items`, at most `limit` at once; resolves to the results in order. */
async function inParallel(items, limit, task) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** A round-robin HTTP balancer, as a load balancer in front of three containers. */
async function startBalancer(port, targets) {
  if (!(await isPortFree(port))) throw new PortInUseError(port, { flag: "--port-offset" });
  // Idle upstream connections close after 2 s, before Next's own 5 s keep-alive does (as a load
  // balancer's upstream idle timeout must be shorter than its targets').
  const agent = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT, timeout: 2_000 });
  let turn = 0;
  const server = http.createServer((incoming, outgoing) => {
    const target = targets[turn++ % targets.length];
    const upstream = http.request(
      {
        host: HOST,
        port: target,
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
        agent,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstream.on("error", (error) => {
      if (!outgoing.headersSent) outgoing.writeHead(502);
      outgoing.end(`balancer: ${error.message}`);
    });
    incoming.pipe(upstream);
  });
  // A load balancer keeps idle client connections a minute (AWS ALB's default): Node's 5 s, in
  // this process that the load also starves, expired during a stall and closed connections whose
  // next request had arrived unread ("socket hang up" in the floor, with a CI run beside it).
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 65_000;
  await new Promise((resolve) => server.listen(port, HOST, resolve));
  return { close: () => server.close() };
}

/** A PostgreSQL of its own (initdb, fsync off), as the companion app's tests start one. */
function startPostgres(port) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-pg-"));
  const version = readdirSync("/usr/lib/postgresql").sort().at(-1);
  const bin = `/usr/lib/postgresql/${version}/bin`;
  const isRoot = process.getuid?.() === 0;
  // initdb refuses root: as root, the cluster belongs to the postgres user.
  const run = (command) => {
    const [cmd, args] = isRoot ? ["su", ["postgres", "-c", command]] : ["sh", ["-c", command]];
    const result = spawnSync(cmd, args, { encoding: "utf8", timeout: 60_000 });
    if (result.status !== 0) throw new Error(`${command}: ${result.stderr || result.stdout}`);
  };
  mkdirSync(path.join(dir, "sock"), { recursive: true });
  if (isRoot) spawnSync("chown", ["-R", "postgres", dir]);
  run(`${bin}/initdb -D ${dir}/data -A trust -U postgres >/dev/null`);
  const options = `-k ${dir}/sock -p ${port} -c listen_addresses=${HOST} -c fsync=off -c max_connections=200`;
  run(`${bin}/pg_ctl -D ${dir}/data -l ${dir}/server.log -w -o "${options}" start >/dev/null`);
  run(`${bin}/createdb -h ${HOST} -p ${port} -U postgres api`);
  return {
    /** The postmaster's process id (its backends are its children). */
    pid: () => Number(readFileSync(`${dir}/data/postmaster.pid`, "utf8").split("\n")[0]),
    stop() {
      run(`${bin}/pg_ctl -D ${dir}/data -m fast -w stop >/dev/null`);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Rotations per user: each one blacklists the token it replaced (simplejwt's blacklist app). A
 * token issued by a rotation has no user in its outstanding row (simplejwt 5.2 sets none), so the
 * user comes from the token's own payload.
 */
function countRotations(port) {
  const payload = `convert_from(decode(translate(rpad(p, ((length(p) + 3) / 4) * 4, '='), '-_', '+/'), 'base64'), 'UTF8')::json`;
  const sql = `select u.username, count(*) from (
      select split_part(o.token, '.', 2) as p from token_blacklist_blacklistedtoken b
      join token_blacklist_outstandingtoken o on b.token_id = o.id
    ) t join auth_user u on u.id = (${payload} ->> 'user_id')::int
    where u.username like 'load-%' group by u.username`;
  const result = spawnSync(
    "psql",
    ["-h", HOST, "-p", String(port), "-U", "postgres", "-d", "api", "-At", "-F", " ", "-c", sql],
    { encoding: "utf8" },
  );
  if (result.status !== 0) throw new Error(`psql: ${result.stderr}`);
  return new Map(
    result.stdout
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((line) => line.split(" "))
      .map(([username, n]) => [username, Number(n)]),
  );
}

/** One Redis the instances share (REDIS_URL). */
async function startSingle(ports) {
  const redis = await startRedis(ports.redis);
  return {
    name: "Redis",
    pid: redis.proc.child.pid,
    env: { REDIS_URL: redis.url },
    usedMemory: () => usedMemory(ports.redis),
    commands: () => commandsProcessed(ports.redis),
  };
}

/** A Redis Cluster, 3 masters and 3 replicas (REDIS_CLUSTER_URLS); memory counted on masters. */
async function startCluster(ports, dataDir) {
  const dir = path.join(dataDir, "redis-cluster");
  mkdirSync(dir, { recursive: true });
  const cluster = await startRedisCluster(ports.redisCluster, dir);
  const isMaster = (port) =>
    spawnSync("redis-cli", ["-h", HOST, "-p", String(port), "ROLE"], {
      encoding: "utf8",
    }).stdout.startsWith("master");
  return {
    name: "Redis Cluster (3 masters, 3 replicas)",
    env: { REDIS_CLUSTER_URLS: cluster.urls.join(",") },
    usedMemory: () =>
      cluster.ports.filter(isMaster).reduce((sum, port) => sum + usedMemory(port), 0),
    commands: () => {
      const counts = {};
      for (const port of cluster.ports.filter(isMaster)) {
        for (const [name, n] of Object.entries(commandsProcessed(port)))
          counts[name] = (counts[name] ?? 0) + n;
      }
      return counts;
    },
  };
}

/** The INFO commands this benchmark sent to each port: left out of the instances' counts. */
const ownInfoCommands = new Map();

/** `INFO <section>` at `port`, counted as the benchmark's own. */
function infoAt(port, section) {
  const info = spawnSync("redis-cli", ["-p", String(port), "INFO", section], { encoding: "utf8" });
  ownInfoCommands.set(port, (ownInfoCommands.get(port) ?? 0) + 1);
  return info.stdout;
}

function usedMemory(port) {
  return Number(/used_memory:(\d+)/.exec(infoAt(port, "memory"))?.[1] ?? 0);
}

/**
 * Commands the Redis at `port` has run since it started, by name (INFO commandstats, which counts
 * a command once it has run: its own INFO is in the next count, and taken off there).
 */
function commandsProcessed(port) {
  const ownBefore = ownInfoCommands.get(port) ?? 0;
  const counts = {};
  for (const [, name, calls] of infoAt(port, "commandstats").matchAll(
    /^cmdstat_([^:]+):calls=(\d+)/gm,
  ))
    counts[name] = Number(calls);
  if (counts.info !== undefined) counts.info -= ownBefore;
  return counts;
}

/** Commands run between two counts, by name. */
function commandsSince(before, after) {
  const ran = {};
  for (const [name, calls] of Object.entries(after)) {
    const n = calls - (before[name] ?? 0);
    if (n > 0) ran[name] = n;
  }
  return ran;
}

async function heapAfterGc(appUrl) {
  const memory = json(await request(`${appUrl}/api/bench-memory`));
  return memory.collected ? memory.heapUsedMb : null;
}

/** "value: how many" for a list of numbers, e.g. { "1": 1000 }. */
function tally(values) {
  const counts = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}
