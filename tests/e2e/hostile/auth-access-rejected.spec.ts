import { expect, test } from "../fixtures";
import { fireRequests } from "./fire-requests";
import { django } from "../support/django";
import { APP_URL } from "../support/servers";
import { readSession } from "../support/session-cookie";
import { refreshFromPage, rewriteSession } from "./session-forgery";

/** A pair younger than this answers "fresh" even when its access token is reported refused. */
const ACCESS_REJECTED_GRACE_MS = 5_000;

test.describe("hostile: Django refuses an access token before its expiry", () => {
  test("a refused, unexpired access token is rotated once and the request succeeds", async ({
    page,
    context,
    user,
    signIn,
    dashboard,
    authWatch,
  }) => {
    await signIn();
    const { accessToken, signedInAt } = (await readSession(context)) as { signedInAt?: number } & {
      accessToken: string;
    };
    await page.waitForTimeout(
      Math.max(0, (signedInAt ?? 0) + ACCESS_REJECTED_GRACE_MS - Date.now()),
    );
    // As after a signing-key change: Django refuses the token, our clock says it is valid.
    await rewriteSession(context, APP_URL, { accessToken: `${accessToken.slice(0, -2)}xx` });
    await fireRequests(page, 3);
    expect(await dashboard.parallelStatuses()).toEqual(["200", "200", "200"]);
    expect(authWatch.refreshCalls).toHaveLength(1);
    expect(await django.counters(user.username)).toMatchObject({ rotations: 1, rejected: 0 });
  });

  test("a deactivated user ends on /login after one refresh, not in a loop", async ({
    page,
    context,
    user,
    signIn,
    authWatch,
  }) => {
    await signIn();
    const { signedInAt } = (await readSession(context)) as { signedInAt?: number };
    await page.waitForTimeout(
      Math.max(0, (signedInAt ?? 0) + ACCESS_REJECTED_GRACE_MS - Date.now()),
    );
    await django.setActive(user.username, user.password, false);
    await fireRequests(page, 1, { awaitSummary: false });
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdashboard&reason=account_deactivated$/);
    expect(authWatch.refreshCalls.length).toBeLessThanOrEqual(1);
    await page.goto("/dashboard");
    await expect(page).toHaveURL(/\/login/); // The session is gone, not bounced back.
  });

  const BODIES: Array<[string, string, number]> = [
    ["not JSON", "accessRejected", 400],
    ["a JSON array", "[true]", 400],
    ["a string where a boolean belongs", '{"accessRejected":"yes"}', 400],
    ["an unknown field", '{"accessRejected":true,"admin":true}', 400],
  ];
  for (const [what, body, status] of BODIES) {
    test(`a refresh body with ${what} is a 400, never a crash`, async ({ page, signIn }) => {
      await signIn();
      const reply = await page.evaluate(async (raw) => {
        const response = await fetch("/api/auth/refresh", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: raw,
        });
        return { status: response.status, body: await response.json() };
      }, body);
      expect(reply).toEqual({ status, body: { error: "invalid_request" } });
      expect(await refreshFromPage(page)).toMatchObject({ status: 200, body: { status: "fresh" } });
    });
  }
});
