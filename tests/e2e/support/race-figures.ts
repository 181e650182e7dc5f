import type { TestInfo } from "@playwright/test";

/** The attachment each race test leaves behind, pass or fail; the race-table reporter reads it. */
export const RACE_ROW_ATTACHMENT = "race-row";

export type RaceFigures = {
  scenario: string;
  /** "pass" or "fail": a failed scenario keeps its row, since its figures show the damage. */
  result: "pass" | "fail";
  /** Times the access token was observed expired while the user was active. */
  expiryEvents: number;
  /** Successful refreshes Django performed (its own counter); null if Django could not say. */
  rotations: number | null;
  /** Refreshes Django refused ("Token is blacklisted") and chain forks it allowed. */
  rejected: number | null;
  forks: number | null;
  /** Arrivals on /login while the refresh token was alive. */
  logouts: number;
  /** Requests that ended in an auth failure (401 after the retry, or a refused refresh). */
  failedRequests: number;
  note?: string;
};

export async function attachRaceFigures(testInfo: TestInfo, figures: RaceFigures) {
  await testInfo.attach(RACE_ROW_ATTACHMENT, {
    body: JSON.stringify(figures),
    contentType: "application/json",
  });
}
