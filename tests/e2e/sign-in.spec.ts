import { expect, test } from "./fixtures";
import { django } from "./support/django";
import { readSession } from "./support/session-cookie";

test.describe("sign in", () => {
  test("a good password lands on the dashboard with the profile read on the server", async ({
    page,
    user,
    loginPage,
    dashboard,
  }) => {
    await loginPage.goto();
    await loginPage.signIn(user.username, user.password);
    await expect(page).toHaveURL(/\/dashboard$/);
    await dashboard.expectProfileOf(user.username);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(user.username);
  });

  test("a bad password shows Django's own message and keeps the user on /login", async ({
    page,
    user,
    loginPage,
  }) => {
    await loginPage.goto();
    await loginPage.signIn(user.username, "not-the-password");
    await loginPage.expectError("No active account found with the given credentials");
    await expect(page).toHaveURL(/\/login/);
    await expect(loginPage.formAlert()).toBeFocused();

    // The same error again is announced and focused again.
    await page.getByLabel("Password").focus();
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(loginPage.formAlert()).toBeFocused();
  });

  test("empty fields are caught in the browser and focused", async ({ page, loginPage }) => {
    await loginPage.goto();
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByLabel("Username")).toBeFocused();
    await expect(page.getByLabel("Username")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("This field is required.")).toHaveCount(2);
  });

  test("a protected page sends a visitor to /login and back after sign-in", async ({
    page,
    user,
    loginPage,
  }) => {
    await page.goto("/dashboard?tab=profile");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdashboard%3Ftab%3Dprofile$/);
    await loginPage.signIn(user.username, user.password);
    await expect(page).toHaveURL(/\/dashboard\?tab=profile$/);
  });

  test("a foreign callbackUrl is ignored", async ({ page, user, loginPage }) => {
    await loginPage.goto("https://evil.example/steal");
    await loginPage.signIn(user.username, user.password);
    await expect(page).toHaveURL(/127\.0\.0\.1:\d+\/dashboard$/);
  });

  test("a callbackUrl whose dot segments resolve to //evil.example stays on our origin", async ({
    page,
    context,
    user,
    loginPage,
  }) => {
    // Were the browser sent off-site, it would land here, not on a DNS error.
    await context.route("http://evil.example/**", (route) =>
      route.fulfill({ contentType: "text/html", body: "<h1>evil</h1>" }),
    );
    await loginPage.goto("/.//evil.example");
    await loginPage.signIn(user.username, user.password);
    await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/dashboard$/);
  });

  test("a signed-in user who opens /login goes to the dashboard", async ({ page, signIn }) => {
    await signIn();
    await page.goto("/login");
    await expect(page).toHaveURL(/\/dashboard$/);
  });

  test("the API answers 401 JSON without a session", async ({ request }) => {
    const response = await request.get("/api/django/me/");
    expect(response.status()).toBe(401);
    expect(await response.json()).toEqual({ error: "unauthenticated" });
  });

  test("tokens never reach JavaScript, the HTML or the session JSON", async ({
    page,
    context,
    signIn,
  }) => {
    await signIn();
    const { accessToken, refreshToken } = await readSession(context);
    const html = await (await page.request.get("/dashboard")).text();
    const sessionJson = await (await page.request.get("/api/auth/session")).text();
    const visibleToScripts = await page.evaluate(() =>
      [document.cookie, JSON.stringify(localStorage), document.documentElement.outerHTML].join(
        "\n",
      ),
    );
    for (const text of [html, sessionJson, visibleToScripts]) {
      expect(text).not.toContain(accessToken);
      expect(text).not.toContain(refreshToken);
    }
    expect(JSON.parse(sessionJson)).toMatchObject({
      accessExpires: expect.any(Number),
      user: expect.any(Object),
    });
    const cookie = (await context.cookies()).find((c) => c.name === "next-auth.session-token");
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  });

  test("the control: Django itself rejects a reused refresh token", async ({ user }) => {
    const login = await django.login(user.username, user.password);
    const original = String(login.body.refresh);
    expect((await django.refresh(original)).status).toBe(200);
    const reused = await django.refresh(original);
    expect(reused).toEqual({
      status: 401,
      body: { detail: "Token is blacklisted", code: "token_not_valid" },
    });
  });
});
