// The order of the checks, and the list of calls announced before any is made.
import { checkOrigin, checkProxyHops, checkSecret } from "./probes/app-settings.mjs";
import { CONCURRENT_REFRESHES } from "./constants.mjs";
import { createDjangoClient } from "./http.mjs";
import { checkClock } from "./probes/clock.mjs";
import { checkConcurrency } from "./probes/concurrency.mjs";
import { checkConnection } from "./probes/connection.mjs";
import { checkCookieSize } from "./probes/cookie-size.mjs";
import { checkRedisEviction } from "./probes/redis-eviction.mjs";
import { checkRotation } from "./probes/refresh.mjs";
import { checkSignIn } from "./probes/sign-in.mjs";
import { checkSignOut } from "./probes/sign-out.mjs";
import { checkSimplejwtStack } from "./probes/simplejwt-stack.mjs";
import { checkThrottling, checkTimings } from "./probes/timing.mjs";
import { checkUserPath } from "./probes/user-path.mjs";
import { PROFILE_PATHS } from "./shapes.mjs";

/** What the doctor will send, in order: printed before the first call. */
export function plannedCalls(config, { concurrencyCheck }) {
  const url = (path) => `${config.apiUrl}/${path}`;
  return [
    `GET  ${url("")}  (reachability, TLS, redirects), then a path that is not there (DEBUG)`,
    `POST ${url(config.tokenPath)}  with an empty form (which username field it asks for)`,
    `POST ${url(config.tokenPath)}  with the credentials (sign in once)`,
    config.userPath
      ? `GET  ${url(config.userPath)}  with the access token`
      : `GET  ${PROFILE_PATHS.join(", ")}  with the access token, until one is the profile`,
    `POST ${url(config.refreshPath)}  (rotation), then again with the rotated token (blacklisting)${config.refreshCookie ? `; refresh tokens go as the cookie ${config.refreshCookie}` : ""}`,
    `POST ${url(config.refreshPath)}  with a malformed token (which simplejwt answers)`,
    ...(concurrencyCheck
      ? [`POST ${url(config.refreshPath)}  ${CONCURRENT_REFRESHES} times at once with one token`]
      : []),
    `POST ${url(config.blacklistPath)}  with the newest refresh token${config.blacklistBearer ? " and the access token as Bearer" : ""}, then ${url(config.refreshPath)} with it (sign-out)`,
    "when a path answers 404 or 405: the known shapes' paths for that view (simplejwt, djoser, dj-rest-auth, auth/, jwt/), one or two calls each; for sign-out, the token view's own logout first, with the newest refresh token",
    `POST ${url(config.blacklistPath)}  for every other refresh token obtained (clean-up)`,
    ...(config.redisUrl ? ["CONFIG GET maxmemory-policy  on REDIS_URL (read only)"] : []),
    ...(config.redisClusterUrls
      ? [
          "CLUSTER INFO, and CONFIG GET maxmemory-policy on each master of REDIS_CLUSTER_URLS (read only)",
        ]
      : []),
  ];
}

/**
 * Runs every check against one account; returns the findings in report order.
 * @param {{ apiUrl: string, tokenPath: string, refreshPath: string, blacklistPath: string, blacklistField: string, blacklistBearer: boolean, refreshCookie?: string, trustedProxyHops: number, userPath?: string, usernameField: string, redisUrl?: string, redisClusterUrls?: string[] }} config
 */
export async function runProbes(config, { username, password, concurrencyCheck, app }) {
  const findings = [];
  const ctx = {
    config,
    client: createDjangoClient(config.apiUrl),
    account: { username, password },
    add: (finding) => findings.push(finding),
    /** Every refresh token obtained, and those Django confirmed ended. */
    held: new Set(),
    ended: new Set(),
    issued: [],
  };
  checkSecret(ctx);
  await checkOrigin(ctx, app);
  checkProxyHops(ctx);
  if (!(await checkConnection(ctx))) return { findings, ctx };
  if (await checkSignIn(ctx)) {
    await checkUserPath(ctx);
    await checkCookieSize(ctx);
    await checkRotation(ctx);
    await checkSimplejwtStack(ctx);
    if (concurrencyCheck && ctx.refreshWorks) await checkConcurrency(ctx);
    await checkSignOut(ctx);
    checkThrottling(ctx);
  }
  checkTimings(ctx);
  checkClock(ctx);
  await checkRedisEviction(ctx);
  return { findings, ctx };
}
