import { expect, test } from "./fixtures";
import { SessionWarning } from "./pages/session-warning";
import { django } from "./support/django";
import { readSession, sessionCookies } from "./support/session-cookie";
import { refreshAtDjango, refreshFromPage } from "./support/session-limits";
import { LIMITS_INSTANCE_URL, SHORT_LIMITS } from "./support/servers";

// An instance with a 40 s idle timeout, a 60 s absolute limit and a 20 s warning lead (SHORT_LIMITS).
test.use({ baseURL: LIMITS_INSTANCE_URL });
// Each test waits for a limit: 40 s of idle, or the absolute limit's warning 40 s in.
test.setTimeout(120_000);

test("every tab warns; Stay signed in in one closes it in all, for one rotation", async ({
  page,
  context,
  signIn,
  user,
}, testInfo) => {
  await signIn();
  const other = await context.newPage();
  await other.goto("/dashboard");
  const tabs = [new SessionWarning(page), new SessionWarning(other)];

  // 40 s idle − 20 s lead: 20 s after sign-in, in both tabs.
  for (const tab of tabs) await tab.expectOpen("idle_timeout");
  // Focus moves into the dialog, onto its action.
  await expect(tabs[1]!.staySignedInButton()).toBeFocused();
  await page.screenshot({ path: testInfo.outputPath("session-warning.png") });
  await page.emulateMedia({ colorScheme: "dark" });
  await page.screenshot({ path: testInfo.outputPath("session-warning-dark.png") });
  await page.emulateMedia({ colorScheme: "light" });
  expect((await django.counters(user.username)).rotations).toBe(0);

  await tabs[0]!.staySignedInButton().click();
  for (const tab of tabs) await tab.expectClosed();
  expect((await django.counters(user.username)).rotations).toBe(1);

  // Next comes the absolute limit (60 s): no way to extend it, Escape closes the dialog and
  // focus returns where it was.
  const dashboardLink = other.getByRole("link", { name: "Dashboard" });
  await dashboardLink.focus();
  await tabs[1]!.expectOpen("session_limit");
  await expect(tabs[1]!.staySignedInButton()).toHaveCount(0);
  await other.keyboard.press("Escape");
  await tabs[1]!.expectClosed();
  await expect(dashboardLink).toBeFocused();
  await tabs[0]!.expectOpen("session_limit"); // Escape closed it in that tab only.
  expect((await django.counters(user.username)).rotations).toBe(1);
});

test("when the idle limit passes, every tab goes to sign-in, which says why", async ({
  page,
  context,
  signIn,
  user,
}) => {
  await signIn();
  const other = await context.newPage();
  await other.goto("/dashboard");
  const { refreshToken, signedInAt } = await readSession(context);
  const cookiesBeforeTheLimit = await sessionCookies(context);
  await new SessionWarning(other).expectOpen("idle_timeout");

  const deadline = Number(signedInAt) + SHORT_LIMITS.idleTimeoutS * 1000;
  const timeout = deadline - Date.now() + 15_000;
  for (const tab of [page, other]) {
    await expect(tab).toHaveURL(/\/login\?callbackUrl=%2Fdashboard&reason=idle_timeout$/, {
      timeout,
    });
    await expect(tab.getByText("You were signed out after a period of inactivity.")).toBeVisible();
  }
  expect(await sessionCookies(context)).toEqual([]);
  // The server ended it: Django blacklisted the chain's token, no rotation happened, and the
  // cookie from before the limit gets nothing back.
  expect(await refreshAtDjango(refreshToken)).toMatchObject({
    status: 401,
    body: { detail: "Token is blacklisted" },
  });
  await context.addCookies(cookiesBeforeTheLimit);
  expect(await refreshFromPage(page, true)).toMatchObject({
    status: 401,
    body: { reason: "idle_timeout" },
  });
  expect((await django.counters(user.username)).rotations).toBe(0);
});
