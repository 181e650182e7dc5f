import { expect, test } from "../fixtures";
import { django } from "../support/django";
import { readSession, sessionCookies, waitForAccessExpiry } from "../support/session-cookie";

// Kilobytes of custom claims in every token (permissions, tenant data): the session cookie
// then needs several chunks, each under the browser's 4096-byte limit.
const CLAIM_BYTES = 3000;

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
