import { performance } from "node:perf_hooks";

import { request } from "./http-client.mjs";
import { rotate, round, summarize } from "./stats.mjs";

const POST_BODY = Buffer.from(JSON.stringify({ data: "x".repeat(100_000 - 11) }));

/** The three request shapes, each checked on every answer. */
export const PAYLOADS = {
  "GET small JSON": { path: "bench/small/", check: (r) => r.body.includes('"ok":true') },
  "POST 100 kB": {
    path: "bench/echo/",
    method: "POST",
    body: POST_BODY,
    check: (r) => r.body.includes(`"received":${POST_BODY.length}`),
  },
  "GET 1 MB JSON": { path: "bench/large/", check: (r) => r.body.length > 1_000_000 },
};

/**
 * The four ways to Django, same client, same keep-alive pool. Each is `(path) => url + headers`.
 * The floor gets no cookie: were the middleware in front of it, it would answer 401 and the
 * benchmark would stop, rather than quietly measure the middleware as part of the floor.
 */
export function routes({ apiUrl, appUrl, accessToken, cookie }) {
  const browser = { cookie, "sec-fetch-site": "same-origin" };
  return {
    direct: (path) => [`${apiUrl}/${path}`, { authorization: `Bearer ${accessToken}` }],
    floor: (path) => [`${appUrl}/api/floor/${path}`, { "sec-fetch-site": "same-origin" }],
    recipe: (path) => [`${appUrl}/api/recipe/${path}`, browser],
    proxy: (path) => [`${appUrl}/api/django/${path}`, browser],
  };
}

async function once(route, payload, errors) {
  const [url, headers] = route(payload.path);
  const contentType = payload.body ? { "content-type": "application/json" } : {};
  try {
    const response = await request(url, {
      method: payload.method,
      headers: { ...headers, ...contentType },
      body: payload.body,
    });
    if (response.status === 200 && payload.check(response)) return response.ms;
    errors.push(`${response.status} from ${url}: ${response.body.subarray(0, 200)}`);
  } catch (error) {
    errors.push(`${url}: ${error.message}`);
  }
  return null;
}

/** Concurrency 1, interleaved request by request; the order rotates every round. */
export async function measureLatency(allRoutes, payload, { rounds, warmup }, errors) {
  const names = Object.keys(allRoutes);
  const times = Object.fromEntries(names.map((name) => [name, []]));
  for (let i = 0; i < warmup + rounds; i++) {
    for (const name of rotate(names, i)) {
      const ms = await once(allRoutes[name], payload, errors);
      if (ms !== null && i >= warmup) times[name].push(ms);
    }
  }
  return Object.fromEntries(names.map((name) => [name, summarize(times[name])]));
}

/** `concurrency` clients in a closed loop, each target in turn for `sliceMs`, `slices` times. */
export async function measureThroughput(
  allRoutes,
  payload,
  { concurrency, sliceMs, slices },
  errors,
) {
  const names = Object.keys(allRoutes);
  const totals = Object.fromEntries(names.map((name) => [name, { done: 0, ms: 0 }]));
  for (let slice = 0; slice < slices; slice++) {
    for (const name of rotate(names, slice)) {
      const started = performance.now();
      const deadline = started + sliceMs;
      let done = 0;
      const client = async () => {
        while (performance.now() < deadline) {
          if ((await once(allRoutes[name], payload, errors)) !== null) done++;
        }
      };
      await Promise.all(Array.from({ length: concurrency }, client));
      totals[name].done += done;
      totals[name].ms += performance.now() - started;
    }
  }
  return Object.fromEntries(
    names.map((name) => [name, round((totals[name].done * 1000) / totals[name].ms, 1)]),
  );
}
