#!/usr/bin/env node
// Runs the Django test API: node scripts/django-server.mjs [--port 8000] [--demo-user] [--test-mode]
//   [--with-rotation-app]
import { constants } from "node:os";
import { parseArgs } from "node:util";

import { startDjango } from "./lib/django.mjs";

const USAGE = `Usage: node scripts/django-server.mjs [--port 8000] [--demo-user] [--test-mode]
                                         [--with-rotation-app]

  --port <n>     port on 127.0.0.1 (default 8000)
  --demo-user    create the user demo / demo-pass-2026 (or reset its password)
  --test-mode    refresh counters, fault injection, /api/_test/ routes (one resets any
                 user's password): for the test suite only. Off without this flag, whatever
                 DJANGO_TEST_MODE says.
  --with-rotation-app
                 install django/simplejwt-rotation (DJANGO_ROTATION_APP=1): atomic rotation,
                 overlap period, reuse detection, POST /api/token/logout-all/

Environment passed through: DJANGO_DB_PATH, DJANGO_SECRET_KEY, DJANGO_DEBUG,
DJANGO_ACCESS_TOKEN_LIFETIME_S, DJANGO_REFRESH_TOKEN_LIFETIME_S, DJANGO_ROTATION_APP,
DJANGO_ROTATION_OVERLAP_S.`;

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "8000" },
    "demo-user": { type: "boolean", default: false },
    "test-mode": { type: "boolean", default: false },
    "with-rotation-app": { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`--port must be a whole number from 1 to 65535, got "${values.port}".\n\n${USAGE}`);
  process.exit(2);
}

let child;
try {
  child = await startDjango({
    port,
    demoUser: values["demo-user"],
    testMode: values["test-mode"],
    env: values["with-rotation-app"] ? { DJANGO_ROTATION_APP: "1" } : {},
  });
} catch (error) {
  // Our own errors carry a code and a message meant for the user; others keep their stack.
  console.error(error.code ? error.message : error);
  process.exit(1);
}

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => child.kill(signal));
}
child.on("exit", (code, signal) => {
  process.exit(code ?? 128 + (constants.signals[signal] ?? 0));
});
