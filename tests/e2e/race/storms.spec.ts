import type { Request } from "@playwright/test";
import { django } from "../support/django";
import { readSession, SESSION_COOKIE, waitForAccessExpiry } from "../support/session-cookie";
import { recordRaceFigures } from "../support/race-figures";
import {
  burst,
  expect,
  expectNoRaceDamage,
  openTabs,
  reloadAllAtOnce,
  test,
} from "./race-fixtures";

// Each storm starts from one expired access token and must cost Django exactly one rotation.
test.describe("race suite", () => {
  test("1a. reload storm: 10 reloads within one second", async ({
    page,
    context,
    user,
    signIn,
    authWatch,
  }) => {
    await signIn();
    await waitForAccessExpiry(context);
    for (let reload = 0; reload < 10; reload++) {
      // Not awaited to completion: each reload interrupts the previous page and its refresh.
      await page.evaluate(() => window.location.reload()).catch(() => undefined);
      await page.waitForTimeout(100);
    }
    await expect(page.getByTestId("profile")).toBeVisible();
    await expectNoRaceDamage(user, authWatch, {
      scenario: "1a. reload storm (10 in 1 s)",
      expiryEvents: 1,
    });
  });

  test("1b. reload storm: 10 reloads, each interrupting the refresh of the page before", async ({
    page,
    context,
    user,
    signIn,
    authWatch,
  }) => {
    await signIn();
    // A slow Django keeps each refresh in flight long enough for the next reload to abort it.
    await django.armFault(user.username, { mode: "delay", delayMs: 800, count: 10 });
    await waitForAccessExpiry(context);
    const isRefresh = (request: Request) => request.url().endsWith("/api/auth/refresh");
    for (let reload = 0; reload < 10; reload++) {
      await page.reload({ waitUntil: "commit" });
      // The new page either starts a refresh, is already healthy, or was sent to sign in.
      await Promise.race([
        page.waitForRequest(isRefresh),
        page.getByTestId("profile").waitFor(),
        page.waitForURL(/\/login/),
      ]);
    }
    await expect(page.getByTestId("profile")).toBeVisible();
    await expectNoRaceDamage(user, authWatch, {
      scenario: "1b. reload storm, each reload aborts a refresh",
      expiryEvents: 1,
    });
  });

  test("2. five tabs of one session reload at the same instant", async ({
    page,
    context,
    user,
    signIn,
    authWatch,
  }) => {
    await signIn();
    const tabs = await openTabs(page, 5);
    await waitForAccessExpiry(context);
    await reloadAllAtOnce(tabs);
    await expectNoRaceDamage(user, authWatch, {
      scenario: "2. five tabs reload at once",
      expiryEvents: 1,
    });
  });

  test("2b. five tabs reload at once in a browser without Web Locks", async ({
    page,
    context,
    user,
    signIn,
    authWatch,
  }) => {
    // Older browsers: no cross-tab lock, so only the server's single flight and reuse rules hold.
    await context.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, "locks", { get: () => undefined });
    });
    await signIn();
    const tabs = await openTabs(page, 5);
    // A slow Django keeps every tab's refresh in flight at once.
    await django.armFault(user.username, { mode: "delay", delayMs: 1000, count: 5 });
    await waitForAccessExpiry(context);
    await reloadAllAtOnce(tabs);
    expect(await page.evaluate(() => "locks" in navigator && navigator.locks)).toBeFalsy();
    await expectNoRaceDamage(user, authWatch, {
      scenario: "2b. five tabs reload at once, no Web Locks",
      expiryEvents: 1,
    });
  });

  test("3. in-page burst: 20 parallel requests in each of 3 tabs", async ({
    page,
    context,
    user,
    signIn,
    authWatch,
  }) => {
    await signIn();
    const tabs = await openTabs(page, 3);
    await waitForAccessExpiry(context);
    const failedRequests = await burst(tabs, 20);
    await expectNoRaceDamage(user, authWatch, {
      scenario: "3. 3 tabs x 20 parallel requests",
      expiryEvents: 1,
      failedRequests,
    });
  });

  test("4. a navigation aborts a refresh in flight, then a reload", async ({
    page,
    context,
    user,
    signIn,
    authWatch,
  }) => {
    await signIn();
    const before = await readSession(context);
    await django.armFault(user.username, { mode: "delay", delayMs: 1500, count: 1 });
    await waitForAccessExpiry(context);

    const refreshSent = page.waitForRequest((request) =>
      request.url().endsWith("/api/auth/refresh"),
    );
    const refreshAborted = page.waitForEvent("requestfailed", (request) =>
      request.url().endsWith("/api/auth/refresh"),
    );
    await page.getByRole("button", { name: /Fire \d+ parallel requests/ }).click();
    await refreshSent;
    await page.goto("/"); // Leaves while Django is still rotating.
    await refreshAborted;

    // Django rotated anyway; the browser never saw the answer.
    await expect.poll(async () => (await django.counters(user.username)).rotations).toBe(1);
    expect((await readSession(context)).refreshToken).toBe(before.refreshToken);

    const reused = page.waitForResponse((response) => response.url().endsWith("/api/auth/refresh"));
    await page.goto("/dashboard");
    expect(await (await reused).json()).toMatchObject({ status: "reused" });
    await expect(page.getByTestId("profile")).toBeVisible();
    await expectNoRaceDamage(user, authWatch, {
      scenario: "4. aborted refresh, then reload",
      expiryEvents: 1,
    });
  });

  test("5. a stale /api/auth/session response lands after a rotation", async ({
    page,
    context,
    user,
    signIn,
    authWatch,
  }) => {
    await signIn();
    const before = await readSession(context);
    await waitForAccessExpiry(context);

    // Hold a session response the server issued before the rotation...
    let releaseStale!: () => void;
    const staleHeld = new Promise<void>((resolve) => (releaseStale = resolve));
    let markIssued!: () => void;
    const staleIssued = new Promise<void>((resolve) => (markIssued = resolve));
    await page.route("**/api/auth/session", async (route) => {
      const response = await route.fetch();
      markIssued();
      await staleHeld;
      await route.fulfill({ response });
    });
    const staleCall = page.evaluate(() =>
      fetch("/api/auth/session").then((response) => response.status),
    );
    await staleIssued;

    // ...rotate meanwhile, through the shared client...
    expect(await burst([page], 5)).toBe(0);
    const rotated = await readSession(context);
    expect(rotated.refreshToken).not.toBe(before.refreshToken);

    // ...then let the stale response write its older session cookie over the new one.
    const staleCookie = (await context.cookies()).find((c) => c.name === SESSION_COOKIE)?.value;
    releaseStale();
    expect(await staleCall).toBe(200);
    await page.unroute("**/api/auth/session");
    const afterStaleWrite = await readSession(context);
    expect(afterStaleWrite.refreshToken, "the stale write did happen").toBe(before.refreshToken);
    expect(staleCookie).toBeDefined();

    // The older cookie heals to the successor and every request still succeeds, without a rotation.
    const healed = await page.evaluate(() =>
      fetch("/api/auth/session").then((response) => response.status),
    );
    expect(healed).toBe(200);
    expect((await readSession(context)).refreshToken).toBe(rotated.refreshToken);
    const failedRequests = await burst([page], 10);
    await expectNoRaceDamage(user, authWatch, {
      scenario: "5. stale session write",
      expiryEvents: 1,
      failedRequests,
    });
  });

  test("control: the same storm aimed straight at Django forks or rejects", async ({ user }) => {
    const login = await django.login(user.username, user.password);
    const refresh = String(login.body.refresh);
    const replies = await Promise.all(Array.from({ length: 10 }, () => django.refresh(refresh)));
    const counters = await django.counters(user.username);
    const refused = replies.filter((reply) => reply.status === 401).length;
    recordRaceFigures({
      scenario: "control: 10 concurrent refreshes, no template",
      expiryEvents: 1,
      rotations: counters.rotations,
      rejected: counters.rejected,
      forks: counters.forks,
      logouts: refused,
      failedRequests: refused,
      note: "every refused refresh is a user logged out; every fork leaks a live refresh token",
    });
    // One success is the most a correct client could get; the rest were refused or forked the chain.
    expect(counters.rejected + counters.forks).toBe(9);
    for (const reply of replies.filter(({ status }) => status === 401)) {
      expect(reply.body).toEqual({ detail: "Token is blacklisted", code: "token_not_valid" });
    }
  });
});
