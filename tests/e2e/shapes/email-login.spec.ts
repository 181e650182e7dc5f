import { expect, test } from "@playwright/test";
import { DashboardPage } from "../pages/dashboard-page";
import { STACK_START_TIMEOUT_MS, startStack, type Stack } from "../support/own-stack";
import { readSession, waitForAccessExpiry } from "../support/session-cookie";

// A custom user model that signs in with its email (USERNAME_FIELD = "email", no username field:
// tests/django/email_users), on a Django of its own; the app runs with DJANGO_USERNAME_FIELD=email
// and reads the profile from me/.
let stack: Stack;
test.describe.configure({ mode: "serial", timeout: 120_000 });
test.beforeAll(async () => {
  test.setTimeout(STACK_START_TIMEOUT_MS);
  stack = await startStack({
    rotationApp: false,
    djangoEnv: { DJANGO_EMAIL_USERS: "1" },
    nextEnv: { DJANGO_USERNAME_FIELD: "email" },
  });
});
test.afterAll(async () => stack?.stop());

test("an email login: the form asks for the email, the session carries it, one rotation after expiry, sign-out ends it", async ({
  page,
  context,
}) => {
  const email = `ada-${Date.now().toString(36)}@example.com`;
  const password = "pw-email-login";
  await stack.django.createUser(email, password, { accessLifetimeS: 5 });
  await page.goto(`${stack.appUrl}/login`);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(`${stack.appUrl}/dashboard`);
  await expect(page.getByRole("heading", { name: `Welcome, ${email}` })).toBeVisible();
  expect((await readSession(context)).user).toMatchObject({ username: email, email });

  const dashboard = new DashboardPage(page);
  await waitForAccessExpiry(context);
  await dashboard.fireParallelRequests(10);
  expect(await dashboard.parallelStatuses()).toEqual(Array(10).fill("200"));
  expect(await stack.django.counters(email)).toMatchObject({ rotations: 1, rejected: 0 });

  const { refreshToken } = await readSession(context);
  await dashboard.signOut();
  await expect(page).toHaveURL(`${stack.appUrl}/login`);
  expect((await stack.django.refresh(refreshToken)).status).toBe(401);
});
