import { expect, test } from "./fixtures";
import { fireRequests } from "./hostile/fire-requests";
import { LoginPage } from "./pages/login-page";
import { django } from "./support/django";
import { waitForAccessExpiry } from "./support/session-cookie";

// Django refusing the user, not the token, ends the session with a reason the sign-in page
// explains. simplejwt 5.4+ refuses an inactive user's refresh (`no_active_account`); 5.2 refreshes
// it and refuses the retried call (`user_inactive`). Either way: one code, one message.

const atLeast = (version: string, major: number, minor: number) => {
  const [x = 0, y = 0] = version.split(".").map(Number);
  return x > major || (x === major && y >= minor);
};

test.describe("a session Django refuses ends with its reason", () => {
  test.describe(() => {
    test.use({ firstAccessLifetimeS: 5 });

    test("a deactivated user lands on /login told why, and cannot sign in again", async ({
      page,
      context,
      user,
      signIn,
      authWatch,
    }) => {
      const { simplejwt } = await django.stack();
      await signIn();
      await waitForAccessExpiry(context);
      await django.setActive(user.username, user.password, false);
      await fireRequests(page, 1, { awaitSummary: false });
      await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdashboard&reason=account_deactivated$/);
      await expect(page.getByText("Your account was deactivated.")).toBeVisible();
      // 5.4+ says so on the refresh itself; 5.2 rotates and refuses the retried call instead.
      expect(authWatch.refreshRejections).toHaveLength(atLeast(simplejwt, 5, 4) ? 1 : 0);

      const loginPage = new LoginPage(page);
      await loginPage.signIn(user.username, user.password);
      await loginPage.expectError("No active account found with the given credentials");
    });

    test("a password changed elsewhere sends the user to /login told why", async ({
      page,
      context,
      user,
      signIn,
    }) => {
      const { simplejwt, check_revoke_token } = await django.stack();
      test.skip(
        !atLeast(simplejwt, 5, 3) || !check_revoke_token,
        `simplejwt ${simplejwt} with CHECK_REVOKE_TOKEN=${check_revoke_token}: a password change ` +
          "revokes tokens only from simplejwt 5.3 with CHECK_REVOKE_TOKEN on",
      );
      await signIn();
      await waitForAccessExpiry(context);
      await django.setPassword(user.username, `${user.password}-new`);
      await fireRequests(page, 1, { awaitSummary: false });
      await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdashboard&reason=password_changed$/);
      await expect(page.getByText("Your password was changed: sign in again.")).toBeVisible();
      await page.goto("/dashboard");
      await expect(page).toHaveURL(/\/login/); // Signed out, not bounced back.
    });
  });
});
