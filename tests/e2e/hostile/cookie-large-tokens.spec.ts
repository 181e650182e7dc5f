import { expect, test } from "../fixtures";
import { django } from "../support/django";
import {
  readSession,
  SESSION_COOKIE,
  sessionCookies,
  waitForAccessExpiry,
} from "../support/session-cookie";

// Kilobytes of custom claims in every token (permissions, tenant data): the session cookie
// then needs several chunks, each under the browser's 4096-byte limit. 3 kB fits the cookie's
// budget; 4.5 kB would make a 17 kB Cookie header that Node answers 431 to, on every route.
const CLAIM_BYTES = 3000;
const TOO_MANY_CLAIM_BYTES = 4500;

test.describe(() => {
  test.use({ firstAccessLifetimeS: 6 });

  test("tokens with kilobytes of claims survive a refresh, a reload and a sign-out", async ({
    page,
    context,
    user,
    signIn,
    dashboard,
    authWatch,
  }) => {
    await django.createUser(user.username, user.password, { extraClaimsBytes: CLAIM_BYTES });
    await signIn();
    const signedIn = await sessionCookies(context);
    expect(signedIn.map(({ name }) => name)).toEqual(
      signedIn.map((_, i) => `next-auth.session-token.${i}`),
    );
    expect(signedIn.length).toBeGreaterThan(1);
    const before = await readSession(context);
    expect(before.accessToken.length).toBeGreaterThan(CLAIM_BYTES);
    const header = signedIn.map(({ name, value }) => `${name}=${value}`).join("; ");
    console.log(`session Cookie header with ${CLAIM_BYTES} B of claims: ${header.length} B`);

    await waitForAccessExpiry(context);
    await dashboard.fireParallelRequests(3);
    expect(await dashboard.parallelStatuses()).toEqual(Array(3).fill("200"));
    expect(authWatch.refreshCalls).toHaveLength(1);

    // The browser kept the rotated pair: the refresh wrote it in chunks it does not drop.
    const refreshed = await sessionCookies(context);
    expect(refreshed.length).toBeGreaterThan(1);
    for (const { name, value } of refreshed) {
      expect(name.length + value.length, name).toBeLessThanOrEqual(4096);
    }
    const after = await readSession(context);
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.accessExpires).toBeGreaterThan(Date.now());

    await page.reload();
    await dashboard.expectProfileOf(user.username);
    expect(authWatch.refreshCalls).toHaveLength(1);
    expect(await django.counters(user.username)).toMatchObject({ rotations: 1, rejected: 0 });

    await dashboard.signOut();
    await expect(page).toHaveURL(/\/login$/);
    expect(await sessionCookies(context)).toEqual([]);
    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdashboard$/);
    await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  });
});

test("tokens too large for a cookie: sign-in refused with their size and the fix, no lockout", async ({
  page,
  context,
  user,
  loginPage,
}) => {
  await django.createUser(user.username, user.password, { extraClaimsBytes: TOO_MANY_CLAIM_BYTES });
  await loginPage.goto();
  await loginPage.signIn(user.username, user.password);
  await loginPage.expectError(/carry [\d.]+ kB of claims.*under 13\.0 kB.*in Django/);
  await expect(page).toHaveURL(/\/login/);
  expect(await sessionCookies(context)).toEqual([]);
  // Every route still answers: nothing was written that the server would refuse.
  for (const path of ["/login", "/api/auth/csrf", "/api/health"]) {
    expect((await page.request.get(path)).status(), path).toBeLessThan(400);
  }
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdashboard$/);
});

test("a request carrying session chunks past the budget is answered, and the chunks cleared", async ({
  page,
  context,
  baseURL,
}) => {
  // 14 kB of chunks: under Node's 16 kB (so the request arrives) but past the cookie's budget.
  const url = new URL(baseURL!);
  await context.addCookies(
    [0, 1, 2, 3].map((i) => ({
      name: `${SESSION_COOKIE}.${i}`,
      value: "x".repeat(3500),
      domain: url.hostname,
      path: "/",
    })),
  );
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdashboard$/);
  expect(await sessionCookies(context)).toEqual([]);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
});
