// Sign-out ends the refresh token at Django, asked exactly as the app asks (DJANGO_BLACKLIST_PATH,
// its body field, the access token as Bearer when DJANGO_BLACKLIST_BEARER=on) and judged by the
// app's rule: 200, 204 and 205 end a token; a 401 means "already ended" only when simplejwt says
// the refresh token is invalid; anything else ended nothing. Checking it is also the clean-up:
// every refresh token this run obtained is ended before the doctor exits, and the last line says
// how many really were.
import { count, fail, ok, warn } from "../findings.mjs";
import { carryRefresh, readClaims } from "../jwt.mjs";
import { shapeOf, SHAPES } from "../shapes.mjs";
import { BLACKLIST_FIX, refreshOnce } from "./refresh.mjs";

const TITLE = "Sign-out";

export async function checkSignOut(ctx) {
  const { client, config } = ctx;
  const latest = ctx.refresh;
  const url = client.urlFor(config.blacklistPath);
  let { reply, verdict } = await endToken(ctx, latest, "sign-out (blacklist)");
  if (verdict === "refused" && (reply.status === 404 || reply.status === 405)) {
    const found = await findSignOutView(ctx, latest);
    if (found) {
      ctx.add(
        fail(
          "blacklist_path",
          TITLE,
          `POST ${url} answered ${reply.status}; ${found.path} ends refresh tokens (${shapeOf("blacklist", found.path)}'s path), and the rest of this run uses it`,
          `set DJANGO_BLACKLIST_PATH=${found.path}${found.bearer ? " and DJANGO_BLACKLIST_BEARER=on" : ""}`,
        ),
      );
      config.blacklistPath = found.path;
      config.blacklistBearer = found.bearer;
      ({ reply, verdict } = found.ended ?? (await endToken(ctx, latest, "sign-out (blacklist)")));
      if (verdict !== "refused") {
        await cleanUp(ctx);
        return;
      }
    }
  }
  if (verdict === "refused") {
    ctx.add(fail("blacklist_path", TITLE, describeRefusal(reply, url), fixFor(reply, config)));
  } else if (verdict === "already_ended") {
    ctx.add(
      warn(
        "blacklist_path",
        TITLE,
        `POST ${url} answered 401 token_not_valid for a refresh token that had just worked: ${quote(reply)}`,
        "check that the view reads the refresh token from DJANGO_BLACKLIST_FIELD",
      ),
    );
  } else if (ctx.refreshWorks) {
    await checkEnded(ctx, latest, url, reply.status);
  } else {
    ctx.add(
      ok(
        "blacklist_path",
        TITLE,
        `${config.blacklistPath} answered ${reply.status} (not verified: refresh failed)`,
      ),
    );
  }
  await cleanUp(ctx);
}

async function checkEnded(ctx, token, url, status) {
  const { reply } = await refreshOnce(ctx, token, "refresh (after sign-out)");
  const path = ctx.config.blacklistPath;
  if (reply.status === 401) {
    ctx.add(
      ok(
        "blacklist_path",
        TITLE,
        `${path} ends a refresh token (${status}): refreshing it afterwards is refused`,
      ),
    );
  } else if (reply.status === 200) {
    ctx.isBlacklistIneffective = true;
    ctx.add(
      fail(
        "blacklist_path",
        TITLE,
        `POST ${url} answered ${status}, but the refresh token still refreshes afterwards: sign-out does not end sessions at Django`,
        BLACKLIST_FIX,
      ),
    );
  } else {
    ctx.add(
      warn(
        "blacklist_path",
        TITLE,
        `${path} answered ${status}; refreshing the token afterwards answered ${reply.status}, expected 401`,
      ),
    );
  }
}

function describeRefusal(reply, url) {
  return `POST ${url} answered ${reply.status}${reply.body ? ` (${quote(reply)})` : ""}: sign-out cannot end the refresh token at Django, so it stays valid until it expires`;
}

/** The setting that would have made Django accept the sign-out, from what it answered. */
function fixFor(reply, config) {
  if (reply.status === 401 && !config.blacklistBearer)
    return "the view wants the access token: set DJANGO_BLACKLIST_BEARER=on";
  const missing = Object.entries(reply.body ?? {}).find(
    ([key, value]) =>
      key !== config.blacklistField && JSON.stringify(value).includes("This field is required"),
  );
  if (reply.status === 400 && missing)
    return `the view reads the refresh token from "${missing[0]}": set DJANGO_BLACKLIST_FIELD=${missing[0]}`;
  return "route simplejwt's TokenBlacklistView there (path('token/blacklist/', TokenBlacklistView.as_view())) or set DJANGO_BLACKLIST_PATH to your logout view";
}

