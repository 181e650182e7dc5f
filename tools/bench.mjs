#!/usr/bin/env node
// `npm run bench [-- --quick] [-- --port-offset N]`: measures the template's request path and
// refresh under load against the bundled Django, prints a table, writes tools/bench/results.json.
import { existsSync, readdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

import { REPO_ROOT } from "../scripts/lib/paths.mjs";
import { buildApp, copyApp, isBuiltCopy } from "./bench/app-copy.mjs";
import { measureLoad } from "./bench/load.mjs";
import { measureRefresh, measureRequestPath, nextEnv } from "./bench/phases.mjs";
import { PLANS, portsFor, REFRESH_ACCESS_LIFETIME_S } from "./bench/plan.mjs";
import { stopAll } from "./bench/processes.mjs";
import { formatTables, writeResults } from "./bench/report.mjs";
import { chooseWsgiServer } from "./bench/servers.mjs";
import { mixViolations, stormViolations } from "./bench/violations.mjs";

const SECTIONS = ["proxy", "middleware", "client", "storms", "mix"];
const USAGE = `Usage: npm run bench [-- --quick] [-- --port-offset N] [-- --only a,b] [-- --app <dir>]
       npm run bench -- --build-only <dir>
       npm run bench -- --load [--cluster] [--web-locks] [--sessions N] [--tabs N] [--expiries N]

  --quick            a few seconds of measuring (after the build); asserts only the counts
                     (1 rotation per expiry, no 401 to callers, no errors); exit 1 on a violation
  --port-offset <n>  moves every port it binds on 127.0.0.1 (default 0)
  --only <list>      measures only these sections (${SECTIONS.join(",")}), to iterate on one;
                     tools/bench/results.json is written only by a full run of every section
  --build-only <dir> copies the app into <dir> (new or empty) and builds it, then stops: CI builds
                     it beside another suite, then measures with --app <dir>
  --app <dir>        measures the copy --build-only made there (same --port-offset) instead of
                     copying and building one; the folder is left as it is
  --load             N sessions (default 1000) through a round-robin balancer in front of three
                     instances sharing Redis, Django on PostgreSQL behind gunicorn; each session's
                     tabs (default 3) refresh at once after each of --expiries (default 2) access-
                     token expiries; against its two floors (one rotation per session straight
                     at Django, then also each tab's cookie re-sealed by Next), in time and in
                     CPU per process; writes tools/bench/load-results.json
  --cluster          with --load: the instances share a Redis Cluster (3 masters, 3 replicas)
                     instead; writes tools/bench/load-cluster-results.json
  --web-locks        with --load: a session's tabs share one refresh, as the template's client
                     does in a browser with Web Locks (one tab asks, the others take its renewal);
                     without it each tab sends its own, as in a browser without them`;
const RESULTS_FILE = path.join(REPO_ROOT, "tools", "bench", "results.json");
const LOAD_RESULTS_FILE = path.join(REPO_ROOT, "tools", "bench", "load-results.json");
const LOAD_CLUSTER_RESULTS_FILE = path.join(
  REPO_ROOT,
  "tools",
  "bench",
  "load-cluster-results.json",
);

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    "port-offset": { type: "string", default: "0" },
    only: { type: "string", default: SECTIONS.join(",") },
    load: { type: "boolean", default: false },
    cluster: { type: "boolean", default: false },
    "web-locks": { type: "boolean", default: false },
    sessions: { type: "string", default: "1000" },
    tabs: { type: "string", default: "3" },
    expiries: { type: "string", default: "2" },
    "build-only": { type: "string" },
    app: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const offset = Number(values["port-offset"]);
if (!Number.isInteger(offset) || offset < 0 || offset > 50_000) {
  console.error(`--port-offset must be a whole number from 0 to 50000.\n\n${USAGE}`);
  process.exit(2);
}

for (const option of ["cluster", "web-locks"]) {
  if (values[option] && !values.load) {
    console.error(`--${option} goes with --load.\n\n${USAGE}`);
    process.exit(2);
  }
}

const load = Object.fromEntries(
  ["sessions", "tabs", "expiries"].map((name) => [name, Number(values[name])]),
);
for (const [name, value] of Object.entries(load)) {
  if (!Number.isInteger(value) || value < 1 || value > 100_000) {
    console.error(`--${name} must be a whole number from 1 to 100000.\n\n${USAGE}`);
    process.exit(2);
  }
}

const sections = new Set(values.only.split(",").map((name) => name.trim()));
const unknown = [...sections].filter((name) => !SECTIONS.includes(name));
if (unknown.length > 0) {
  console.error(`--only: unknown section(s) ${unknown.join(", ")}.\n\n${USAGE}`);
  process.exit(2);
}
const isEverySection = SECTIONS.every((name) => sections.has(name));

const buildOnly = values["build-only"] && path.resolve(values["build-only"]);
const prebuilt = values.app && path.resolve(values.app);
if (buildOnly && (prebuilt || values.load || values.quick || values.only !== SECTIONS.join(","))) {
  console.error(`--build-only goes alone (or with --port-offset).\n\n${USAGE}`);
  process.exit(2);
}
if (buildOnly && existsSync(buildOnly) && readdirSync(buildOnly).length > 0) {
  console.error(`--build-only: ${buildOnly} is not empty.`);
  process.exit(2);
}
if (prebuilt && !isBuiltCopy(prebuilt)) {
  console.error(
    `--app: ${prebuilt} holds no build of the benchmark's copy: make it with --build-only.`,
  );
  process.exit(2);
}

const temps = [];
let isCleaningUp = false;
async function cleanUp(exitCode) {
  if (isCleaningUp) return;
  isCleaningUp = true;
  await stopAll();
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
  process.exit(exitCode);
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping everything this benchmark started…`);
    void cleanUp(130);
  });
}

const log = (line) => console.error(line);
const mode = values.quick ? "quick" : "full";
const plan = PLANS[mode];
const ports = portsFor(offset);

try {
  const started = Date.now();
  let appDir = prebuilt;
  let buildSeconds = null;
  if (!prebuilt) {
    log("Copying the app (with the floor and recipe routes) and running next build…");
    appDir = await copyApp(buildOnly);
    if (!buildOnly) temps.push(appDir);
    const apiUrl = `http://127.0.0.1:${ports.django}/api`;
    const appUrl = `http://127.0.0.1:${ports.apps[0]}`;
    const build = await buildApp(appDir, { ...process.env, ...nextEnv({ apiUrl, appUrl }) });
    buildSeconds = Math.round(build.seconds);
    log(`Built in ${buildSeconds} s${buildOnly ? `: ${appDir}` : ""}.`);
    if (buildOnly) await cleanUp(0);
  }
  const wsgi = await chooseWsgiServer();
  log(`WSGI server: ${wsgi.name}`);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "bench-db-"));
  temps.push(dataDir);

  if (values.load) {
    log(`Load: ${load.sessions} sessions × ${load.tabs} tabs, ${load.expiries} expiries…`);
    const { cluster } = values;
    const tabsShareRefresh = values["web-locks"];
    const options = { wsgi, ports, appDir, dataDir, log, ...load, cluster, tabsShareRefresh };
    const results = await measureLoad(options);
    console.log(JSON.stringify(results, null, 2));
    const file = cluster ? LOAD_CLUSTER_RESULTS_FILE : LOAD_RESULTS_FILE;
    await writeResults(file, { date: new Date().toISOString(), ...results });
    log(`Wrote ${path.relative(process.cwd(), file)}.`);
    await cleanUp(0);
  }

  const dbPath = path.join(dataDir, "bench.sqlite3");
  const context = { wsgi, ports, dbPath, appDir, plan, log, sections };
  let requestPath = { latency: {}, throughput: {}, errors: [] };
  if (["proxy", "middleware", "client"].some((name) => sections.has(name))) {
    log("Phase 1: the request path (tokens live for an hour)…");
    requestPath = await measureRequestPath(context);
  }
  let refresh = { storms: {} };
  if (sections.has("storms") || sections.has("mix")) {
    log(`Phase 2: refresh under load (tokens live for ${REFRESH_ACCESS_LIFETIME_S} s)…`);
    refresh = await measureRefresh(context);
  }

  const cpus = os.cpus();
  const results = {
    mode,
    date: new Date().toISOString(),
    machine: `${cpus.length} cores (${cpus[0]?.model ?? "unknown CPU"}), load average ${os
      .loadavg()
      .map((load) => load.toFixed(1))
      .join(
        " ",
      )} at the end; Node ${process.version}; Django on ${wsgi.name}; next start; ${mode} run.`,
    wsgiServer: wsgi.name,
    cores: cpus.length,
    buildSeconds,
    totalSeconds: Math.round((Date.now() - started) / 1000),
    ...requestPath,
    errors: requestPath.errors.length,
    firstErrors: requestPath.errors.slice(0, 5),
    ...refresh,
  };
  console.log(`\n${formatTables(results)}\n`);

  const violations = [
    ...Object.entries(results.storms).flatMap(([label, storm]) => stormViolations(label, storm)),
    ...(results.mix ? mixViolations(results.mix) : []),
    ...(results.errors > 0
      ? [`${results.errors} failed requests, e.g. ${results.firstErrors.join(" | ")}`]
      : []),
  ];
  if (mode === "full" && isEverySection) {
    await writeResults(RESULTS_FILE, results);
    log(`Wrote ${path.relative(process.cwd(), RESULTS_FILE)}.`);
  }
  const built = buildSeconds === null ? `built before: ${appDir}` : `build ${buildSeconds} s`;
  log(`Total ${results.totalSeconds} s (${built}).`);
  if (violations.length > 0) {
    console.error(`\nCount violations:\n- ${violations.join("\n- ")}`);
    await cleanUp(1);
  }
  await cleanUp(0);
} catch (error) {
  // After Ctrl-C the stopped servers make requests fail: that is not news.
  if (!isCleaningUp) console.error(`\nBenchmark failed: ${error.stack ?? error}`);
  await cleanUp(1);
}
