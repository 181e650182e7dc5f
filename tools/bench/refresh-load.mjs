import { accessExpiry, browserHeaders, json, request, signIn, waitUntil } from "./http-client.mjs";
import { PASSWORD, uniqueName } from "./django-api.mjs";
import { median, round } from "./stats.mjs";

/**
 * N concurrent POST /api/auth/refresh of one expired session, split round-robin between the
 * given instances. One fresh user per storm; all are signed in first, then the benchmark waits
 * on the latest access-token expiry, so every storm starts from an expired token. One storm of
 * each size goes first, unmeasured: it warms every instance as the bare requests find them
 * (an instance's first refreshes paid its Redis connection and cold code, 30-230 ms).
 */
export async function measureRefreshStorms({ appUrls, django, sizes, repeats }) {
  const plan = sizes.flatMap((n) => Array.from({ length: repeats }, () => n));
  const users = [];
  for (const n of [...sizes, ...plan.flatMap((size) => [size, size])]) {
    const username = uniqueName(`storm${n}`);
    await django.createUser(username);
    const jar = await signIn(appUrls[0], username, PASSWORD);
    const { accessExpires } = await accessExpiry(appUrls[0], jar);
    users.push({ n, username, jar, accessExpires });
  }
  await waitUntil(Math.max(...users.map((user) => user.accessExpires)));

  const warmUps = [];
  for (const user of users.splice(0, sizes.length))
    warmUps.push(await storm(user, appUrls, django));
  // Each measured storm runs beside the same N without a session, in turn which goes first, so that
  // both meet the instances as warm, in the same minute. Each follows an unmeasured one of its own
  // kind: it then pays for the garbage its kind leaves (a refresh's answer leaves far more than a
  // 401's), never for the other kind's.
  const storms = [];
  const leads = [];
  const floors = [];
  for (const [index, n] of plan.entries()) {
    const [lead, measured] = users.splice(0, 2);
    const stormPair = async () => {
      leads.push(await storm(lead, appUrls, django));
      storms.push(await storm(measured, appUrls, django));
    };
    const floorPair = async () => {
      await anonymousStorm(n, appUrls);
      floors.push({ n, lastMs: await anonymousStorm(n, appUrls) });
    };
    for (const pair of index % 2 ? [floorPair, stormPair] : [stormPair, floorPair]) await pair();
  }
  // One rotation as these instances make it: the median single refresh (N = 1) of this run.
  const single = storms.filter((run) => run.n === 1).map((run) => run.lastMs);
  const oneRotationMs = single.length > 0 ? round(median(single)) : null;
  return sizes.map((n) => {
    const noSessionLastAnswerMs = round(
      median(floors.filter((run) => run.n === n).map((run) => run.lastMs)),
    );
    const runs = storms.filter((run) => run.n === n);
    // The unmeasured storms: their rotations and answers count too.
    const counted = [...runs, ...leads.filter((run) => run.n === n)];
    const warmUp = warmUps.find((run) => run.n === n);
    return {
      n,
      runs: runs.length,
      rotations: counted.map((run) => run.rotations),
      // The unmeasured first storm: its rotations count too, its time is reported apart.
      warmUp: { rotations: warmUp.rotations, lastMs: round(warmUp.lastMs), ok: warmUp.ok },
      forks: counted.reduce((sum, run) => sum + run.forks, 0),
      answered200: counted.every((run) => run.ok === n),
      statuses: counted.map((run) => run.statuses),
      lastAnswerMs: round(median(runs.map((run) => run.lastMs))),
      // The same N calls without a session (401 at once: no crypto, no Django), Next's own share.
      noSessionLastAnswerMs,
      oneRotationMs,
      // N bare requests through the same instances, 20 % more for the session's crypto and the
      // store, plus the one rotation they all wait for.
      targetMs: oneRotationMs === null ? null : round(1.2 * noSessionLastAnswerMs + oneRotationMs),
    };
  });
}

async function storm({ n, username, jar }, appUrls, django) {
  const before = await django.counters(username);
  const cookie = browserHeaders(jar);
  const started = performance.now();
  const answers = await Promise.all(
    Array.from({ length: n }, (_, i) => {
      const appUrl = appUrls[i % appUrls.length];
      return request(`${appUrl}/api/auth/refresh`, {
        method: "POST",
        headers: { ...cookie, origin: appUrl },
      }).catch((error) => ({ status: 0, body: Buffer.from(error.message), ms: 0 }));
    }),
  );
  const lastMs = performance.now() - started;
  const after = await django.counters(username);
  const statuses = {};
  for (const answer of answers) {
    const label = answer.status === 200 ? json(answer).status : `${answer.status}`;
    statuses[label] = (statuses[label] ?? 0) + 1;
  }
  return {
    n,
    lastMs,
    ok: answers.filter((answer) => answer.status === 200).length,
    statuses,
    rotations: after.rotations - before.rotations,
    forks: after.forks - before.forks,
  };
}

/** N concurrent refresh calls without a cookie: how long Next alone takes to answer N requests. */
async function anonymousStorm(n, appUrls) {
  const started = performance.now();
  await Promise.all(
    Array.from({ length: n }, (_, i) => {
      const appUrl = appUrls[i % appUrls.length];
      return request(`${appUrl}/api/auth/refresh`, { method: "POST", headers: { origin: appUrl } });
    }),
  );
  return performance.now() - started;
}