/**
 * The configured sign-out path is not there: looks where projects put theirs. The logout of the
 * library whose token view is configured is asked to end the newest token, as the app would
 * (dj-rest-auth's answers a malformed token without simplejwt's code: only a real one tells);
 * elsewhere, a blacklist view answers a malformed token with simplejwt's 401 token_not_valid, and
 * a logout behind IsAuthenticated answers 401 without a `code`, token_not_valid with the Bearer.
 */
async function findSignOutView(ctx, latest) {
  const { config } = ctx;
  const sibling = SHAPES.find((shape) => shape.token === config.tokenPath)?.blacklist;
  if (sibling && sibling !== config.blacklistPath) {
    const bearer = Boolean(SHAPES.find((shape) => shape.blacklist === sibling)?.bearer);
    const ended = await endToken(ctx, latest, "sign-out (looking for it)", {
      path: sibling,
      bearer,
    });
    if (ended.verdict === "ended") return { path: sibling, bearer, ended };
  }
  const malformed = carryRefresh(config, "not-a-token", config.blacklistField);
  const isRefusal = ({ status, body: answer }) =>
    status === 401 && answer?.code === "token_not_valid" && answer?.messages === undefined;
  for (const path of SHAPES.flatMap((shape) => shape.blacklist ?? [])) {
    if (path === config.blacklistPath || path === sibling) continue;
    const plain = await ctx.client.call("sign-out (looking for it)", { path, ...malformed });
    if (isRefusal(plain)) return { path, bearer: false };
    if (plain.status !== 401) continue;
    const withBearer = await ctx.client.call("sign-out (looking for it)", {
      path,
      ...malformed,
      accessToken: ctx.access,
    });
    if (isRefusal(withBearer)) return { path, bearer: true };
  }
  return null;
}

async function cleanUp(ctx) {
  for (const token of ctx.held) {
    if (!ctx.ended.has(token)) await endToken(ctx, token, "clean-up (blacklist)");
  }
  const obtained = [...ctx.held];
  const left = ctx.isBlacklistIneffective
    ? obtained
    : obtained.filter((token) => !ctx.ended.has(token));
  const ended = obtained.length - left.length;
  if (left.length === 0) {
    ctx.add(
      ok(
        "cleanup",
        "Clean-up",
        `ended the ${count(obtained.length, "refresh token")} this run obtained`,
      ),
    );
    return;
  }
  const lastExpiry = Math.max(...left.map((token) => readClaims(token)?.exp ?? 0)) * 1000;
  ctx.add(
    warn(
      "cleanup",
      "Clean-up",
      `ended ${ended} of the ${count(obtained.length, "refresh token")} this run obtained; ${left.length} could not be ended at Django and stay valid until ${new Date(lastExpiry).toISOString()}`,
    ),
  );
}

/**
 * Ends one refresh token as the app's sign-out does (at `path`, with the Bearer when `bearer`: the
 * settings' by default); `verdict` is the app's reading of it.
 */
async function endToken(
  ctx,
  token,
  label,
  { path = ctx.config.blacklistPath, bearer = ctx.config.blacklistBearer } = {},
) {
  const reply = await ctx.client.call(label, {
    path,
    ...carryRefresh(ctx.config, token, ctx.config.blacklistField),
    ...(bearer ? { accessToken: ctx.access } : {}),
  });
  const verdict = judge(reply);
  if (verdict !== "refused") ctx.ended.add(token);
  return { reply, verdict };
}

/** The app's rule (lib/engine/django/django-auth.ts blacklistAtDjango). */
function judge({ status, body }) {
  if (status === 200 || status === 204 || status === 205) return "ended";
  const isRefreshRefusal =
    status === 401 && body?.code === "token_not_valid" && body?.messages === undefined;
  return isRefreshRefusal ? "already_ended" : "refused";
}

/** Django's own words, as it sent them. */
function quote({ body }) {
  return typeof body?.detail === "string" ? `"${body.detail}"` : JSON.stringify(body);
}
