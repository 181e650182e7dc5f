import { spawnSync } from "node:child_process";
import net from "node:net";
import path from "node:path";

import { isPortFree, PortInUseError, waitForDjango } from "../../scripts/lib/django.mjs";
import { DJANGO_DIR, MANAGE_PY, REPO_ROOT } from "../../scripts/lib/paths.mjs";
import { ensureDjangoPython, withDjangoStack } from "../../scripts/lib/python.mjs";
import { runCommand } from "../../scripts/lib/run-command.mjs";
import { startProcess, unlessItDies } from "./processes.mjs";

export const HOST = "127.0.0.1";
// One gunicorn worker by default: the test counters (rotations per user) live in process memory,
// so a second worker would count half the rotations (the load run counts them in PostgreSQL
// instead). gthread threads give the concurrency.
const GUNICORN_THREADS = 8;

/** Which WSGI server this machine can run: gunicorn when the Django Python can import it. */
export async function chooseWsgiServer() {
  const python = await ensureDjangoPython({ log: console.error });
  const { ok } = await runCommand(python, ["-c", "import gunicorn"], {
    env: withDjangoStack(),
    timeoutMs: 20_000,
  });
  return {
    python,
    name: ok ? `gunicorn (1 worker, gthread, ${GUNICORN_THREADS} threads)` : "runserver --noreload",
    isGunicorn: ok,
  };
}

/**
 * The bundled Django, DEBUG=False, test mode on (counters, /api/_test/ routes), on the chosen
 * Python stack (DJANGO_PYTHONPATH).
 */
export async function startDjango({
  wsgi,
  port,
  dbPath,
  accessLifetimeS,
  workers = 1,
  extraEnv = {},
}) {
  if (!(await isPortFree(port))) throw new PortInUseError(port, { flag: "--port-offset" });
  const env = {
    ...withDjangoStack(),
    DJANGO_SETTINGS_MODULE: "config.settings",
    DJANGO_DEBUG: "0",
    DJANGO_TEST_MODE: "1",
    DJANGO_DB_PATH: dbPath,
    DJANGO_ACCESS_TOKEN_LIFETIME_S: String(accessLifetimeS),
    DJANGO_REFRESH_TOKEN_LIFETIME_S: "3600",
    PYTHONUNBUFFERED: "1",
    ...extraEnv,
  };
  const migrated = await runCommand(wsgi.python, [MANAGE_PY, "migrate", "--noinput"], {
    cwd: REPO_ROOT,
    env,
    timeoutMs: 120_000,
  });
  if (!migrated.ok) throw new Error(`manage.py migrate failed:\n${migrated.output}`);
  const args = wsgi.isGunicorn
    ? [
        "-m",
        "gunicorn",
        "--chdir",
        DJANGO_DIR,
        "--bind",
        `${HOST}:${port}`,
        "--workers",
        String(workers),
        "--worker-class",
        "gthread",
        "--threads",
        String(GUNICORN_THREADS),
        "--keep-alive",
        "5",
        "config.wsgi:application",
      ]
    : [MANAGE_PY, "runserver", `${HOST}:${port}`, "--noreload"];
  const proc = startProcess("django", wsgi.python, args, { cwd: REPO_ROOT, env });
  const apiUrl = `http://${HOST}:${port}/api`;
  await unlessItDies(proc, waitForDjango(`${apiUrl}/_test/counters/?username=probe`, 60_000));
  return { proc, apiUrl };
}

/**
 * `next start` of the benchmark's build, answering once /login does. BENCH_NEXT_NODE_ARGS
 * (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`, which NODE_OPTIONS refuses) go to its node.
 */
export async function startNext({ appDir, port, env }) {
  if (!(await isPortFree(port))) throw new PortInUseError(port, { flag: "--port-offset" });
  const nodeArgs = [
    "--expose-gc", // for the memory figure after a full collection (app/api/bench-memory)
    ...(process.env.BENCH_NEXT_NODE_ARGS ?? "").split(" ").filter(Boolean),
  ];
  const proc = startProcess(
    `next start :${port}`,
    process.execPath,
    [
      ...nodeArgs,
      path.join(appDir, "node_modules", "next", "dist", "bin", "next"),
      ...["start", "-p", String(port), "-H", HOST],
    ],
    { cwd: appDir, env: { ...process.env, ...env, NODE_ENV: "production" } },
  );
  const url = `http://${HOST}:${port}`;
  await unlessItDies(proc, waitForHttp(`${url}/login`, 60_000));
  return { proc, url };
}

export async function startRedis(port) {
  if (!(await isPortFree(port))) throw new PortInUseError(port, { flag: "--port-offset" });
  const proc = startProcess("redis-server", "redis-server", [
    "--port",
    String(port),
    "--bind",
    HOST,
    "--save",
    "",
    "--appendonly",
    "no",
  ]);
  await unlessItDies(
    proc,
    waitFor(() => pingRedis(port), 20_000, "redis-server"),
  );
  return { proc, url: `redis://${HOST}:${port}` };
}

/**
 * A Redis Cluster of 3 masters and 3 replicas (`redis-cli --cluster create`) on `firstPort` and the
 * five ports after it (their cluster buses 10000 above), its files in `dir`.
 */
export async function startRedisCluster(firstPort, dir) {
  const ports = Array.from({ length: 6 }, (_, index) => firstPort + index);
  for (const port of ports) {
    for (const taken of [port, port + 10_000]) {
      if (!(await isPortFree(taken))) throw new PortInUseError(taken, { flag: "--port-offset" });
    }
  }
  const procs = ports.map((port) =>
    startProcess(`redis-server ${port}`, "redis-server", [
      ...["--port", String(port), "--bind", HOST, "--dir", dir, "--save", "", "--appendonly", "no"],
      ...["--cluster-enabled", "yes", "--cluster-config-file", `nodes-${port}.conf`],
      ...["--cluster-node-timeout", "1000"],
    ]),
  );
  for (const [index, port] of ports.entries()) {
    await unlessItDies(
      procs[index],
      waitFor(() => pingRedis(port), 20_000, "redis-server"),
    );
  }
  const nodes = ports.map((port) => `${HOST}:${port}`);
  const create = spawnSync(
    "redis-cli",
    ["--cluster", "create", ...nodes, "--cluster-replicas", "1", "--cluster-yes"],
    { encoding: "utf8", timeout: 60_000 },
  );
  if (create.status !== 0) throw new Error(`redis-cli --cluster create failed:\n${create.stdout}`);
  const isOk = async () =>
    ports.every((port) => {
      const info = spawnSync("redis-cli", ["-h", HOST, "-p", String(port), "CLUSTER", "INFO"], {
        encoding: "utf8",
      });
      return info.stdout.includes("cluster_state:ok");
    });
  await waitFor(isOk, 30_000, "the Redis Cluster");
  return { procs, ports, urls: ports.map((port) => `redis://${HOST}:${port}`) };
}

async function waitForHttp(url, timeoutMs) {
  const answers = async () => {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000), redirect: "manual" });
    await response.arrayBuffer();
    return response.status < 500;
  };
  return waitFor(answers, timeoutMs, url);
}

async function waitFor(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${what} did not answer within ${timeoutMs / 1000} s.`);
}

function pingRedis(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port }, () => socket.write("PING\r\n"));
    socket.setTimeout(1_000, () => socket.destroy());
    socket.once("data", (data) => {
      socket.destroy();
      resolve(data.toString().startsWith("+PONG"));
    });
    socket.once("error", () => resolve(false));
    socket.once("close", () => resolve(false));
  });
}
