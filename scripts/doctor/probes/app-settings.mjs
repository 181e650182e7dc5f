// The app's own settings a first week trips on: NEXTAUTH_SECRET (set, and not guessable),
// NEXTAUTH_URL (the origin the app is really served on, with --app) and which X-Forwarded-For
// entry Django gets. Never prints the secret.
import { fail, ok, warn } from "../findings.mjs";

const GENERATE = "NEXTAUTH_SECRET=$(openssl rand -base64 32) in .env.local and in the deployment";
/** Fewer different characters than this in 32 or more is a pattern, not a random secret. */
const MIN_DISTINCT_CHARACTERS = 12;

export function checkSecret(ctx) {
  const { secret } = ctx.config;
  if (secret === null) {
    ctx.add(
      warn(
        "secret",
        "Secret",
        "NEXTAUTH_SECRET is not set: development runs on a fixed, public secret, and next build / next start refuse to run in production",
        GENERATE,
      ),
    );
    return;
  }
  const distinct = new Set(secret).size;
  if (distinct < MIN_DISTINCT_CHARACTERS) {
    ctx.add(
      fail(
        "secret",
        "Secret",
        `NEXTAUTH_SECRET has ${secret.length} characters but only ${distinct} different ones: anyone who guesses it can forge sessions`,
        GENERATE,
      ),
    );
    return;
  }
  ctx.add(ok("secret", "Secret", `NEXTAUTH_SECRET is set (${secret.length} characters)`));
}

/** NEXTAUTH_URL against where the app answers (`--app`): sign-in redirects and cookies follow it. */
export async function checkOrigin(ctx, appUrl) {
  const { origin, isVercel } = ctx.config;
  if (!origin) {
    if (isVercel)
      return ctx.add(
        ok("origin", "Origin", "on Vercel: next-auth reads the origin from the deployment"),
      );
    return ctx.add(
      warn(
        "origin",
        "Origin",
        "NEXTAUTH_URL is not set: next-auth takes the origin from each request's Host header, and the session cookie is not __Host- on https",
        "NEXTAUTH_URL=<the app's public origin>, e.g. https://app.example.com",
      ),
    );
  }
  if (!appUrl)
    return ctx.add(
      ok(
        "origin",
        "Origin",
        `NEXTAUTH_URL is ${origin} (pass --app <url> to check that the app answers there)`,
      ),
    );
  const expected = new URL(origin).origin;
  const served = new URL(appUrl).origin;
  if (expected !== served) {
    return ctx.add(
      fail(
        "origin",
        "Origin",
        `the app is served at ${served} but NEXTAUTH_URL is ${expected}: sign-in and sign-out redirect to the wrong origin`,
        `NEXTAUTH_URL=${served}`,
      ),
    );
  }
  const status = await fetch(`${served}/api/health`, { signal: AbortSignal.timeout(5_000) }).then(
    (response) => response.status,
    () => 0,
  );
  if (status === 200 || status === 503) {
    ctx.add(ok("origin", "Origin", `NEXTAUTH_URL is ${expected}, where the app answers`));
  } else {
    ctx.add(
      warn(
        "origin",
        "Origin",
        `NEXTAUTH_URL is ${expected}, but ${served}/api/health ${status ? `answered ${status}` : "did not answer"}`,
        "start the app there (npm run dev or npm start), or pass the --app it is served at",
      ),
    );
  }
}

/**
 * Which client address Django's throttles count by. The doctor cannot see what is in front of
 * the app, so it says what each choice means.
 */
export function checkProxyHops(ctx) {
  const hops = ctx.config.trustedProxyHops;
  ctx.add(
    ok(
      "proxy_hops",
      "Client address",
      hops === 0
        ? "AUTH_TRUSTED_PROXY_HOPS is 0: no X-Forwarded-For entry is trusted (a client reaching next start writes its own), so Django's throttles count every user as this server; behind a load balancer or nginx that appends the header, set AUTH_TRUSTED_PROXY_HOPS=1"
        : `AUTH_TRUSTED_PROXY_HOPS is ${hops}: Django gets the address the outermost of ${hops} appending ${hops === 1 ? "proxy" : "proxies"} saw; only right if clients cannot reach next start directly (they would pick the address their sign-ins are throttled by)`,
    ),
  );
}
