import { expect, test } from "./fixtures";
import { rawRequest } from "./hostile/raw-request";

/** A page under app/(protected)/ is protected by its folder alone, and sign-in returns to it. */
test("a signed-out visit to a protected page signs in and lands back on it", async ({
  page,
  user,
  loginPage,
}) => {
  await page.goto("/dashboard?from=link");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdashboard%3Ffrom%3Dlink$/);
  await loginPage.signIn(user.username, user.password);
  await expect(page).toHaveURL(/\/dashboard\?from=link$/);
});

test("a page outside (protected) is public", async ({ page }) => {
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  await expect(page).toHaveURL(/\/$/);
});

test("a client's own x-pathname never chooses the return path", async () => {
  const reply = await rawRequest("/dashboard", { headers: { "x-pathname": "/evil-choice" } });
  expect(reply.status).toBe(307);
  expect(reply.headers.location).toBe("/login?callbackUrl=%2Fdashboard");
});
