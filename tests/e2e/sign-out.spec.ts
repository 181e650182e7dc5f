import { expect, test } from "./fixtures";
import { django } from "./support/django";
import { readSession } from "./support/session-cookie";

test("sign-out blacklists the refresh token at Django and sends every tab to /login", async ({
  page,
  context,
  signIn,
  dashboard,
}) => {
  await signIn();
  const { refreshToken } = await readSession(context);
  const otherTab = await context.newPage();
  await otherTab.goto("/dashboard");
  await expect(otherTab.getByTestId("profile")).toBeVisible();

  await dashboard.signOut();
  await expect(page).toHaveURL(/\/login$/);
  await expect(otherTab).toHaveURL(/\/login/, { timeout: 1_000 });

  expect(await django.refresh(refreshToken)).toEqual({
    status: 401,
    body: { detail: "Token is blacklisted", code: "token_not_valid" },
  });
  expect((await page.request.get("/api/django/me/")).status()).toBe(401);
});

test("a Django failure during sign-out still signs the user out here, and /login says so", async ({
  page,
  user,
  signIn,
  dashboard,
}) => {
  await signIn();
  await django.armFault(user.username, { endpoint: "blacklist", mode: "error", count: 1 });
  await dashboard.signOut();
  await expect(page).toHaveURL(/\/login\?signedOut=here_only$/);
  await expect(
    page.getByText("the server could not confirm that your session ended"),
  ).toBeVisible();
  expect((await page.request.get("/api/django/me/")).status()).toBe(401);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdashboard$/);
  expect(await django.counters(user.username)).toMatchObject({ faults_served: 1 });
});

test("a Sign out clicked before the page has hydrated still signs out: the button waits for it", async ({
  page,
  signIn,
  dashboard,
}) => {
  await signIn();
  // The page's scripts arrive 2 s late, as on a slow connection (or a loaded CI machine): the
  // server-rendered button shows long before React can handle its click.
  await page.route("**/_next/static/**/*.js", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await route.continue();
  });
  await page.reload({ waitUntil: "domcontentloaded" });
  await dashboard.signOut();
  await expect(page).toHaveURL(/\/login$/);
});
