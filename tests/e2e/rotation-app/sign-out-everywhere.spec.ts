import { expect, test } from "../fixtures";
import { fireRequests } from "../hostile/fire-requests";
import { expireAccessToken } from "../hostile/session-forgery";
import { readSession } from "../support/session-cookie";
import { waitUntil } from "../support/session-limits";
import { STACK_START_TIMEOUT_MS, startStack, type Stack } from "../support/own-stack";
import { createUser, signInDevice } from "./device";

// A Django with simplejwt_rotation and an app with DJANGO_LOGOUT_ALL_PATH, started by this file.
test.describe.configure({ timeout: 120_000 });

let stack: Stack | undefined;
test.beforeAll(async () => {
  test.setTimeout(STACK_START_TIMEOUT_MS);
  stack = await startStack({
    rotationApp: true,
    nextEnv: { DJANGO_LOGOUT_ALL_PATH: "token/logout-all/" },
  });
});
test.afterAll(async () => stack?.stop());

const BUTTON = { name: "Sign out of all devices" } as const;

test("two devices: one signs out of all devices, the other lands on /login at its next action", async ({
  browser,
}) => {
  const user = await createUser(stack!, "everywhere");
  const laptop = await signInDevice(browser, stack!, user);
  const laptopTab = await laptop.context.newPage();
  await laptopTab.goto("/dashboard");
  const phone = await signInDevice(browser, stack!, user);
  const phoneSession = await readSession(phone.context);
  // The laptop's access token is refused first: the route renews it once, then signs out.
  await expireAccessToken(laptop.context, stack!.appUrl);

  await laptop.page.getByRole("button", BUTTON).click();
  await expect(laptop.page).toHaveURL(/\/login$/);
  await expect(laptopTab).toHaveURL(/\/login/);
  expect(await laptop.context.cookies()).not.toContainEqual(
    expect.objectContaining({ name: "next-auth.session-token" }),
  );

  // The phone keeps its access token until it expires, then its refresh is refused by Django.
  await waitUntil(phoneSession.accessExpires + 500);
  await fireRequests(phone.page, 1, { awaitSummary: false });
  await expect(phone.page).toHaveURL(/\/login/);
  expect((await stack!.django.refresh(phoneSession.refreshToken)).status).toBe(401);
  await Promise.all([laptop.context.close(), phone.context.close()]);
});

test("Django down: the button says so and nobody is signed out", async ({ browser }) => {
  const user = await createUser(stack!, "everywhere-down");
  const device = await signInDevice(browser, stack!, user);
  const before = await readSession(device.context);
  await stack!.django.armFault(user.username, {
    endpoint: "access",
    mode: "error",
    count: 1,
  });

  await device.page.getByRole("button", BUTTON).click();
  await expect(device.page.getByRole("alert").filter({ hasText: "all devices" })).toHaveText(
    "Could not sign out of all devices. Try again.",
  );
  await expect(device.page).toHaveURL(/\/dashboard$/);
  expect((await readSession(device.context)).refreshToken).toBe(before.refreshToken);
  await device.context.close();
});

test("without DJANGO_LOGOUT_ALL_PATH there is no such button and no such route", async ({
  page,
  signIn,
}) => {
  await signIn();
  await expect(page.getByRole("button", { name: "Sign out", exact: true })).toBeVisible();
  await expect(page.getByRole("button", BUTTON)).toHaveCount(0);
  const status = await page.evaluate(
    async () => (await fetch("/api/auth/sign-out-everywhere", { method: "POST" })).status,
  );
  expect(status).toBe(404);
});
