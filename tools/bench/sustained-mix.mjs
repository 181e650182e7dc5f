import { performance } from "node:perf_hooks";

import { PASSWORD, uniqueName } from "./django-api.mjs";
import { browserHeaders, json, request, signIn } from "./http-client.mjs";
import { round, summarize } from "./stats.mjs";

const RELOAD_SHARE = 0.1;

/**
 * Many users, each a browser with `tabs` concurrent loops for `durationMs`: mostly API calls
 * through the proxy, some page reloads. Like lib/engine/browser/api.client.ts, a 401 waits behind the
 * user's one refresh (or reuses a renewal newer than the request), then retries once.
 */
export async function runSustainedMix({ appUrl, django, users, tabs, durationMs, rss }) {
  const browsers = [];
  for (let i = 0; i < users; i++) {
    const username = uniqueName(`mix${i}`);
    await django.createUser(username);
    browsers.push({ username, jar: await signIn(appUrl, username, PASSWORD), refreshed: 0 });
  }
  const tally = {
    calls: 0,
    reloads: 0,
    unauthorizedToCaller: 0,
    slowest401RetryMs: 0,
    loggedOut: 0,
    refreshAnswers: {},
    errors: [],
  };
  const times = [];
  const rssBefore = rss();
  const started = performance.now();
  const deadline = started + durationMs;
  const loop = async (browser) => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      if (Math.random() < RELOAD_SHARE) await reload(appUrl, browser, tally);
      else await apiCall(appUrl, browser, tally);
      times.push(performance.now() - t0);
    }
  };
  await Promise.all(
    browsers.flatMap((browser) => Array.from({ length: tabs }, () => loop(browser))),
  );
  const seconds = (performance.now() - started) / 1000;

  let rotations = 0;
  let forks = 0;
  for (const { username } of browsers) {
    const counters = await django.counters(username);
    rotations += counters.rotations;
    forks += counters.forks;
  }
  return {
    users,
    tabs,
    seconds: round(seconds, 1),
    requestsPerSecond: round((tally.calls + tally.reloads) / seconds, 1),
    latency: summarize(times),
    calls: tally.calls,
    reloads: tally.reloads,
    expiries: browsers.reduce((sum, browser) => sum + browser.refreshed, 0),
    rotations,
    forks,
    unauthorizedToCaller: tally.unauthorizedToCaller,
    // A retry that waited longer than the access token lives is a load artefact, not a race.
    slowest401RetryMs: round(tally.slowest401RetryMs),
    refreshAnswers: tally.refreshAnswers,
    loggedOut: tally.loggedOut,
    errors: tally.errors.length,
    firstErrors: tally.errors.slice(0, 5),
    rssMbBefore: rssBefore,
    rssMbAfter: rss(),
  };
}

async function reload(appUrl, browser, tally) {
  tally.reloads++;
  const page = await send(appUrl, "/dashboard", browser, tally);
  if (!page) return;
  if (page.status >= 300 && page.status < 400 && /\/login/.test(page.headers.location ?? "")) {
    tally.loggedOut++;
  } else if (page.status !== 200) {
    tally.errors.push(`reload → ${page.status}`);
  }
}

async function apiCall(appUrl, browser, tally) {
  tally.calls++;
  const sentAt = performance.now();
  const first = await send(appUrl, "/api/django/bench/small/", browser, tally);
  if (!first || first.status !== 401) return checkOk(first, tally);
  const renewal = await renewSession(appUrl, browser, sentAt, tally);
  if (!renewal) return;
  const retry = await send(appUrl, "/api/django/bench/small/", browser, tally);
  if (retry?.status === 401) {
    tally.unauthorizedToCaller++;
    tally.slowest401RetryMs = Math.max(tally.slowest401RetryMs, retry.ms);
  } else checkOk(retry, tally);
}

/** The browser client's single flight: concurrent 401s share one refresh; a newer renewal serves. */
function renewSession(appUrl, browser, sentAt, tally) {
  if (browser.lastRenewalAt > sentAt) return Promise.resolve(true);
  browser.inFlight ??= (async () => {
    const answer = await send(appUrl, "/api/auth/refresh", browser, tally, "POST");
    browser.inFlight = null;
    if (answer?.status !== 200) {
      if (answer?.status === 401) tally.loggedOut++;
      else tally.errors.push(`refresh → ${answer?.status}: ${answer?.body.subarray(0, 200)}`);
      return false;
    }
    const { status } = json(answer);
    tally.refreshAnswers[status] = (tally.refreshAnswers[status] ?? 0) + 1;
    if (status === "refreshed") browser.refreshed++;
    browser.lastRenewalAt = performance.now();
    return true;
  })();
  return browser.inFlight;
}

async function send(appUrl, path, browser, tally, method = "GET") {
  try {
    const response = await request(`${appUrl}${path}`, {
      method,
      headers: browserHeaders(browser.jar, method === "GET" ? {} : { origin: appUrl }),
    });
    browser.jar.store(response);
    return response;
  } catch (error) {
    tally.errors.push(`${method} ${path}: ${error.message}`);
    return null;
  }
}

function checkOk(response, tally) {
  if (response && response.status !== 200) {
    tally.errors.push(`${response.status}: ${response.body.subarray(0, 200)}`);
  }
}
