import { expect, test } from "./fixtures";
import { DashboardPage } from "./pages/dashboard-page";

test("useSession() follows a sign-out made in another tab, and that tab goes to /login", async ({
  page,
  context,
  user,
  signIn,
  dashboard,
}) => {
  await signIn();
  await expect(dashboard.sessionLine()).toHaveText(`Signed in as ${user.username}.`);
  const otherTab = await context.newPage();
  const other = new DashboardPage(otherTab);
  await otherTab.goto("/dashboard");
  await other.expectHydrated(); // Its provider listens to the other tabs from here on.
  await expect(other.sessionLine()).toHaveAttribute("data-status", "authenticated");

  // A 204 leaves a page where it is: the other tab stays to show what useSession() says.
  let isLoginHeld = true;
  await otherTab.route("**/login", (route) =>
    isLoginHeld && route.request().isNavigationRequest()
      ? route.fulfill({ status: 204 })
      : route.fallback(),
  );
  const leaving = otherTab.waitForRequest(
    (request) => request.isNavigationRequest() && new URL(request.url()).pathname === "/login",
  );

  await dashboard.signOut();
  await expect(page).toHaveURL(/\/login$/);
  await leaving;
  await expect(other.sessionLine()).toHaveAttribute("data-status", "signed-out");
  await expect(other.sessionLine()).toHaveText("You are signed out.");

  // Nothing brings it back: the session is over for every tab.
  isLoginHeld = false;
  await otherTab.reload();
  await expect(otherTab).toHaveURL(/\/login\?callbackUrl=%2Fdashboard$/);
});
