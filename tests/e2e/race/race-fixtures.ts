import type { Page } from "@playwright/test";
import { expect, test as base, type AuthWatch, type TestUser } from "../fixtures";
import { DashboardPage } from "../pages/dashboard-page";
import { django, type Counters } from "../support/django";
import { attachRaceFigures, type RaceFigures } from "../support/race-figures";
import { readSession, waitForAccessExpiry } from "../support/session-cookie";
import { RefreshTimeline } from "./refresh-timeline";

/** What a race scenario measures as it runs; its row for the table is written from it. */
export class RaceRun {
  /** Access-token expiries observed while the user was active (never assumed). */
  expiryEvents = 0;
  /** Requests the scenario saw fail, beyond refreshes the server refused. */
  failedRequests = 0;
  readonly notes: string[] = [];
  /** Set by a scenario that measures these itself (the control, which has no browser). */
  overrides: Partial<Pick<RaceFigures, "logouts" | "failedRequests">> = {};

  constructor(
    readonly timeline: RefreshTimeline,
    readonly user: TestUser,
    readonly authWatch: AuthWatch,
  ) {}

  /** Waits until the session's access token has run out, checks that it has, and counts it. */
  async waitForAccessExpiry(context: Parameters<typeof readSession>[0]) {
    const { rotations } = await django.counters(this.user.username);
    expect(
      rotations,
      "no rotation before the awaited expiry (setup outlasted the first access token?)",
    ).toBe(this.expiryEvents);
    await waitForAccessExpiry(context);
    const { accessExpires } = await readSession(context);
    expect(accessExpires, "the access token has expired").toBeLessThan(Date.now());
    this.expiryEvents += 1;
  }
}

type RaceFixtures = { race: RaceRun };

export const test = base.extend<RaceFixtures>({
  // Every storm starts from the first access token's expiry; setup (up to six tabs) fits in this.
  // The storm itself runs on rotated tokens, which live the suite's whole ACCESS_LIFETIME_S.
  firstAccessLifetimeS: 8,
  // Writes the scenario's row after the test, whatever happened in it: a failed scenario's row
  // is the one that shows the damage.
  race: async ({ context, user, authWatch }, use, testInfo) => {
    const run = new RaceRun(new RefreshTimeline(context), user, authWatch);
    await use(run);
    let counters: Counters | null = null;
    try {
      counters = await django.counters(user.username);
    } catch (error) {
      run.notes.push(`Django's counters unreadable: ${String(error)}`);
    }
    const aborted = run.timeline.aborted.length;
    const starts = run.timeline.all.map((call) => call.start);
    const spreadMs = starts.length ? Math.max(...starts) - Math.min(...starts) : 0;
    await attachRaceFigures(testInfo, {
      scenario: testInfo.title,
      result: testInfo.status === testInfo.expectedStatus ? "pass" : "fail",
      expiryEvents: run.expiryEvents,
      rotations: counters?.rotations ?? null,
      rejected: counters?.rejected ?? null,
      forks: counters?.forks ?? null,
      logouts: authWatch.loginArrivals.length,
      failedRequests: run.failedRequests + authWatch.refreshRejections.length,
      ...run.overrides,
      note: [
        `${run.timeline.all.length} refresh calls (${aborted} aborted) started over ${spreadMs} ms, at most ${run.timeline.maxInFlight()} in flight at once`,
        ...run.notes,
      ].join("; "),
    });
  },
});

/** Reads Django's counters for the user and asserts the invariants against what was measured. */
export async function expectNoRaceDamage(race: RaceRun) {
  const { user, authWatch } = race;
  // A scenario that saw no expiry proved nothing about refreshing.
  expect(race.expiryEvents, "expiry events observed").toBeGreaterThan(0);
  const counters = await django.counters(user.username);
  expect({
    rotations: counters.rotations,
    rejected: counters.rejected,
    forks: counters.forks,
    logouts: authWatch.loginArrivals.length,
    failedRequests: race.failedRequests + authWatch.refreshRejections.length,
  }).toEqual({
    rotations: race.expiryEvents,
    rejected: 0,
    forks: 0,
    logouts: 0,
    failedRequests: 0,
  });
}

/** Fires `count` parallel requests through the shared client on each page; returns the failures. */
export async function burst(pages: Page[], count: number): Promise<number> {
  const statuses = await Promise.all(
    pages.map(async (page) => {
      const dashboard = new DashboardPage(page);
      await dashboard.fireParallelRequests(count);
      return dashboard.parallelStatuses();
    }),
  );
  const failures = statuses.flat().filter((status) => status !== "200");
  if (failures.length) console.log(`burst failures: ${JSON.stringify(failures)}`);
  return failures.length;
}

/** Every tab reloads at the same instant; each must come back showing the server-read profile. */
export async function reloadAllAtOnce(tabs: Page[]) {
  await Promise.all(tabs.map((tab) => tab.reload()));
  for (const tab of tabs) await expect(tab.getByTestId("profile")).toBeVisible();
}

/**
 * Starts a reload from inside the page without waiting for it. The evaluate call may lose its
 * page to the very navigation it started; that error, and only that one, is expected.
 */
export async function reloadWithoutWaiting(page: Page) {
  try {
    await page.evaluate(() => window.location.reload());
  } catch (error) {
    if (!/Execution context was destroyed/.test(String(error))) throw error;
  }
}

export async function openTabs(first: Page, count: number, path = "/dashboard"): Promise<Page[]> {
  const others = await Promise.all(
    Array.from({ length: count - 1 }, () => first.context().newPage()),
  );
  await Promise.all(others.map((tab) => tab.goto(path)));
  return [first, ...others];
}

export { expect };
