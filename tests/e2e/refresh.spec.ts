import { expect, test } from "./fixtures";
import { LoginPage } from "./pages/login-page";
import { django } from "./support/django";
import { readSession, waitForAccessExpiry } from "./support/session-cookie";

test.describe("refresh", () => {
  test.describe(() => {
    test.use({ firstAccessLifetimeS: 5 });

    test("10 parallel requests after expiry all succeed on one Django rotation", async ({
      context,
      user,
      signIn,
      dashboard,
      authWatch,
    }) => {
      await signIn();
      await waitForAccessExpiry(context);
      await dashboard.fireParallelRequests(10);
      expect(await dashboard.parallelStatuses()).toEqual(Array(10).fill("200"));
      expect(await django.counters(user.username)).toMatchObject({ rotations: 1, rejected: 0 });
      expect(authWatch.loginArrivals).toEqual([]);
    });

    test("a page rendered after expiry recovers through one refresh, without a loop", async ({
      page,
      context,
      user,
      signIn,
      dashboard,
      authWatch,
    }) => {
      await signIn();
      await waitForAccessExpiry(context);
      await page.reload();
      await dashboard.expectProfileOf(user.username);
      expect(authWatch.refreshCalls).toHaveLength(1);
      expect(await django.counters(user.username)).toMatchObject({ rotations: 1, rejected: 0 });
      expect(authWatch.loginArrivals).toEqual([]);
    });
  });

  test("a page load with a valid access token never calls the refresh endpoint", async ({
    page,
    signIn,
    authWatch,
  }) => {
    await signIn();
    await page.reload();
    await page.goto("/dashboard?again=1");
    await expect(page.getByTestId("profile")).toBeVisible();
    expect(authWatch.refreshCalls).toEqual([]);
  });

  test.describe(() => {
    test.use({ firstAccessLifetimeS: 5 });

    test("Django down during a refresh keeps the session; the next try succeeds", async ({
      context,
      user,
      signIn,
      dashboard,
      authWatch,
    }) => {
      await signIn();
      const before = await readSession(context);
      await django.armFault(user.username, { mode: "error", count: 100 });
      await waitForAccessExpiry(context);

      await dashboard.fireParallelRequests(5);
      expect(await dashboard.parallelStatuses()).toEqual(
        Array(5).fill(
          "error The server is unavailable. Your session is safe; try again in a moment.",
        ),
      );
      expect((await readSession(context)).refreshToken).toBe(before.refreshToken);
      const { faults_served } = await django.counters(user.username);
      expect(faults_served).toBeGreaterThanOrEqual(1);

      await django.disarmFaults(user.username);
      await dashboard.fireParallelRequests(5);
      expect(await dashboard.parallelStatuses()).toEqual(Array(5).fill("200"));
      expect(await django.counters(user.username)).toMatchObject({
        rotations: 1,
        rejected: 0,
        faults_served,
      });
      expect(authWatch.loginArrivals).toEqual([]);
    });
  });

  test("an expired refresh token sends the user to sign in, then back to the page", async ({
    page,
    context,
  }) => {
    const user = { username: `short-${Date.now().toString(36)}`, password: "short-lived-pw" };
    await django.createUser(user.username, user.password, { refreshLifetimeS: 10 });
    const loginPage = new LoginPage(page);
    await loginPage.goto("/dashboard?from=expired");
    await loginPage.signIn(user.username, user.password);
    await expect(page).toHaveURL(/\/dashboard\?from=expired$/);

    const { refreshExpires } = await readSession(context);
    await page.waitForTimeout(Math.max(0, refreshExpires - Date.now()) + 1000);
    await page.getByRole("button", { name: /Fire \d+ parallel requests/ }).click();
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdashboard%3Ffrom%3Dexpired$/);

    await loginPage.signIn(user.username, user.password);
    await expect(page).toHaveURL(/\/dashboard\?from=expired$/);
  });

  test("navigation with an expired refresh token redirects to /login without refreshing", async ({
    page,
    context,
  }) => {
    const user = { username: `short-nav-${Date.now().toString(36)}`, password: "short-lived-pw" };
    await django.createUser(user.username, user.password, { refreshLifetimeS: 10 });
    const loginPage = new LoginPage(page);
    await loginPage.goto();
    await loginPage.signIn(user.username, user.password);
    await expect(page).toHaveURL(/\/dashboard$/);

    const { refreshExpires } = await readSession(context);
    await page.waitForTimeout(Math.max(0, refreshExpires - Date.now()) + 1000);
    await page.goto("/dashboard?x=1");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdashboard%3Fx%3D1$/);
    expect(await django.counters(user.username)).toMatchObject({ rotations: 0, rejected: 0 });
  });
});
