// token/: which field it wants (from Django's 400 to an empty form), whether the credentials
// work, and what the tokens say (claims, lifetimes).
import { fail, ok, warn } from "../findings.mjs";
import { detailOf, findRefreshCookie, readPair } from "../jwt.mjs";
import { findPath, shapeOf, SHAPES } from "../shapes.mjs";
import { checkClaims } from "./token-claims.mjs";

/** @returns {Promise<boolean>} false when the remaining checks cannot run */
export async function checkSignIn(ctx) {
  const { client, config } = ctx;
  let empty = await client.call("token (empty form)", { path: config.tokenPath, body: {} });
  if (!checkTokenRoute(ctx, empty)) return false;
  if (empty.status === 404 || empty.status === 405) {
    if (!(await findTokenView(ctx, empty.status))) return false;
    empty = await client.call("token (empty form)", { path: config.tokenPath, body: {} });
  }
  ctx.field = detectUsernameField(ctx, empty);

  const reply = await client.call("sign-in", {
    path: config.tokenPath,
    body: { [ctx.field]: ctx.account.username, password: ctx.account.password },
  });
  const pair = readPair(reply, config) ?? undefined;
  const refresh = pair?.refresh ?? (pair && findCookieRefresh(ctx, reply));
  if (!pair || !refresh) {
    ctx.add(refusedSignIn(ctx, reply));
    return false;
  }
  ctx.add(ok("credentials", "Sign-in", `${config.tokenPath} accepted the credentials`));
  ctx.loginBody = reply.body;
  ctx.access = pair.access;
  ctx.refresh = refresh;
  ctx.held.add(ctx.refresh);
  ctx.issued.push({ token: ctx.access, sentAt: reply.sentAt, receivedAt: reply.receivedAt });
  checkClaims(ctx);
  return true;
}

/**
 * A login that answers no refresh token but sets one in a cookie the settings do not name
 * (dj-rest-auth with JWT_AUTH_HTTPONLY): named, and the rest of the run reads it there.
 */
function findCookieRefresh(ctx, reply) {
  const name = findRefreshCookie(reply.cookies);
  if (!name) return undefined;
  ctx.add(
    fail(
      "refresh_cookie",
      "Refresh cookie",
      `${ctx.config.tokenPath} sends the refresh token in the cookie "${name}", not in its answer (dj-rest-auth's JWT_AUTH_HTTPONLY): the app would find none; the rest of this run reads it there`,
      `set DJANGO_REFRESH_COOKIE=${name}`,
    ),
  );
  ctx.config.refreshCookie = name;
  return reply.cookies.get(name);
}

function checkTokenRoute(ctx, reply) {
  const url = ctx.client.urlFor(ctx.config.tokenPath);
  if (reply.status >= 300 && reply.status < 400) {
    const target = reply.location ?? "elsewhere";
    ctx.add(
      fail(
        "redirect",
        "Redirect",
        `POST ${url} is redirected (${reply.status} → ${target}): a redirected POST arrives as a GET or not at all, so sign-in and refresh fail`,
        `set DJANGO_API_URL to the address Django answers on without a redirect${suggestApiUrl(target, ctx.config.tokenPath)}`,
      ),
    );
    return false;
  }
  return true;
}

/**
 * The configured token path is not a token view: looks for one where projects put it (a login
 * form answers an empty POST with 400 and its fields). Found, the run goes on with it.
 */
async function findTokenView(ctx, status) {
  const { config, client } = ctx;
  const url = client.urlFor(config.tokenPath);
  const candidates = SHAPES.map((shape) => shape.token).filter((path) => path !== config.tokenPath);
  const found = await findPath(ctx, candidates, isLoginForm, { label: "token", body: {} });
  if (!found) {
    ctx.add(
      fail(
        "token_path",
        "Token view",
        `POST ${url} answered ${status}, and none of ${candidates.join(", ")} is a token view: the template signs in there`,
        "set DJANGO_TOKEN_PATH to the path of simplejwt's TokenObtainPairView (relative to DJANGO_API_URL)",
      ),
    );
    return false;
  }
  ctx.add(
    fail(
      "token_path",
      "Token view",
      `POST ${url} answered ${status}; ${found} is a token view (${shapeOf("token", found)}'s path), and the rest of this run uses it`,
      `set DJANGO_TOKEN_PATH=${found}`,
    ),
  );
  config.tokenPath = found;
  return true;
}

/** A login view's answer to an empty form: 400 naming what it needs. */
function isLoginForm({ status, body }) {
  return status === 400 && body !== null && typeof body === "object" && "password" in body;
}

function suggestApiUrl(location, tokenPath) {
  return location.endsWith(`/${tokenPath}`) ? ` (${location.slice(0, -tokenPath.length - 1)})` : "";
}

/** simplejwt answers an empty form with 400 `{"<USERNAME_FIELD>": [...], "password": [...]}`. */
function detectUsernameField(ctx, reply) {
  const configured = ctx.config.usernameField;
  const fields =
    reply.status === 400 && reply.body && typeof reply.body === "object"
      ? Object.keys(reply.body).filter((key) => key !== "password" && key !== "non_field_errors")
      : [];
  if (fields.length === 0 && isLoginForm(reply)) {
    // Only the password is required: the view takes one of several login fields (dj-rest-auth's
    // username or email); the sign-in below shows whether the configured one works.
    ctx.add(
      ok(
        "username_field",
        "Username field",
        `${ctx.config.tokenPath} requires only "password" (it takes one of several login fields); sending "${configured}"`,
      ),
    );
    return configured;
  }
  if (fields.length !== 1) {
    ctx.add(
      warn(
        "username_field",
        "Username field",
        `could not tell which field ${ctx.config.tokenPath} wants (an empty form got ${reply.status}); using DJANGO_USERNAME_FIELD=${configured}`,
        "if sign-in fails, set DJANGO_USERNAME_FIELD to your user model's USERNAME_FIELD",
      ),
    );
    return configured;
  }
  const [detected] = fields;
  if (detected === configured) {
    ctx.add(
      ok(
        "username_field",
        "Username field",
        `${ctx.config.tokenPath} asks for "${detected}", as configured`,
      ),
    );
  } else {
    ctx.add(
      fail(
        "username_field",
        "Username field",
        `${ctx.config.tokenPath} asks for "${detected}" but the template sends "${configured}": every sign-in would get 400`,
        `set DJANGO_USERNAME_FIELD=${detected}`,
      ),
    );
  }
  return detected;
}

function refusedSignIn(ctx, reply) {
  const because = detailOf(reply.body) ?? `answered ${reply.status}`;
  if (reply.status === 200) {
    return fail(
      "credentials",
      "Sign-in",
      `${ctx.config.tokenPath} answered 200 without an "access" and a "refresh" token`,
      "point DJANGO_TOKEN_PATH at simplejwt's TokenObtainPairView",
    );
  }
  return fail(
    "credentials",
    "Sign-in",
    `${ctx.config.tokenPath} refused the credentials for "${ctx.account.username}" (${because}); the other checks need a signed-in account`,
    "pass --username/--password of an active account",
  );
}
