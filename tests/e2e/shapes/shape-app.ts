import type { BrowserContext, Page } from "@playwright/test";
import { test as base, expect, type AuthWatch, type TestUser } from "../fixtures";
import type { DashboardPage } from "../pages/dashboard-page";
import { django } from "../support/django";
import { readSession, sessionCookies, waitForAccessExpiry } from "../support/session-cookie";
import { findFreePort } from "../support/free-port";
import { startNextInstance, type NextInstance } from "../support/next-instance";
import { DJANGO_API_URL, NEXTAUTH_SECRET } from "../support/servers";

/**
 * The suite's fixtures, with the app started against one auth shape of the bundled Django:
 * `vars` are the variables docs/adapting.md names for it. When the shape's token view is not
 * there (djoser not installed for this Django), every test of the file is skipped, saying why.
 */
export function testShape(vars: Record<string, string> & { DJANGO_TOKEN_PATH: string }) {
  const test = base.extend<object, { shapeApp: NextInstance | null }>({
    shapeApp: [
      async ({}, use) => {
        const tokenView = `${DJANGO_API_URL}/${vars.DJANGO_TOKEN_PATH}`;
        if ((await fetch(tokenView, { method: "POST" })).status === 404) return use(null);
        const instance = await startNextInstance(await findFreePort(), {
          NEXTAUTH_SECRET,
          ...vars,
        });
        await use(instance);
        await instance.stop();
      },
      { scope: "worker", timeout: 90_000 },
    ],
    baseURL: async ({ shapeApp }, use) => use(shapeApp?.url ?? "http://127.0.0.1:9"),
  });
  test.beforeEach(({ shapeApp }) => {
    test.skip(shapeApp === null, `this Django has no ${vars.DJANGO_TOKEN_PATH}`);
  });
  return test;
}

type SignedIn = {
  page: Page;
  context: BrowserContext;
  user: TestUser;
  dashboard: DashboardPage;
  authWatch: AuthWatch;
};

/**
 * What every shape must hold once signed in: ten client requests and a reload after the access
 * token expires cost one rotation and no sign-in; DRF's page links come through the proxy as
 * proxy paths; sign-out ends the newest refresh token at Django (replayed, it is refused).
 */
export async function expectTheShapeHolds({ page, context, user, dashboard, authWatch }: SignedIn) {
  expect((await django.counters(user.username)).rotations).toBe(0);
  await waitForAccessExpiry(context);
  authWatch.reset();
  await dashboard.fireParallelRequests(10);
  expect(await dashboard.parallelStatuses()).toEqual(Array(10).fill("200"));
  await page.reload();
  await dashboard.expectHydrated();
  expect(await django.counters(user.username)).toMatchObject({ rotations: 1, rejected: 0 });
  expect(authWatch.loginArrivals).toEqual([]);

  for (const text of ["a", "b", "c"]) {
    expect((await page.request.post("/api/django/notes/", { data: { text } })).status()).toBe(201);
  }
  const first = await (await page.request.get("/api/django/notes/?limit=2")).json();
  expect(first).toMatchObject({ count: 3, next: "/api/django/notes/?limit=2&offset=2" });

  const { refreshToken } = await readSession(context);
  await dashboard.signOut();
  await expect(page).toHaveURL(/\/login$/);
  expect(await sessionCookies(context)).toEqual([]);
  expect(await django.refresh(refreshToken)).toMatchObject({
    status: 401,
    body: { code: "token_not_valid" },
  });
}
