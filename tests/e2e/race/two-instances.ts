import type { BrowserContext, Page } from "@playwright/test";
import { django } from "../support/django";
import { expect, expectNoRaceDamage, reloadAllAtOnce, type RaceRun } from "./race-fixtures";

/**
 * Six tabs of one session on two server instances (cookies are per host, not per port, so the
 * instances share the session) reload at once after the access token expires: only the shared
 * store's lock and records keep the instances from racing (scenarios 7 and 7b).
 */
export async function sixTabsReloadAtOnce(
  [urlB, urlC]: [string, string],
  {
    page,
    context,
    user,
    race,
  }: { page: Page; context: BrowserContext; user: { username: string }; race: RaceRun },
) {
  const tabs = [page, ...(await Promise.all(Array.from({ length: 5 }, () => context.newPage())))];
  await Promise.all(tabs.map((tab, i) => tab.goto(`${i % 2 ? urlC : urlB}/dashboard`)));
  // A slow Django keeps the refresh in flight while the other instance is asked for one; the
  // shared lock lets one Django call through, so one delay is all that is armed.
  await django.armFault(user.username, { mode: "delay", delayMs: 3000, count: 1 });
  await race.waitForAccessExpiry(context);
  const answers = refreshAnswersByHost(context);

  await reloadAllAtOnce(tabs);
  // The race happened: both instances were asked to refresh the expired session, one rotated it
  // and the other answered with that rotation (through the shared store), not a fresh cookie.
  const [hostB, hostC] = [new URL(urlB).host, new URL(urlC).host];
  expect(race.timeline.hosts(), "instances that received a refresh").toEqual([hostB, hostC].sort());
  expect(race.timeline.overlapAcross(hostB, hostC), "refreshes in flight on both at once").toBe(
    true,
  );
  const byHost = await answers();
  expect(
    [hostB, hostC].map((host) => byHost[host]?.some((s) => s === "refreshed" || s === "reused")),
    `both instances answered the expired session: ${JSON.stringify(byHost)}`,
  ).toEqual([true, true]);
  await expectNoRaceDamage(race);
}

/** Every answer of POST /api/auth/refresh from now on (its status, or its error), per host. */
function refreshAnswersByHost(context: BrowserContext): () => Promise<Record<string, string[]>> {
  const answers: Array<Promise<[string, string]>> = [];
  context.on("response", (response) => {
    const url = new URL(response.url());
    if (url.pathname !== "/api/auth/refresh") return;
    answers.push(
      response
        .json()
        .then((body: { status?: string; error?: string }) => String(body.status ?? body.error))
        .catch(() => "unreadable")
        .then((answer) => [url.host, answer]),
    );
  });
  return async () => {
    const byHost: Record<string, string[]> = {};
    for (const [host, answer] of await Promise.all(answers)) (byHost[host] ??= []).push(answer);
    return byHost;
  };
}
