import { expect, test } from "./fixtures";
import { fireRequests } from "./hostile/fire-requests";
import { NotesCard } from "./pages/notes-card";
import { django } from "./support/django";
import { waitForAccessExpiry } from "./support/session-cookie";

const LOCK_NAME = "next-django-simplejwt:refresh";

test.describe("calling Django: one 401 rule, one renewal per page", () => {
  test("an access-token fault on Add note keeps the session, as Fire parallel requests does", async ({
    page,
    user,
    signIn,
    authWatch,
  }) => {
    const notes = new NotesCard(page);
    await signIn();
    // Django refuses the call and its retry with a renewed token: the token's fault, not the user's.
    await django.armFault(user.username, {
      endpoint: "access",
      mode: "status",
      status: 401,
      count: 2,
    });
    await notes.submit("refused twice");
    await expect(
      page.locator("main").getByRole("status").filter({ hasText: "You are still signed in" }),
    ).toBeVisible();
    await expect(page).toHaveURL(/\/dashboard$/);

    await django.armFault(user.username, {
      endpoint: "access",
      mode: "status",
      status: 401,
      count: 2,
    });
    await fireRequests(page, 1);
    await expect(page).toHaveURL(/\/dashboard$/);

    await notes.add("after the fault");
    await notes.expectTexts(["after the fault"]);
    expect(authWatch.loginArrivals).toEqual([]);
  });

  test.describe(() => {
    test.use({ firstAccessLifetimeS: 6 });

    test("a reload after access expiry renews once and re-renders the page once", async ({
      page,
      context,
      user,
      signIn,
      dashboard,
      authWatch,
    }) => {
      await signIn();
      await new NotesCard(page).add("kept");
      await waitForAccessExpiry(context);
      const rerenders: string[] = [];
      page.on("request", (request) => {
        // Re-renders of this page only (not the links' prefetches of other pages).
        const isThisPage = new URL(request.url()).pathname === "/dashboard";
        if (request.headers()["rsc"] === "1" && isThisPage) rerenders.push(request.url());
      });

      await page.reload();
      await dashboard.expectProfileOf(user.username);
      await new NotesCard(page).expectTexts(["kept"]);
      await expect(page.getByText("Renewing your session")).toHaveCount(0);
      expect(authWatch.refreshCalls).toHaveLength(1);
      expect(rerenders).toHaveLength(1);
      expect(await django.counters(user.username)).toMatchObject({ rotations: 1, rejected: 0 });
    });

    test("a tab back from the background with an expired access token renews before the user acts", async ({
      page,
      context,
      user,
      signIn,
      authWatch,
    }) => {
      await signIn();
      await waitForAccessExpiry(context);
      expect(authWatch.refreshCalls).toEqual([]);

      const renewed = page.waitForResponse((response) =>
        response.url().endsWith("/api/auth/refresh"),
      );
      await page.evaluate(() => document.dispatchEvent(new Event("visibilitychange")));
      expect((await renewed).status()).toBe(200);

      // The user's first action finds a fresh cookie: no 401, no second refresh.
      await fireRequests(page, 3);
      expect(authWatch.refreshCalls).toHaveLength(1);
      expect(await django.counters(user.username)).toMatchObject({ rotations: 1, rejected: 0 });
    });

    test("another tab holding the refresh lock forever cannot freeze this one", async ({
      page,
      context,
      signIn,
      dashboard,
      authWatch,
    }) => {
      await signIn();
      const holder = await context.newPage();
      await holder.goto("/");
      await holder.evaluate(
        (name) =>
          new Promise<void>((held) => {
            void navigator.locks.request(name, () => {
              held();
              return new Promise(() => {}); // Never released.
            });
          }),
        LOCK_NAME,
      );
      await waitForAccessExpiry(context);

      const refreshSent = page
        .waitForRequest((request) => new URL(request.url()).pathname === "/api/auth/refresh")
        .then(() => Date.now());
      const started = Date.now();
      await fireRequests(page, 3);
      expect(await dashboard.parallelStatuses()).toEqual(["200", "200", "200"]);
      // The lock wait gives up after 5 s and refreshes anyway (it was 10 s). Timed to when the
      // refresh goes out: how long a busy machine then takes to answer it is not the lock's doing.
      expect((await refreshSent) - started).toBeLessThan(9_000);
      expect(authWatch.refreshCalls).toHaveLength(1);
      expect(authWatch.loginArrivals).toEqual([]);
    });
  });
});
