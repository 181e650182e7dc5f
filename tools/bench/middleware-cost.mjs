import { browserHeaders, request } from "./http-client.mjs";
import { rotate, round, summarize } from "./stats.mjs";

/**
 * The middleware's own cost on a navigation: the same tiny dynamic handler under /dashboard (the
 * middleware runs: CSP nonce, request path) and under /api (outside its matcher), one build,
 * interleaved. The real /dashboard page is timed beside it for scale. `decision` is the
 * middleware function alone, timed inside the server.
 */
export async function measureMiddleware({ appUrl, jar, rounds, warmup }) {
  const anonymous = await request(`${appUrl}/dashboard/bench-probe`);
  if (!anonymous.headers["content-security-policy"]) {
    throw new Error(
      "GET /dashboard/bench-probe carries no Content-Security-Policy: the middleware no longer " +
        "runs on /dashboard/*, so this figure would measure nothing.",
    );
  }
  const headers = browserHeaders(jar);
  const targets = {
    guarded: `${appUrl}/dashboard/bench-probe`,
    unguarded: `${appUrl}/api/bench-probe`,
    dashboard: `${appUrl}/dashboard`,
  };
  const times = { guarded: [], unguarded: [], dashboard: [] };
  for (let i = 0; i < warmup + rounds; i++) {
    for (const name of rotate(Object.keys(targets), i)) {
      const response = await request(targets[name], { headers });
      if (response.status !== 200) {
        throw new Error(`GET ${targets[name]} with a session answered ${response.status}.`);
      }
      if (i >= warmup) times[name].push(response.ms);
    }
  }
  const guarded = summarize(times.guarded);
  const unguarded = summarize(times.unguarded);
  const timing = await request(`${appUrl}/api/bench-guard?rounds=${warmup + rounds}`, { headers });
  if (timing.status !== 200)
    throw new Error(`The in-process guard timing answered ${timing.status}.`);
  const decision = summarize(JSON.parse(timing.body.toString("utf8")).times.slice(warmup));
  return {
    decision,
    guarded,
    unguarded,
    dashboard: summarize(times.dashboard),
    costP50: round(guarded.p50 - unguarded.p50),
    costP99: round(guarded.p99 - unguarded.p99),
  };
}
