import type { BrowserContext } from "@playwright/test";
import { decode } from "next-auth/jwt";
import { expect, test as base } from "./fixtures";
import { django } from "./support/django";
import { findFreePort } from "./support/free-port";
import { startNextInstance, type NextInstance } from "./support/next-instance";
import { sessionCookies, type SessionPayload } from "./support/session-cookie";

// These tests restart their own `next start` of the suite's build with another NEXTAUTH_SECRET,
// on a port of their own: the browser's cookie follows the host, whatever the port.
const OLD_SECRET = "rotation-old-secret-rotation-old-secret-01";
const NEW_SECRET = "rotation-new-secret-rotation-new-secret-02";

const test = base.extend<{
  /** Stops the test's instance (a deploy's SIGTERM), then starts it again with `vars`. */
  restartWith: (vars: Record<string, string>) => Promise<void>;
}>({
  baseURL: async ({}, use) => use(`http://127.0.0.1:${await findFreePort()}`),
  restartWith: async ({ baseURL }, use) => {
    const port = Number(new URL(baseURL!).port);
    let instance: NextInstance | undefined;
    await use(async (vars) => {
      await instance?.stop();
      instance = await startNextInstance(port, vars);
    });
    await instance?.stop();
  },
});
test.describe.configure({ timeout: 150_000 });

/** The session cookie opened with `secret`, or null when that secret does not open it. */
async function openedWith(context: BrowserContext, secret: string) {
  const token = (await sessionCookies(context)).map(({ value }) => value).join("");
  if (!token) return null;
  const payload = await decode({ token, secret }).catch(() => null);
  return payload as unknown as SessionPayload | null;
}

test("after a rotation the old secret's session renders, refreshes, calls Django and is re-sealed", async ({
  page,
  context,
  user,
  signIn,
  dashboard,
  authWatch,
  restartWith,
}) => {
  await restartWith({ NEXTAUTH_SECRET: OLD_SECRET });
  await signIn();
  const before = await openedWith(context, OLD_SECRET);
  expect(before).not.toBeNull();

  await restartWith({ NEXTAUTH_SECRET: NEW_SECRET, NEXTAUTH_SECRET_PREVIOUS: OLD_SECRET });
  // One refresh from here on, wherever the expiry falls: during this first load (a slow restart),
  // at the page's own session deadline, or when the requests below fire.
  authWatch.reset();
  await page.goto("/dashboard");
  await dashboard.expectProfileOf(user.username);

  // Wait on the token's own expiry (observable state), then let the page call Django.
  const remaining = before!.accessExpires - Date.now();
  if (remaining > -1000) await page.waitForTimeout(remaining + 1000);
  await dashboard.fireParallelRequests(3);
  expect(await dashboard.parallelStatuses()).toEqual(Array(3).fill("200"));
  expect(authWatch.refreshCalls).toHaveLength(1);

  const after = await openedWith(context, NEW_SECRET);
  expect(after, "the refresh wrote a cookie sealed with the new secret").not.toBeNull();
  expect(after!.refreshToken).not.toBe(before!.refreshToken);
  expect(await openedWith(context, OLD_SECRET)).toBeNull();
  await page.reload();
  await dashboard.expectProfileOf(user.username);
  expect(await django.counters(user.username)).toMatchObject({ rotations: 1, rejected: 0 });
});

test("without NEXTAUTH_SECRET_PREVIOUS the same cookie goes to /login, and is left for its own instance", async ({
  page,
  context,
  user,
  signIn,
  dashboard,
  restartWith,
}) => {
  await restartWith({ NEXTAUTH_SECRET: OLD_SECRET });
  await signIn();
  await restartWith({ NEXTAUTH_SECRET: NEW_SECRET });
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdashboard$/); // The hazard.
  // Not cleared: during a rolling deploy, an instance that holds the old secret still reads it.
  expect(await openedWith(context, OLD_SECRET)).not.toBeNull();
  await restartWith({ NEXTAUTH_SECRET: OLD_SECRET });
  await page.goto("/dashboard");
  await dashboard.expectProfileOf(user.username);
});
