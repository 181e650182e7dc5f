// What the tokens from sign-in say: the claims the template reads and the lifetimes Django set.
import { ACCESS_LEEWAY_MS } from "../constants.mjs";
import { fail, ok, warn } from "../findings.mjs";
import { formatDuration, lifetimeS, readClaims } from "../jwt.mjs";

export function checkClaims(ctx) {
  const access = readClaims(ctx.access);
  const refresh = readClaims(ctx.refresh);
  if (!access || typeof access.exp !== "number") {
    ctx.add(
      fail(
        "claims",
        "Claims",
        "the access token has no readable exp claim: the template reads expiries from it",
        "issue simplejwt's standard tokens (AccessToken / RefreshToken)",
      ),
    );
    return;
  }
  if (access.user_id !== undefined) {
    ctx.add(
      ok("claims", "Claims", `user_id, exp and iat present (${Object.keys(access).join(", ")})`),
    );
  } else {
    ctx.add(
      warn(
        "claims",
        "Claims",
        `no user_id claim (claims: ${Object.keys(access).join(", ")}): the session's user id falls back to the typed username unless DJANGO_USER_PATH returns an id`,
        "set SIMPLE_JWT['USER_ID_CLAIM'] = 'user_id' in Django, or set DJANGO_USER_PATH (e.g. me/) to a view returning {\"id\": …}",
      ),
    );
  }
  checkLifetimes(ctx, lifetimeS(access), lifetimeS(refresh));
}

function checkLifetimes(ctx, accessS, refreshS) {
  ctx.lifetimes = { accessS, refreshS };
  if (accessS === null || refreshS === null) {
    ctx.add(warn("lifetimes", "Lifetimes", "the tokens carry no iat claim: lifetimes unknown"));
    return;
  }
  const text = `access ${formatDuration(accessS)}, refresh ${formatDuration(refreshS)}`;
  if (accessS * 1000 <= ACCESS_LEEWAY_MS) {
    ctx.add(
      fail(
        "lifetimes",
        "Lifetimes",
        `${text}: an access token is never fresher than the template's ${ACCESS_LEEWAY_MS / 1000} s margin, so every request refreshes`,
        "raise SIMPLE_JWT['ACCESS_TOKEN_LIFETIME'] (minutes, not seconds)",
      ),
    );
  } else if (refreshS <= accessS) {
    ctx.add(
      warn(
        "lifetimes",
        "Lifetimes",
        `${text}: the refresh token dies no later than the access token, so users sign in again at each expiry`,
        "make SIMPLE_JWT['REFRESH_TOKEN_LIFETIME'] longer than ACCESS_TOKEN_LIFETIME",
      ),
    );
  } else {
    ctx.add(ok("lifetimes", "Lifetimes", text));
  }
}
