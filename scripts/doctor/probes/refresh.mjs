// token/refresh/: does it rotate, and is a rotated refresh token really refused afterwards
// (which needs the token_blacklist app, not just BLACKLIST_AFTER_ROTATION)?
import { findPath, shapeOf, SHAPES } from "../shapes.mjs";
import { fail, ok, warn } from "../findings.mjs";
import { carryRefresh, detailOf, readPair } from "../jwt.mjs";
import { isOverlapRepeat, reportRotationApp } from "./rotation-app.mjs";

const BLACKLIST_FIX =
  "add 'rest_framework_simplejwt.token_blacklist' to INSTALLED_APPS, run `python manage.py migrate`, keep SIMPLE_JWT['BLACKLIST_AFTER_ROTATION'] = True";

/**
 * POSTs a refresh token as the app does; a successful answer's tokens are recorded as held (to
 * clean up), a refused token as ended.
 */
export async function refreshOnce(ctx, refreshToken, label = "refresh") {
  const reply = await ctx.client.call(label, {
    path: ctx.config.refreshPath,
    ...carryRefresh(ctx.config, refreshToken),
  });
  const pair = readPair(reply, ctx.config);
  // Refused by the refresh view itself: dead, nothing for the clean-up to end (a logout view may
  // not say so in simplejwt's words: dj-rest-auth's answers 401 without a code).
  if (reply.status === 401 && reply.body?.code === "token_not_valid") ctx.ended.add(refreshToken);
  if (pair) {
    ctx.issued.push({ token: pair.access, sentAt: reply.sentAt, receivedAt: reply.receivedAt });
    if (pair.refresh) ctx.held.add(pair.refresh);
  }
  return { reply, pair };
}

export async function checkRotation(ctx) {
  const first = ctx.refresh;
  const url = ctx.client.urlFor(ctx.config.refreshPath);
  let { reply, pair } = await refreshOnce(ctx, first);
  if (reply.status === 404 || reply.status === 405) {
    const found = await findRefreshView(ctx);
    ctx.add(
      fail(
        "refresh_path",
        "Refresh view",
        found
          ? `POST ${url} answered ${reply.status}; ${found} is a refresh view (${shapeOf("refresh", found)}'s path), and the rest of this run uses it`
          : `POST ${url} answered ${reply.status}: the template cannot refresh, so users are signed out each time their access token expires`,
        found
          ? `set DJANGO_REFRESH_PATH=${found}`
          : "set DJANGO_REFRESH_PATH to the path of simplejwt's TokenRefreshView (relative to DJANGO_API_URL)",
      ),
    );
    if (!found) {
      ctx.rotation = "unknown";
      return;
    }
    ctx.config.refreshPath = found;
    ({ reply, pair } = await refreshOnce(ctx, first));
  }
  if (!pair) {
    ctx.rotation = "unknown";
    const isThrottled = reply.status === 429;
    const finding = isThrottled ? warn : fail;
    ctx.add(
      finding(
        "rotation",
        "Rotation",
        `POST ${url} with a fresh refresh token answered ${reply.status}${detailOf(reply.body) ? ` (${detailOf(reply.body)})` : ""}`,
        isThrottled
          ? "see the throttling line"
          : "point DJANGO_REFRESH_PATH at simplejwt's TokenRefreshView",
      ),
    );
    return;
  }
  ctx.access = pair.access;
  ctx.refreshWorks = true;
  if (pair.refresh) {
    ctx.rotation = "on";
    ctx.refresh = pair.refresh;
    ctx.add(ok("rotation", "Rotation", "on: each refresh returns a new refresh token"));
    await checkReuseRefused(ctx, first, pair);
  } else {
    ctx.rotation = "off";
    ctx.add(
      warn(
        "rotation",
        "Rotation",
        "off: the template keeps working, but one refresh token stays valid for its whole lifetime and a stolen one goes unnoticed",
        "set SIMPLE_JWT['ROTATE_REFRESH_TOKENS'] = True and SIMPLE_JWT['BLACKLIST_AFTER_ROTATION'] = True",
      ),
    );
  }
}

async function checkReuseRefused(ctx, rotated, successor) {
  const sentAt = Date.now();
  const { reply, pair } = await refreshOnce(ctx, rotated, "refresh (rotated token again)");
  if (isOverlapRepeat(successor, pair)) {
    reportRotationApp(ctx, { successor, elapsedMs: Date.now() - sentAt });
  } else if (reply.status === 401) {
    ctx.add(
      ok(
        "blacklist",
        "Blacklisting",
        `a rotated refresh token is refused ("${detailOf(reply.body) ?? 401}")`,
      ),
    );
  } else if (reply.status === 200) {
    ctx.add(
      fail(
        "blacklist",
        "Blacklisting",
        "Django accepted an already-rotated refresh token again: BLACKLIST_AFTER_ROTATION does nothing without the token_blacklist app (missing from INSTALLED_APPS or not migrated), so every old refresh token stays valid until it expires",
        BLACKLIST_FIX,
      ),
    );
  } else {
    ctx.add(
      warn(
        "blacklist",
        "Blacklisting",
        `not verified: reusing a rotated refresh token answered ${reply.status}, expected 401`,
        reply.status === 429 ? "see the throttling line" : undefined,
      ),
    );
  }
}

export { BLACKLIST_FIX };

/** A refresh view answers a malformed token with simplejwt's 401 token_not_valid. */
async function findRefreshView(ctx) {
  const candidates = SHAPES.map((shape) => shape.refresh).filter(
    (path) => path !== ctx.config.refreshPath,
  );
  return findPath(
    ctx,
    candidates,
    ({ status, body }) => status === 401 && body?.code === "token_not_valid",
    { label: "refresh", ...carryRefresh(ctx.config, "not-a-token") },
  );
}
