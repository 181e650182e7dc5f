import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import {
  REDIS_PORT,
  WITH_REDIS,
  SHARED_INSTANCE_URLS,
  APP_URL,
  DJANGO_API_URL,
  DJANGO_PORT,
  APP_PORT,
  NEXTAUTH_SECRET,
  ACCESS_LIFETIME_S,
  LIMITS_INSTANCE_URL,
  SHORT_LIMITS,
} from "./tests/e2e/support/servers";

// Debian/Ubuntu CI uses the distribution's Chromium; elsewhere `npx playwright install chromium`.
const SYSTEM_CHROMIUM = "/usr/bin/chromium";
const isCI = Boolean(process.env.CI);
// E2E_SKIP_BUILD=1: reuse the .next build already on disk (.ci/run builds once for both stacks).
const BUILD_STEP = process.env.E2E_SKIP_BUILD === "1" ? "" : "npm run build && ";

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results/e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // One worker: the storms are timed against a short token lifetime, and on a 2-core machine a
  // second worker's browsers would slow them past it. (Tests still use their own users.)
  workers: 1,
  retries: 0,
  forbidOnly: isCI,
  reporter: [
    ["list"],
    ["./tests/e2e/support/race-table-reporter.ts"],
    ["json", { outputFile: "test-results/e2e-report.json" }],
  ],
  use: {
    baseURL: APP_URL,
    trace: "retain-on-failure",
    ...devices["Desktop Chrome"],
    launchOptions: {
      executablePath: existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined,
      args: [
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  // Started in this order; the shared instances reuse the build the first one made.
  webServer: [
    {
      name: "django",
      command: `node scripts/django-server.mjs --port ${DJANGO_PORT} --test-mode`,
      url: `${DJANGO_API_URL}/_test/counters/?username=probe`,
      reuseExistingServer: !isCI,
      timeout: 120_000,
      env: {
        DJANGO_DB_PATH: "tests/django/e2e.sqlite3",
        DJANGO_ACCESS_TOKEN_LIFETIME_S: String(ACCESS_LIFETIME_S),
        DJANGO_REFRESH_TOKEN_LIFETIME_S: "3600",
        // simplejwt 5.3+: a password change refuses the user's tokens (`password_changed`).
        DJANGO_CHECK_REVOKE_TOKEN: "1",
      },
    },
    {
      name: "next",
      command: `${BUILD_STEP}npm run start -- -p ${APP_PORT} -H 127.0.0.1`,
      url: `${APP_URL}/login`,
      reuseExistingServer: !isCI,
      timeout: 300_000,
      env: nextEnv(APP_URL),
    },
    limitsInstance(),
    ...(WITH_REDIS ? sharedInstances() : []),
  ],
});

/** The same build with short session limits, for the limit and warning tests. */
function limitsInstance() {
  return {
    name: `next ${new URL(LIMITS_INSTANCE_URL).port} (short session limits)`,
    command: `npm run start -- -p ${new URL(LIMITS_INSTANCE_URL).port} -H 127.0.0.1`,
    url: `${LIMITS_INSTANCE_URL}/login`,
    reuseExistingServer: !isCI,
    timeout: 60_000,
    env: {
      ...nextEnv(LIMITS_INSTANCE_URL),
      AUTH_SESSION_MAX_AGE_S: String(SHORT_LIMITS.maxAgeS),
      AUTH_IDLE_TIMEOUT_S: String(SHORT_LIMITS.idleTimeoutS),
      AUTH_WARNING_LEAD_S: String(SHORT_LIMITS.warningLeadS),
    },
  };
}

/** Redis, and two more instances of the app that share their refresh bookkeeping through it. */
function sharedInstances() {
  return [
    {
      name: "redis",
      command: `redis-server --port ${REDIS_PORT} --bind 127.0.0.1 --save "" --appendonly no`,
      port: REDIS_PORT,
      reuseExistingServer: !isCI,
    },
    ...SHARED_INSTANCE_URLS.map((url) => ({
      name: `next ${new URL(url).port} (Redis)`,
      command: `npm run start -- -p ${new URL(url).port} -H 127.0.0.1`,
      url: `${url}/login`,
      reuseExistingServer: !isCI,
      timeout: 60_000,
      env: { ...nextEnv(url), REDIS_URL: `redis://127.0.0.1:${REDIS_PORT}` },
    })),
  ];
}

function nextEnv(appUrl: string): Record<string, string> {
  return {
    DJANGO_API_URL,
    DJANGO_USER_PATH: "me/",
    NEXTAUTH_URL: appUrl,
    NEXTAUTH_SECRET,
    NEXT_TELEMETRY_DISABLED: "1",
  };
}
