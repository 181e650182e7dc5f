import type { BrowserContext } from "@playwright/test";
import { django } from "../support/django";
import { SHARED_INSTANCE_URLS, WITH_REDIS } from "../support/servers";
import { expect, expectNoRaceDamage, reloadAllAtOnce, test } from "./race-fixtures";

const [INSTANCE_B, INSTANCE_C] = SHARED_INSTANCE_URLS as [string, string];

// Tabs on two server instances of one session (cookies are per host, not per port, so the
// instances share the session): only the Redis-backed lock and records keep them from racing.
test.use({ baseURL: INSTANCE_B });
test.skip(!WITH_REDIS, "redis-server is not installed (CI always runs this test)");

test("7. six tabs on two server instances reload at once (shared store: Redis)", async ({
  page,
  context,
  signIn,
  user,
  race,
}) => {
  await signIn();
  const tabs = [page, ...(await Promise.all(Array.from({ length: 5 }, () => context.newPage())))];
  await Promise.all(tabs.map((tab, i) => tab.goto(`${i % 2 ? INSTANCE_C : INSTANCE_B}/dashboard`)));
  // A slow Django keeps the refresh in flight while the other instance is asked for one; the
  // shared lock lets one Django call through, so one delay is all that is armed.
  await django.armFault(user.username, { mode: "delay", delayMs: 3000, count: 1 });
  await race.waitForAccessExpiry(context);
  const answers = refreshAnswersByHost(context);

  await reloadAllAtOnce(tabs);
  // The race happened: both instances were asked to refresh the expired session, one rotated it
  // and the other answered with that rotation (through the shared store), not a fresh cookie.
  const [hostB, hostC] = [new URL(INSTANCE_B).host, new URL(INSTANCE_C).host];
  expect(race.timeline.hosts(), "instances that received a refresh").toEqual([hostB, hostC]);
  expect(race.timeline.overlapAcross(hostB, hostC), "refreshes in flight on both at once").toBe(
    true,
  );
  const byHost = await answers();
  expect(
    [hostB, hostC].map((host) => byHost[host]?.some((s) => s === "refreshed" || s === "reused")),
    `both instances answered the expired session: ${JSON.stringify(byHost)}`,
  ).toEqual([true, true]);
  await expectNoRaceDamage(race);
});

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
