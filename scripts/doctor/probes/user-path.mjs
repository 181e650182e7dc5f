// The profile the template reads at sign-in (DJANGO_LOGIN_USER_KEY's object in the login answer,
// or DJANGO_USER_PATH with the access token's claims filled in) must carry the username field.
import { fail, ok } from "../findings.mjs";
import { readClaims } from "../jwt.mjs";
import { findPath, PROFILE_PATHS } from "../shapes.mjs";

export async function checkUserPath(ctx) {
  const { config, client } = ctx;
  const field = ctx.field;
  ctx.user = { id: "1", username: ctx.account.username };
  if (config.userFromLogin) {
    const user = ctx.loginBody?.[config.userFromLogin];
    if (typeof user?.[field] !== "string") {
      ctx.add(
        fail(
          "user_path",
          "User endpoint",
          `the login answer has no "${config.userFromLogin}" object with a string "${field}": sign-in fails`,
          `set DJANGO_LOGIN_USER_KEY to the key of the login answer that holds the user, or unset it`,
        ),
      );
      return;
    }
    ctx.profile = user;
    ctx.user = toUser(user, field);
    ctx.add(
      ok(
        "user_path",
        "User endpoint",
        `the login answer's "${config.userFromLogin}" has "${field}"`,
      ),
    );
    return;
  }
  if (!config.userPath) {
    const inLogin = Object.keys(ctx.loginBody ?? {}).find(
      (key) => typeof ctx.loginBody[key]?.[field] === "string",
    );
    const found = inLogin
      ? null
      : await findPath(
          ctx,
          PROFILE_PATHS,
          ({ status, body }) => status === 200 && typeof body?.[field] === "string",
          { label: "user", method: "GET", accessToken: ctx.access },
        );
    const base =
      "DJANGO_USER_PATH not set: the session user is the user_id claim and the typed username";
    const where = inLogin
      ? `; the login answer carries the user under "${inLogin}" (DJANGO_LOGIN_USER_KEY=${inLogin} adds email and names)`
      : found
        ? `; your profile is at ${found} (DJANGO_USER_PATH=${found} adds email and names)`
        : " (set it, e.g. me/, for email and names)";
    ctx.add(ok("user_path", "User endpoint", base + where));
    return;
  }
  const claims = readClaims(ctx.access) ?? {};
  const missing = [...config.userPath.matchAll(/\{(\w+)\}/g)].find(
    ([, claim]) => typeof claims[claim] !== "string" && typeof claims[claim] !== "number",
  );
  if (missing) {
    ctx.add(
      fail(
        "user_path",
        "User endpoint",
        `DJANGO_USER_PATH names {${missing[1]}}, which the access token does not carry (its claims: ${Object.keys(claims).join(", ")})`,
        "name one of the access token's claims, e.g. users/{user_id}/",
      ),
    );
    return;
  }
  const path = config.userPath.replace(/\{(\w+)\}/g, (_, claim) =>
    encodeURIComponent(String(claims[claim])),
  );
  const reply = await client.call("user", { method: "GET", path, accessToken: ctx.access });
  const body = reply.body && typeof reply.body === "object" ? reply.body : null;
  if (reply.status !== 200 || typeof body?.[field] !== "string") {
    const got = reply.status === 200 ? `a body without a string "${field}"` : reply.status;
    ctx.add(
      fail(
        "user_path",
        "User endpoint",
        `GET ${client.urlFor(path)} with the access token answered ${got}: sign-in fails when the profile lacks the username field`,
        `make DJANGO_USER_PATH answer a JSON object with "${field}", or leave DJANGO_USER_PATH unset`,
      ),
    );
    return;
  }
  ctx.profile = body; // for the UPDATE_LAST_LOGIN line (last_login, when the profile shows it)
  ctx.user = toUser(body, field);
  ctx.add(ok("user_path", "User endpoint", `${path} answers with "${field}"`));
}

/** The session's user as the app builds it (lib/engine/django/read-user.ts). */
function toUser(body, field) {
  return {
    id: String(body.id ?? "1"),
    username: body[field],
    ...(typeof body.email === "string" && body.email ? { email: body.email } : {}),
    ...(body.first_name || body.last_name
      ? { name: [body.first_name, body.last_name].filter(Boolean).join(" ") }
      : {}),
  };
}
