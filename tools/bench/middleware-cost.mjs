import { browserHeaders, request } from "./http-client.mjs";
import { rotate, round, summarize } from "./stats.mjs";

/**
 * The middleware's own cost on a protected navigation: the same tiny dynamic handler under
 * /dashboard (the middleware runs, decodes the cookie, lets it pass) and outside its matcher,
 * one build, interleaved. The real /dashboard page is timed beside it for scale. `decision` is
 * the guard alone (cookie decode and verdict), timed inside the server.
 */
export async function measureMiddleware({ appUrl, jar, rounds, warmup }) {
  const anonymous = await request(`${appUrl}/dashboard/bench-probe`);
  if (anonymous.status < 300 || anonymous.status >= 400) {
    throw new Error(
      `GET /dashboard/bench-probe without a session answered ${anonymous.status}, not a redirect: ` +
        "the middleware no longer guards /dashboard/*, so this figure would measure nothing.",
    );
  }
  const headers = browserHeaders(jar);
  const targets = {
    guarded: `${appUrl}/dashboard/bench-probe`,
    unguarded: `${appUrl}/bench-probe`,
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
