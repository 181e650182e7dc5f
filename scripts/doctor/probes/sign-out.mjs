// token/blacklist/: sign-out ends the refresh token at Django. Checking it is also the clean-up:
// every refresh token this run obtained is blacklisted before the doctor exits.
import { count, fail, ok, warn } from "../findings.mjs";
import { readClaims } from "../jwt.mjs";
import { BLACKLIST_FIX, refreshOnce } from "./refresh.mjs";

export async function checkSignOut(ctx) {
  const { client, config } = ctx;
  const latest = ctx.refresh;
  const url = client.urlFor(config.blacklistPath);
  const reply = await blacklist(ctx, latest, "sign-out (blacklist)");
  if (reply.status !== 200) {
    ctx.add(
      fail(
        "blacklist_path",
        "Sign-out",
        `POST ${url} answered ${reply.status}: sign-out cannot end the refresh token at Django, so it stays valid until it expires`,
        "route simplejwt's TokenBlacklistView there (path('token/blacklist/', TokenBlacklistView.as_view())) or set DJANGO_BLACKLIST_PATH to its path",
      ),
    );
  } else if (ctx.refreshWorks) {
    await checkBlacklisted(ctx, latest, url);
  } else {
    ctx.add(
      ok(
        "blacklist_path",
        "Sign-out",
        `${config.blacklistPath} answered 200 (not verified: refresh failed)`,
      ),
    );
  }
  await cleanUp(ctx);
}

async function checkBlacklisted(ctx, token, url) {
  const { reply } = await refreshOnce(ctx, token, "refresh (after sign-out)");
  if (reply.status === 401) {
    ctx.add(
      ok(
        "blacklist_path",
        "Sign-out",
        `${ctx.config.blacklistPath} ends a refresh token: refreshing it afterwards is refused`,
      ),
    );
  } else if (reply.status === 200) {
    ctx.isBlacklistIneffective = true;
    ctx.add(
      fail(
        "blacklist_path",
        "Sign-out",
        `POST ${url} answered 200, but the refresh token still refreshes afterwards: sign-out does not end sessions at Django`,
        BLACKLIST_FIX,
      ),
    );
  } else {
    ctx.add(
      warn(
        "blacklist_path",
        "Sign-out",
        `${ctx.config.blacklistPath} answered 200; refreshing the token afterwards answered ${reply.status}, expected 401`,
      ),
    );
  }
}

async function cleanUp(ctx) {
  for (const token of ctx.held) {
    if (!ctx.ended.has(token)) await blacklist(ctx, token, "clean-up (blacklist)");
  }
  const obtained = [...ctx.held];
  const left = ctx.isBlacklistIneffective
    ? obtained
    : obtained.filter((token) => !ctx.ended.has(token));
  if (left.length === 0) {
    ctx.add(
      ok(
        "cleanup",
        "Clean-up",
        `blacklisted the ${count(obtained.length, "refresh token")} this run obtained`,
      ),
    );
    return;
  }
  const lastExpiry = Math.max(...left.map((token) => readClaims(token)?.exp ?? 0)) * 1000;
  ctx.add(
    warn(
      "cleanup",
      "Clean-up",
      `${left.length} of the ${count(obtained.length, "refresh token")} this run obtained could not be ended (Django's blacklist does not work); they stay valid until ${new Date(lastExpiry).toISOString()}`,
    ),
  );
}

/** Blacklists one token; 401 (already blacklisted or expired) counts as done. */
async function blacklist(ctx, token, label) {
  const reply = await ctx.client.call(label, {
    path: ctx.config.blacklistPath,
    body: { refresh: token },
  });
  if (reply.status === 200 || reply.status === 401) ctx.ended.add(token);
  return reply;
}
