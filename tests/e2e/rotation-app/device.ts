import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { LoginPage } from "../pages/login-page";
import type { Stack } from "../support/own-stack";

export type Device = { context: BrowserContext; page: Page };

/** A fresh user on the stack's Django, unique to the test. */
export async function createUser(stack: Stack, prefix: string) {
  const username = `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
  const user = { username, password: `pw-${username}` };
  await stack.django.createUser(user.username, user.password);
  return user;
}

/** A browser of its own (a device) signed in to the stack's app, on its dashboard. */
export async function signInDevice(
  browser: Browser,
  stack: Stack,
  user: { username: string; password: string },
): Promise<Device> {
  const context = await browser.newContext({ baseURL: stack.appUrl });
  const page = await context.newPage();
  const loginPage = new LoginPage(page);
  await loginPage.goto();
  await loginPage.signIn(user.username, user.password);
  // As the suite's signIn fixture: reaching the dashboard is checked, not how fast (a stack the
  // spec has just started renders it for the first time; 10 s ran out with five starting at once).
  await expect(page).toHaveURL(/\/dashboard$/, { timeout: 30_000 });
  return { context, page };
}
