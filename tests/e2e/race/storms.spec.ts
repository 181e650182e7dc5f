import type { Request } from "@playwright/test";
import { django } from "../support/django";
import { SUITE_HAS_ROTATION_APP } from "../support/own-stack";
import { readSession, SESSION_COOKIE } from "../support/session-cookie";
import {
  burst,
  expect,
  expectNoRaceDamage,
  openTabs,
  reloadAllAtOnce,
  reloadWithoutWaiting,
  test,
} from "./race-fixtures";

const CONTROL_TITLE = SUITE_HAS_ROTATION_APP
  ? "control: the same storm aimed straight at Django with simplejwt_rotation rotates once"
  : "control: the same storm aimed straight at Django forks or rejects";

// Each storm starts from one expired access token and must cost Django exactly one rotation.
test.describe("race suite", () => {
  test("1a. reload storm: 10 reloads within one second", async ({
    page,
    context,
    signIn,
    race,
  }) => {
    await signIn();
    await race.waitForAccessExpiry(context);
    for (let reload = 0; reload < 10; reload++) {
      // Not awaited to completion: each reload interrupts the previous page and its refresh.
      await reloadWithoutWaiting(page);
      await page.waitForTimeout(100);
    }
    await expect(page.getByTestId("profile")).toBeVisible();
    await expectNoRaceDamage(race);
  });

  test("1b. reload storm: 10 reloads, each interrupting the refresh of the page before", async ({
    page,
    context,
    user,
    signIn,
    race,
  }) => {
    await signIn();
    // A slow Django keeps the rotation in flight across several reloads, so each of their refreshes
    // is aborted while it waits. The server makes one Django call for the whole storm: one delay.
    await django.armFault(user.username, { mode: "delay", delayMs: 4000, count: 1 });
    await race.waitForAccessExpiry(context);
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
    // The race happened: the refresh that set Django rotating never got its answer.
    const [first] = race.timeline.all;
    expect(first?.failure, "the storm's first refresh was aborted").toBe("net::ERR_ABORTED");
    await expectNoRaceDamage(race);
  });

  test("2. five tabs of one session reload at the same instant", async ({
    page,
    context,
    signIn,
    race,
  }) => {
    await signIn();
    const tabs = await openTabs(page, 5);
    await race.waitForAccessExpiry(context);
    await reloadAllAtOnce(tabs);
    await expectNoRaceDamage(race);
  });

  test("2b. five tabs reload at once in a browser without Web Locks", async ({
    page,
    context,
    user,
    signIn,
    race,
  }) => {
    // Older browsers: no cross-tab lock, so only the server's single flight and reuse rules hold.
    await context.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, "locks", { get: () => undefined });
    });
    await signIn();
    const tabs = await openTabs(page, 5);
    // A slow Django keeps every tab's refresh in flight at once (one Django call: one delay). The
    // tabs' refreshes start as each page hydrates, over up to a second or two on a loaded machine
    // (the row's note says over how long): the delay outlasts that spread.
    await django.armFault(user.username, { mode: "delay", delayMs: 3000, count: 1 });
    await race.waitForAccessExpiry(context);
    await reloadAllAtOnce(tabs);
    expect(await page.evaluate(() => "locks" in navigator && navigator.locks)).toBeFalsy();
    // The race happened: without a cross-tab lock, tabs had refreshes in flight together.
    expect(race.timeline.maxInFlight(), "refreshes in flight at once").toBeGreaterThanOrEqual(2);
    await expectNoRaceDamage(race);
  });

  test("3. in-page burst: 20 parallel requests in each of 3 tabs", async ({
    page,
    context,
    signIn,
    race,
  }) => {
    await signIn();
    const tabs = await openTabs(page, 3);
    await race.waitForAccessExpiry(context);
    race.failedRequests += await burst(tabs, 20);
    await expectNoRaceDamage(race);
  });

  test("4. a navigation aborts a refresh in flight, then a reload", async ({
    page,
    context,
    user,
    signIn,
    race,
  }) => {
    await signIn();
    const before = await readSession(context);
    await django.armFault(user.username, { mode: "delay", delayMs: 1500, count: 1 });
    await race.waitForAccessExpiry(context);

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
    await expectNoRaceDamage(race);
  });

  test("5. a stale /api/auth/session response lands after a rotation", async ({
    page,
    context,
    signIn,
    race,
  }) => {
    await signIn();
    const before = await readSession(context);
    await race.waitForAccessExpiry(context);

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
    race.failedRequests += await burst([page], 10);
    await expectNoRaceDamage(race);
  });

  test(CONTROL_TITLE, async ({ user, race }) => {
    const login = await django.login(user.username, user.password);
    const refresh = String(login.body.refresh);
    // One refresh token presented by ten callers: one expiry event, as the storms above see it.
    race.expiryEvents += 1;
    // Django holds each call before simplejwt runs: all ten reach it at once, not in a row.
    const delayMs = 2000;
    await django.armFault(user.username, { mode: "delay", delayMs, count: 10 });
    const started = Date.now();
    const replies = await Promise.all(
      Array.from({ length: 10 }, async () => {
        const start = Date.now();
        const reply = await django.refresh(refresh);
        return { ...reply, ms: Date.now() - start };
      }),
    );
    const elapsed = Date.now() - started;
    const counters = await django.counters(user.username);
    const refused = replies.filter((reply) => reply.status === 401).length;
    race.overrides = { logouts: refused, failedRequests: refused };
    race.notes.push(
      `${elapsed} ms for ten calls held ${delayMs} ms each; ` +
        "every refused refresh is a user logged out; every fork leaks a live refresh token",
    );

    // Every call was held (each used its armed delay), and all ten in under two delays: had any
    // two run one after the other, that would take at least 2 × delayMs. So they overlapped.
    expect(Math.min(...replies.map(({ ms }) => ms))).toBeGreaterThanOrEqual(delayMs);
    expect(elapsed).toBeLessThan(2 * delayMs);
    // What the callers saw: each was rotated or refused, and Django's counters say the same.
    const rotated = replies.filter(({ status }) => status === 200);
    const successors = new Set(rotated.map(({ body }) => String(body.refresh)));
    expect(refused + rotated.length).toBe(10);
    if (SUITE_HAS_ROTATION_APP) {
      // The companion app serialises the rotation: all ten callers get the one successor.
      expect({ refused, successors: successors.size }).toEqual({ refused: 0, successors: 1 });
      expect(counters).toMatchObject({ rotations: 1, repeats: 9, rejected: 0, forks: 0 });
      return;
    }
    expect(counters).toMatchObject({
      rotations: rotated.length,
      rejected: refused,
      forks: successors.size - 1,
    });
    // The hazard is real: a correct refresh would hand all ten the same successor. Stock simplejwt
    // refuses some callers (each one a logout) or forks the chain (each fork a leaked token).
    expect(refused > 0 || successors.size > 1, "stock simplejwt refused or forked").toBe(true);
    for (const reply of replies.filter(({ status }) => status === 401)) {
      expect(reply.body).toEqual({ detail: "Token is blacklisted", code: "token_not_valid" });
    }
  });
});
