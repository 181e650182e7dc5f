import { hostname } from "node:os";
import { expect, test } from "../fixtures";
import { SessionInspectorPage } from "./session-inspector-page";
import { expectNoAccessibilityViolations } from "../support/accessibility";
import { django } from "../support/django";
import { readSession, waitForAccessExpiry } from "../support/session-cookie";

test.describe(() => {
  test.use({ firstAccessLifetimeS: 8 });

  test("the session inspector shows every 401, one refresh and every retry", async ({
    page,
    context,
    user,
    signIn,
    dashboard,
  }) => {
    await signIn();
    const inspector = new SessionInspectorPage(page);
    await inspector.goto();
    const otherTab = await context.newPage();
    const otherInspector = new SessionInspectorPage(otherTab);
    await otherInspector.goto();
    await waitForAccessExpiry(context);

    await dashboard.fireParallelRequests(8);
    await expect(page.getByTestId("parallel-summary")).toHaveText("8 of 8 succeeded");

    await expect(inspector.timelineEntries({ type: "unauthorized" })).toHaveCount(8);
    await expect(inspector.timelineEntries({ type: "refresh-started" })).toHaveCount(1);
    await expect(
      inspector.timelineEntries({ type: "refresh-finished", outcome: "refreshed" }),
    ).toHaveCount(1);
    await expect(inspector.timelineEntries({ type: "retried" })).toHaveCount(8);
    await expect(inspector.timelineEntries({ type: "retried" }).first()).toContainText("→ 200");
    await expect(
      otherInspector.timelineEntries({
        type: "refresh-finished",
        source: "other-tab",
        outcome: "refreshed",
      }),
    ).toHaveCount(1);
    await expect(page.getByTestId("access-expiry")).toContainText("expires in");
    expect(await django.counters(user.username)).toMatchObject({ rotations: 1, rejected: 0 });

    const { accessToken, refreshToken } = await readSession(context);
    const html = await page.content();
    expect(html).not.toContain(accessToken);
    expect(html).not.toContain(refreshToken);
  });
});

test("developer tools are absent from the production build", async ({ page, signIn }) => {
  await signIn();
  await new SessionInspectorPage(page).goto();
  await expect(page.getByRole("heading", { name: "Session inspector" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Expire the access token now" })).toHaveCount(0);
  expect((await page.request.post("/api/dev/expire-access")).status()).toBe(404);
});

test("the session inspector has no accessibility violations, light and dark", async ({
  page,
  signIn,
}) => {
  await signIn();
  const inspector = new SessionInspectorPage(page);
  await inspector.goto();
  await expectNoAccessibilityViolations(page);
});

test("a production build shows no host name, pid or server-wide counters without the flag", async ({
  page,
  signIn,
}) => {
  // The suite's main instance is `next start` without AUTH_DEMO_DIAGNOSTICS.
  await signIn();
  await new SessionInspectorPage(page).goto();
  await expect(page.getByRole("heading", { name: "Session inspector" })).toBeVisible();
  await expect(page.getByText("Refresh decisions on this server")).toHaveCount(0);
  const html = await page.content();
  // The default instance id is `<hostname>-<pid>` (a host name alone may be any short word).
  const escapedHost = hostname().replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  expect(html).not.toMatch(new RegExp(`\\b${escapedHost}-\\d+\\b`));
  expect(html).not.toMatch(/Instance [\w.:-]+-\d+/);
});
