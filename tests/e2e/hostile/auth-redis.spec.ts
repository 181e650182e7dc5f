import { createClient } from "@redis/client";
import type { Browser } from "@playwright/test";
import { expect, test } from "../fixtures";
import { LoginPage } from "../pages/login-page";
import { django } from "../support/django";
import { REDIS_PORT, SHARED_INSTANCE_URLS, WITH_REDIS } from "../support/servers";
import { readSession } from "../support/session-cookie";
import { expireAccessToken, refreshFromPage } from "./session-forgery";

const INSTANCE = SHARED_INSTANCE_URLS[0]!;
const PAUSE_MS = 4_000;

/** Makes the shared redis-server stop answering (every client) for `ms`: a stuck Redis. */
async function freezeRedis(ms: number): Promise<number> {
  const admin = createClient({ url: `redis://127.0.0.1:${REDIS_PORT}` });
  await admin.connect();
  await admin.sendCommand(["CLIENT", "PAUSE", String(ms), "ALL"]);
  const until = Date.now() + ms;
  await admin.close();
  return until;
}

async function signInOnInstance(browser: Browser, user: { username: string; password: string }) {
  const context = await browser.newContext({ baseURL: INSTANCE });
  const page = await context.newPage();
  const login = new LoginPage(page);
  await login.goto();
  await login.signIn(user.username, user.password);
  await expect(page).toHaveURL(/\/dashboard$/);
  return { context, page };
}

test.describe("hostile: Redis stops answering (instances sharing Redis)", () => {
  test.skip(!WITH_REDIS, "needs redis-server");

  test("Redis stuck during a refresh → 503 fast, Django never called; back → one rotation", async ({
    browser,
    user,
  }) => {
    const { context, page } = await signInOnInstance(browser, user);
    const before = await readSession(context);
    await expireAccessToken(context, INSTANCE);
    const until = await freezeRedis(PAUSE_MS);
    const started = Date.now();
    expect(await refreshFromPage(page)).toEqual({
      status: 503,
      body: { error: "upstream_unavailable" },
    });
    expect(Date.now() - started).toBeLessThan(PAUSE_MS);
    expect(await django.counters(user.username)).toMatchObject({ rotations: 0 });
    expect((await readSession(context)).refreshToken).toBe(before.refreshToken);

    await page.waitForTimeout(Math.max(0, until - Date.now()) + 200);
    expect(await refreshFromPage(page)).toMatchObject({
      status: 200,
      body: { status: "refreshed" },
    });
    expect(await django.counters(user.username)).toMatchObject({ rotations: 1, rejected: 0 });
    await context.close();
  });

  test("sign-out while Redis is stuck still ends the session and blacklists the token", async ({
    browser,
    user,
  }) => {
    const { context, page } = await signInOnInstance(browser, user);
    const { refreshToken } = await readSession(context);
    const until = await freezeRedis(PAUSE_MS);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login$/);
    expect(await django.refresh(refreshToken)).toEqual({
      status: 401,
      body: { detail: "Token is blacklisted", code: "token_not_valid" },
    });
    await page.waitForTimeout(Math.max(0, until - Date.now()) + 200);
    await context.close();
  });
});
