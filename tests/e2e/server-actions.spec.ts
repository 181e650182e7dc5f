import { expect, test } from "./fixtures";
import { LoginPage } from "./pages/login-page";
import { NotesCard } from "./pages/notes-card";
import { django } from "./support/django";
import { readSession, waitForAccessExpiry } from "./support/session-cookie";

test.describe("Server Actions", () => {
  test.describe(() => {
    // Five tabs take a while to open on a loaded machine (over 35 s in a CI run of 2026-12-07):
    // their first access token outlives it.
    test.use({ firstAccessLifetimeS: 45 });
    // Setup (≤ 45 s), the burst's limit below, the checks after it.
    test.setTimeout(150_000);

    test("five actions in five tabs and ten client requests after expiry: one rotation, all succeed", async ({
      page,
      context,
      user,
      signIn,
      dashboard,
      authWatch,
    }) => {
      await signIn();
      const texts = [0, 1, 2, 3, 4].map((i) => `note ${i}`);
      for (const text of texts) {
        expect((await page.request.post("/api/django/notes/", { data: { text } })).status()).toBe(
          201,
        );
      }
      const tabs = [page];
      await page.reload();
      for (let i = 1; i < texts.length; i++) {
        const tab = await context.newPage();
        await tab.goto("/dashboard");
        tabs.push(tab);
      }
      await page.getByRole("spinbutton", { name: "Requests" }).fill("10");
      // The scenario is one expiry with everything open: set up before it, or this is no test.
      const { accessExpires } = await readSession(context);
      expect(Date.now(), "the setup outlasted the first access token").toBeLessThan(accessExpires);
      expect(
        await django.counters(user.username),
        "the setup outlasted the first access token (a rotation already ran)",
      ).toMatchObject({ rotations: 0 });
      await waitForAccessExpiry(context);
      // The deletes are clicked first and the burst right after, while they are still in flight:
      // the burst's results grow the page and would move a delete button from under a later click.
      await Promise.all(
        tabs.map((tab, i) => new NotesCard(tab).deleteButton(texts[i] ?? "").click()),
      );
      await page.getByRole("button", { name: "Fire 10 parallel requests" }).click();

      // Past the client's own limits (a request's 30 s timeout; a refresh's 5 s lock wait and
      // 15 s request, then the retry's 30 s): a request that hangs shows up below as a failed
      // result naming its error, and a missing summary means the burst never ran or was lost.
      await expect(page.getByTestId("parallel-summary")).toBeVisible({ timeout: 55_000 });
      expect(await dashboard.parallelStatuses()).toEqual(Array(10).fill("200"));
      for (const [i, tab] of tabs.entries()) {
        await expect(new NotesCard(tab).notes().filter({ hasText: texts[i] ?? "" })).toHaveCount(0);
        await expect(tab.locator("main").getByRole("alert")).toHaveCount(0);
      }
      // Counted before the reload: on a slow machine the new access token may expire by then.
      expect(await django.counters(user.username)).toMatchObject({ rotations: 1, rejected: 0 });
      await page.reload();
      await new NotesCard(page).expectTexts([]);
      expect(authWatch.loginArrivals).toEqual([]);
    });
  });

  test.describe(() => {
    test.use({ firstAccessLifetimeS: 8 });

    test("an action after access-token expiry renews the session itself: one rotation, no client refresh", async ({
      page,
      context,
      user,
      signIn,
      authWatch,
    }) => {
      const notes = new NotesCard(page);
      await signIn();
      const before = await readSession(context);
      await waitForAccessExpiry(context);

      await notes.add("written after expiry");
      await notes.expectTexts(["written after expiry"]);
      const after = await readSession(context);
      expect(after.refreshToken).not.toBe(before.refreshToken);
      expect(after.accessExpires).toBeGreaterThan(Date.now());
      expect(await django.counters(user.username)).toMatchObject({ rotations: 1, rejected: 0 });
      // The action wrote the cookie; the page re-rendered with it, so no client refresh was needed.
      expect(authWatch.refreshCalls).toEqual([]);
      expect(authWatch.loginArrivals).toEqual([]);
    });

    test("an action with a dead refresh token sends the user to sign in, then back to the page", async ({
      page,
      context,
      user,
    }) => {
      const loginPage = new LoginPage(page);
      const notes = new NotesCard(page);
      await loginPage.goto("/dashboard?from=action");
      await loginPage.signIn(user.username, user.password);
      await expect(page).toHaveURL(/\/dashboard\?from=action$/);
      // Dead at Django, still alive by its expiry: only the action's refresh can find out.
      const { refreshToken } = await readSession(context);
      expect((await django.blacklist(refreshToken)).status).toBe(200);
      await waitForAccessExpiry(context);

      await notes.submit("never saved");
      await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdashboard%3Ffrom%3Daction$/);
      expect(await django.counters(user.username)).toMatchObject({ rotations: 0, rejected: 1 });

      await loginPage.signIn(user.username, user.password);
      await expect(page).toHaveURL(/\/dashboard\?from=action$/);
      await notes.add("saved after signing in again");
      await notes.expectTexts(["saved after signing in again"]);
    });
  });

  test("an action after the refresh token's expiry sends the user to sign in, then back", async ({
    page,
    context,
  }) => {
    const user = { username: `short-action-${Date.now().toString(36)}`, password: "short-pw" };
    await django.createUser(user.username, user.password, { refreshLifetimeS: 10 });
    const loginPage = new LoginPage(page);
    const notes = new NotesCard(page);
    await loginPage.goto("/dashboard?from=expired");
    await loginPage.signIn(user.username, user.password);
    await expect(page).toHaveURL(/\/dashboard\?from=expired$/);
    const { refreshExpires } = await readSession(context);
    await page.waitForTimeout(Math.max(0, refreshExpires - Date.now()) + 1000);

    await notes.submit("never saved");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdashboard%3Ffrom%3Dexpired$/);
    await loginPage.signIn(user.username, user.password);
    await expect(page).toHaveURL(/\/dashboard\?from=expired$/);
    await notes.expectTexts([]);
  });

  test("Django's 400 shows its message beside the field, tied to it", async ({ page, signIn }) => {
    const notes = new NotesCard(page);
    await signIn();
    await notes.submit("   ");
    await notes.expectFieldError("This field may not be blank.");

    const long = "x".repeat(501);
    await notes.submit(long);
    await notes.expectFieldError(/no more than 500 characters/);
    await expect(notes.field()).toHaveValue(long);
    await notes.expectTexts([]);

    await notes.add("short enough");
    await expect(notes.field()).not.toHaveAttribute("aria-invalid");
  });

  test("Django unavailable during an action: a retryable error, the session kept", async ({
    page,
    context,
    user,
    signIn,
    authWatch,
  }) => {
    const notes = new NotesCard(page);
    await signIn();
    const before = await readSession(context);
    await django.armFault(user.username, { endpoint: "access", mode: "error", count: 1 });

    await notes.submit("while Django is down");
    await expect(
      page.locator("main").getByRole("status").filter({
        hasText: "The server is unavailable. Your session is safe; try again in a moment.",
      }),
    ).toBeVisible();
    expect((await readSession(context)).refreshToken).toBe(before.refreshToken);

    await notes.add("after it is back");
    await notes.expectTexts(["after it is back"]);
    expect(authWatch.loginArrivals).toEqual([]);
  });
});
