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
import { selectSuite } from "./tests/e2e/support/suites";

// Debian's Chromium when installed (E2E_CHROMIUM names another), elsewhere Playwright's own
// (`npx playwright install chromium`). Its headless shell first, as Playwright itself takes for
// headless runs: on CI's 2 cores, ten spec files ran on half the CPU of the full browser in
// headless mode (269 against 534 CPU-s). The shell has no window: to watch a run,
// `E2E_CHROMIUM=/usr/bin/chromium npx playwright test --headed`.
const CHROMIUM =
  process.env.E2E_CHROMIUM ||
  ["/usr/bin/chromium-headless-shell", "/usr/bin/chromium"].find((path) => existsSync(path));
const isCI = Boolean(process.env.CI);
// E2E_SKIP_BUILD=1: test the .next build already on disk (the last run's).
const BUILD_STEP = process.env.E2E_SKIP_BUILD === "1" ? "" : "npm run build && ";
// E2E_SUITE picks the specs (tests/e2e/support/suites.ts); unset, all of them.
const suite = selectSuite();
// In CI a run that hangs still ends, in time for the closing line (E2E_GLOBAL_TIMEOUT_S).
const GLOBAL_TIMEOUT_S = Number(process.env.E2E_GLOBAL_TIMEOUT_S || 30 * 60);

export default defineConfig({
  testDir: "tests/e2e",
  outputDir: "test-results/e2e",
  timeout: 60_000,
  globalTimeout: isCI ? GLOBAL_TIMEOUT_S * 1000 : 0,
  expect: { timeout: 10_000 },
  // Workers share no server state: every test has its own user, and servers a test starts itself
  // take free ports. Most of a test is waiting on a token's expiry: with four workers CI's own
  // processes used 0.7-0.9 of its 2 cores on average (.ci/run prints each phase's CPU), hence
  // five. The specs that are timed or touch what all share run alone, after.
  workers: 5,
  projects: [
    // `teardown` is the ordering that holds whatever the first project's outcome: a failure
    // elsewhere never skips the race suite. Playwright runs a teardown project whole, whatever
    // spec files are named: run chosen specs with `--no-deps`.
    { name: "together", testMatch: suite.together, testIgnore: suite.runAlone, teardown: "alone" },
    { name: "alone", testMatch: suite.alone, workers: 1 },
  ],
  retries: 0,
  forbidOnly: isCI,
  reporter: [
    ["list"],
    ["./tests/e2e/support/race-table-reporter.ts"],
    ["json", { outputFile: "test-results/e2e-report.json" }],
  ],
  use: {
    baseURL: APP_URL,
    // A trace records a screencast and DOM snapshots of every test, to keep those that fail: in
    // CI, where no one opens them, it cost 40 % of the specs' CPU (`--trace retain-on-failure`
    // brings it back for a run).
    trace: isCI ? "off" : "retain-on-failure",
    ...devices["Desktop Chrome"],
    launchOptions: {
      executablePath: CHROMIUM,
      args: [
        // Debian's full-browser wrapper adds --enable-gpu-rasterization: without a GPU that is
        // SwiftShader, rasterizing in software at about 10 % of the specs' CPU.
        "--disable-gpu",
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
    // As behind one appending proxy (tests/e2e/hostile/client-address.spec.ts puts one in front).
    AUTH_TRUSTED_PROXY_HOPS: "1",
  };
}
