#!/usr/bin/env node
// `npm run demo`: the bundled Django API and `next dev`, wired together, with a demo user and
// 30-second access tokens so that a refresh happens while you watch. POSIX shells only.
// Usage: npm run demo -- [--port 3000] [--django-port 8000] [--with-rotation-app]
//   (or PORT, DEMO_DJANGO_PORT)
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

import { PortInUseError, isPortFree, startDjango, waitForDjango } from "./lib/django.mjs";
import { DJANGO_DIR, REPO_ROOT } from "./lib/paths.mjs";
import { Supervisor } from "./lib/supervisor.mjs";

// The host of the printed URL: NEXTAUTH_URL, and so the session cookie, must match it.
const NEXT_HOST = "localhost";
const NEXT_BIN = path.join(REPO_ROOT, "node_modules", "next", "dist", "bin", "next");
const TAIL_LINES = 30;

class DemoError extends Error {
  code = "demo_failed";
}

const supervisor = new Supervisor();

async function main() {
  const { port, djangoPort, withRotationApp } = readOptions();
  await assertPortsFree(port, djangoPort);
  for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, onStopSignal);

  // The environment wins over these defaults, e.g. DJANGO_ACCESS_TOKEN_LIFETIME_S=10 npm run demo.
  const djangoEnv = preferEnvironment({
    DJANGO_DB_PATH: path.join(DJANGO_DIR, "demo.sqlite3"),
    DJANGO_ACCESS_TOKEN_LIFETIME_S: "30",
    DJANGO_REFRESH_TOKEN_LIFETIME_S: "86400",
  });
  // django/simplejwt-rotation: atomic rotation at Django, and "Sign out of all devices" in the app.
  if (withRotationApp) djangoEnv.DJANGO_ROTATION_APP = "1";
  const django = await startDemoDjango(djangoPort, djangoEnv);
  await waitForDjango(`http://127.0.0.1:${djangoPort}/api/`).catch((error) => {
    throw new DemoError(`${error.message}${supervisor.formatTail(django)}`);
  });

  const appUrl = `http://${NEXT_HOST}:${port}`;
  const next = startNext(port, buildNextEnv(appUrl, djangoPort, withRotationApp));
  supervisor.watch("next", next, { isGroupLeader: true });
  await waitForApp(`${appUrl}/login`);
  printBanner(appUrl, djangoEnv);
  supervisor.release(django);
}

function readOptions() {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: process.env.PORT || "3000" },
      "django-port": { type: "string", default: process.env.DEMO_DJANGO_PORT || "8000" },
      "with-rotation-app": { type: "boolean", default: false },
    },
  });
  return {
    port: toPort(values.port, "--port"),
    djangoPort: toPort(values["django-port"], "--django-port"),
    withRotationApp: values["with-rotation-app"],
  };
}

function toPort(value, flag) {
  const port = Number(value);
  if (Number.isInteger(port) && port >= 1 && port <= 65535) return port;
  throw new DemoError(`${flag} must be a whole number from 1 to 65535, got "${value}".`);
}

// Both ports before starting anything, so that a busy port leaves nothing running.
async function assertPortsFree(port, djangoPort) {
  const busy = [];
  if (!(await isPortFree(djangoPort)))
    busy.push(new PortInUseError(djangoPort, { flag: "--django-port" }));
  if (!(await isPortFree(port, NEXT_HOST)))
    busy.push(new PortInUseError(port, { host: NEXT_HOST }));
  if (busy.length > 0) throw new DemoError(busy.map((error) => error.message).join("\n"));
}

function preferEnvironment(defaults) {
  return Object.fromEntries(Object.entries(defaults).map(([k, v]) => [k, process.env[k] || v]));
}

async function startDemoDjango(port, env) {
  const child = await startDjango({
    port,
    env,
    testMode: false,
    demoUser: true, // prints its credentials: demo / demo-pass-2026
    stdio: ["ignore", "pipe", "pipe"],
    log: (message) => console.error(`[django] ${message}`),
  });
  // Held until the demo is ready: Django's start-up banner advertises a URL that is not the app's.
  return supervisor.watch("django", child, { isHeld: true });
}

function buildNextEnv(appUrl, djangoPort, withRotationApp) {
  // next dev also loads .env.local, but variables set here take precedence over it.
  return {
    ...process.env,
    ...preferEnvironment({
      NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
      DJANGO_USER_PATH: "me/",
      ...(withRotationApp ? { DJANGO_LOGOUT_ALL_PATH: "token/logout-all/" } : {}),
    }),
    // Not taken from the environment: they describe the two servers this script starts.
    DJANGO_API_URL: `http://127.0.0.1:${djangoPort}/api`,
    NEXTAUTH_URL: appUrl,
  };
}

function startNext(port, env) {
  if (!existsSync(NEXT_BIN))
    throw new DemoError("Next.js is not installed: run `npm install` first.");
  // Its own process group, so that stopping it also stops the dev server it forks.
  return spawn(process.execPath, [NEXT_BIN, "dev", "-p", String(port), "-H", NEXT_HOST], {
    cwd: REPO_ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
}

// The first request also makes next dev compile the login page, so the user's is fast.
async function waitForApp(url, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(60_000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250)); // not listening yet
    }
  }
  throw new DemoError(`Next.js did not answer at ${url} within ${timeoutMs / 1000} s.`);
}

function printBanner(appUrl, djangoEnv) {
  const line = "─".repeat(72);
  console.log(`\n${line}
  Demo ready:    ${appUrl}
  Sign in as:    demo / demo-pass-2026
  Access token:  ${djangoEnv.DJANGO_ACCESS_TOKEN_LIFETIME_S} s — watch it refresh in the session inspector at ${appUrl}/dashboard/session
  Refresh token: ${djangoEnv.DJANGO_REFRESH_TOKEN_LIFETIME_S} s
  Django:        ${djangoEnv.DJANGO_ROTATION_APP === "1" ? "with simplejwt_rotation (sign out of all devices)" : "stock simplejwt"}
  Press Ctrl-C to stop.
${line}\n`);
}

function onStopSignal() {
  if (!supervisor.isStopping) console.log("\nStopping Django and Next.js…");
  void supervisor.stopAll(0);
}

// The first line says what failed, the end of a command's output says why.
function tail(text) {
  const [first, ...rest] = text.split("\n");
  return [first, ...rest.slice(-TAIL_LINES)].join("\n");
}

main().catch((error) => {
  // Our own errors carry a code and a message meant for the user; others keep their stack.
  console.error(error.code ? tail(error.message) : error);
  void supervisor.stopAll(1);
});
