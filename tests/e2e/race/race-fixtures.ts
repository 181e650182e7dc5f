import type { Page } from "@playwright/test";
import { expect, test as base, type AuthWatch, type TestUser } from "../fixtures";
import { DashboardPage } from "../pages/dashboard-page";
import { django } from "../support/django";
import { recordRaceFigures, type RaceFigures } from "../support/race-figures";

type Outcome = Pick<RaceFigures, "scenario" | "expiryEvents" | "note"> & {
  failedRequests?: number;
};

/** Reads Django's counters for the user, records the row for the table, and asserts the invariants. */
export async function expectNoRaceDamage(user: TestUser, authWatch: AuthWatch, outcome: Outcome) {
  const counters = await django.counters(user.username);
  const figures: RaceFigures = {
    ...outcome,
    rotations: counters.rotations,
    rejected: counters.rejected,
    forks: counters.forks,
    logouts: authWatch.loginArrivals.length,
    failedRequests: (outcome.failedRequests ?? 0) + authWatch.refreshRejections.length,
  };
  recordRaceFigures(figures);
  expect(figures).toMatchObject({
    rotations: outcome.expiryEvents,
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

export async function openTabs(first: Page, count: number, path = "/dashboard"): Promise<Page[]> {
  const others = await Promise.all(
    Array.from({ length: count - 1 }, () => first.context().newPage()),
  );
  await Promise.all(others.map((tab) => tab.goto(path)));
  return [first, ...others];
}

export const test = base;
export { expect };
