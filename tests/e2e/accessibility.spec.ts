import { expect, test } from "./fixtures";
import { expectNoAccessibilityViolations } from "./support/accessibility";

test.describe("accessibility (axe-core, light and dark)", () => {
  test("the home page", async ({ page }) => {
    await page.goto("/");
    await expectNoAccessibilityViolations(page);
  });

  test("the sign-in page, empty and with an error", async ({ page, loginPage }) => {
    await loginPage.goto();
    await expectNoAccessibilityViolations(page);
    await loginPage.signIn("nobody-here", "wrong-password");
    await loginPage.expectError(/No active account/);
    await expectNoAccessibilityViolations(page);
  });

  test("the dashboard, signed in", async ({ page, signIn, user, dashboard }) => {
    await signIn();
    await dashboard.expectProfileOf(user.username);
    await expect(page.getByRole("button", { name: "Sign out" })).toBeEnabled();
    await expectNoAccessibilityViolations(page);
  });
});
