#!/usr/bin/env node
// `npm run screenshots`: the README's screenshots, taken from an app that is already running
// (`npm run demo` in another terminal). Signs in, forces one refresh race, and captures it.
// Usage: node tools/screenshots.mjs [--url http://localhost:3000] [--out docs]
//          [--username demo] [--password demo-pass-2026]
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { chromium } from "@playwright/test";

const { values: options } = parseArgs({
  options: {
    url: { type: "string", default: "http://localhost:3000" },
    out: { type: "string", default: "docs" },
    username: { type: "string", default: "demo" },
    password: { type: "string", default: "demo-pass-2026" },
  },
});
const baseURL = options.url.replace(/\/+$/, "");
const PARALLEL_REQUESTS = "10";
const VIEWPORT = { width: 1280, height: 800 };
// Playwright cannot download its browser on every machine; Debian's Chromium works as well.
const SYSTEM_CHROMIUM = "/usr/bin/chromium";
// The dev-mode Next.js badge is not part of the app: keep it out of the pictures.
const HIDE_DEV_OVERLAY = "nextjs-portal { display: none !important; }";

async function assertAppIsRunning() {
  try {
    await fetch(`${baseURL}/login`, { redirect: "manual", signal: AbortSignal.timeout(60_000) });
  } catch (error) {
    console.error(`The app does not answer at ${baseURL} (${error.cause?.code ?? error.message}).`);
    console.error("Start it first, e.g. `npm run demo`, then pass its address with --url.");
    process.exit(1);
  }
}

async function capture(page, file, { fullPage = false } = {}) {
  const target = path.join(options.out, file);
  await page.screenshot({
    path: target,
    fullPage,
    animations: "disabled",
    style: HIDE_DEV_OVERLAY,
  });
  console.log(`wrote ${target}`);
}

async function signIn(page) {
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in" }).waitFor();
  await capture(page, "login.png");
  await page.getByLabel("Username").fill(options.username);
  await page.getByLabel("Password").fill(options.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/dashboard");
}

// The interesting picture is the race: an expired access token, ten requests, one refresh.
async function captureRefreshRace(page, file) {
  await page.goto("/dashboard/session");
  await page.getByRole("heading", { name: "Session inspector" }).waitFor();
  // A first round with a fresh token: `next dev` compiles the proxy then, not during the race.
  await fireParallelRequests(page);
  const expireNow = page.getByRole("button", { name: "Expire the access token now" });
  if (await expireNow.isVisible()) {
    await expireNow.click();
    await page.getByText("The access token is now rejected by Django").waitFor();
  } else {
    await waitForAccessExpiry(page);
  }
  const refreshed = page.locator('[data-testid="timeline-entry"][data-type="refresh-finished"]');
  await fireParallelRequests(page, refreshed);
  // The timeline scrolls and lists the newest first: centre the refresh, retries above, 401s below.
  await refreshed.first().evaluate((entry) => entry.scrollIntoView({ block: "center" }));
  await capture(page, file, { fullPage: true });
}

async function fireParallelRequests(page, awaited) {
  await page.getByLabel("Requests").fill(PARALLEL_REQUESTS);
  await page.getByRole("button", { name: `Fire ${PARALLEL_REQUESTS} parallel requests` }).click();
  await awaited?.first().waitFor({ timeout: 30_000 });
  const summary = `${PARALLEL_REQUESTS} of ${PARALLEL_REQUESTS} succeeded`;
  await page
    .getByTestId("parallel-summary")
    .filter({ hasText: summary })
    .waitFor({ timeout: 30_000 });
}

// Production builds have no "expire now" button: wait out the real access-token lifetime.
async function waitForAccessExpiry(page) {
  const response = await page.request.get("/api/auth/session");
  const { accessExpires } = await response.json();
  if (typeof accessExpires !== "number") throw new Error("/api/auth/session has no accessExpires.");
  const waitMs = Math.max(0, accessExpires - Date.now()) + 1_000;
  console.log(`waiting ${Math.ceil(waitMs / 1000)} s for the access token to expire…`);
  await page.waitForTimeout(waitMs);
}

async function main() {
  await assertAppIsRunning();
  mkdirSync(options.out, { recursive: true });
  const executablePath = existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined;
  const browser = await chromium.launch({ executablePath });
  try {
    const contextOptions = { baseURL, viewport: VIEWPORT, deviceScaleFactor: 1 };
    const light = await browser.newContext({ ...contextOptions, colorScheme: "light" });
    const page = await light.newPage();
    await signIn(page);
    await page.getByTestId("profile").waitFor(); // the server component read Django
    // Hydrated: the client components enable their controls (disabled buttons look faded).
    await page.locator("button:enabled", { hasText: "Add note" }).waitFor();
    await capture(page, "dashboard.png");
    await captureRefreshRace(page, "session-inspector.png");

    // The same session, after its refresh: the dark context reuses the newest cookie.
    const storageState = await light.storageState();
    const dark = await browser.newContext({ ...contextOptions, colorScheme: "dark", storageState });
    await captureRefreshRace(await dark.newPage(), "session-inspector-dark.png");
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
