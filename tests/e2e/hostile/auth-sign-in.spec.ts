import { expect, test } from "../fixtures";
import { django, type Fault } from "../support/django";

const UNAVAILABLE = "The server could not reach the API. Try again in a moment.";
const THROTTLED = "Too many sign-in attempts. Wait a moment, then try again.";

/** Django's token endpoint answers like this → the form shows this, and nothing of Django's. */
const ANSWERS: Array<[string, Omit<Fault, "count">, string]> = [
  ["429 throttled", { mode: "status", status: 429 }, THROTTLED],
  ["403 forbidden", { mode: "status", status: 403 }, UNAVAILABLE],
  ["500 server error", { mode: "status", status: 500 }, UNAVAILABLE],
  ["200 HTML maintenance page", { mode: "html200" }, UNAVAILABLE],
  ["200 truncated JSON", { mode: "truncated" }, UNAVAILABLE],
];

test.describe("hostile: Django's sign-in endpoint misbehaves", () => {
  for (const [answer, fault, message] of ANSWERS) {
    test(`sign-in answered "${answer}" → "${message}", no session, nothing leaked`, async ({
      page,
      context,
      user,
      loginPage,
    }) => {
      await django.armFault(user.username, { ...fault, endpoint: "token", count: 1 });
      await loginPage.goto();
      await loginPage.signIn(user.username, user.password);
      await loginPage.expectError(message);
      await expect(loginPage.formAlert()).not.toContainText(/injected|maintenance|token\/|<|\{/i);
      await expect(page).toHaveURL(/\/login/);
      expect((await context.cookies()).map(({ name }) => name)).not.toContain(
        "next-auth.session-token",
      );
      // Django recovers: the same form signs in.
      await loginPage.signIn(user.username, user.password);
      await expect(page).toHaveURL(/\/dashboard$/);
    });
  }

  test("sign-in tells Django the client's address (X-Forwarded-For)", async ({ user, page }) => {
    const csrf = await (await page.request.get("/api/auth/csrf")).json();
    await page.request.post("/api/auth/callback/credentials", {
      headers: { "X-Forwarded-For": "198.51.100.23" },
      form: { csrfToken: csrf.csrfToken, username: user.username, password: user.password },
    });
    expect(await django.forwardedFor(user.username)).toMatchObject({ token: "198.51.100.23" });
  });
});
