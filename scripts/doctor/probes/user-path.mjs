// DJANGO_USER_PATH: the profile the template reads at sign-in must carry the username field.
import { fail, ok } from "../findings.mjs";

export async function checkUserPath(ctx) {
  const { config, client } = ctx;
  const field = ctx.field;
  ctx.user = { id: "1", username: ctx.account.username };
  if (!config.userPath) {
    ctx.add(
      ok(
        "user_path",
        "User endpoint",
        "DJANGO_USER_PATH not set: the session user is the user_id claim and the typed username (set it, e.g. me/, for email and names)",
      ),
    );
    return;
  }
  const reply = await client.call("user", {
    method: "GET",
    path: config.userPath,
    accessToken: ctx.access,
  });
  const body = reply.body && typeof reply.body === "object" ? reply.body : null;
  if (reply.status !== 200 || typeof body?.[field] !== "string") {
    const got = reply.status === 200 ? `a body without a string "${field}"` : reply.status;
    ctx.add(
      fail(
        "user_path",
        "User endpoint",
        `GET ${client.urlFor(config.userPath)} with the access token answered ${got}: sign-in fails when the profile lacks the username field`,
        `make DJANGO_USER_PATH answer a JSON object with "${field}", or leave DJANGO_USER_PATH unset`,
      ),
    );
    return;
  }
  ctx.profile = body; // for the UPDATE_LAST_LOGIN line (last_login, when the profile shows it)
  ctx.user = {
    id: String(body.id ?? "1"),
    username: body[field],
    ...(typeof body.email === "string" && body.email ? { email: body.email } : {}),
    ...(body.first_name || body.last_name
      ? { name: [body.first_name, body.last_name].filter(Boolean).join(" ") }
      : {}),
  };
  ctx.add(ok("user_path", "User endpoint", `${config.userPath} answers with "${field}"`));
}
