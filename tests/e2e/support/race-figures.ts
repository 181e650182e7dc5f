import { appendFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";

export const RACE_FIGURES_FILE = "test-results/race-figures.jsonl";

export type RaceFigures = {
  scenario: string;
  /** Times the access token expired while the user was active. */
  expiryEvents: number;
  /** Successful refreshes Django performed (its own counter). */
  rotations: number;
  /** Refreshes Django refused ("Token is blacklisted") and chain forks it allowed. */
  rejected: number;
  forks: number;
  /** Arrivals on /login while the refresh token was alive. */
  logouts: number;
  /** Requests that ended in an auth failure (401 after the retry, or a refused refresh). */
  failedRequests: number;
  note?: string;
};

/** Appended by each race test (workers run in parallel); the race-table reporter prints them. */
export function recordRaceFigures(figures: RaceFigures) {
  mkdirSync(dirname(RACE_FIGURES_FILE), { recursive: true });
  appendFileSync(RACE_FIGURES_FILE, JSON.stringify(figures) + "\n");
}
