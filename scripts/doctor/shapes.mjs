// Where Django projects put their JWT views: the doctor tries these when a configured path answers
// 404 or 405, says which one answered like the view it looked for, and goes on with it, so a run
// finds every path at once. Each shape names the variables that select it.

/** @typedef {{ name: string, token: string, refresh: string, blacklist?: string, bearer?: true, user?: string, userFromLogin?: string }} Shape */

/** @type {Shape[]} */
export const SHAPES = [
  { name: "simplejwt", token: "token/", refresh: "token/refresh/", blacklist: "token/blacklist/" },
  {
    name: "djoser",
    token: "auth/jwt/create/",
    refresh: "auth/jwt/refresh/",
    user: "auth/users/me/",
  },
  {
    name: "dj-rest-auth",
    token: "dj-rest-auth/login/",
    refresh: "dj-rest-auth/token/refresh/",
    blacklist: "dj-rest-auth/logout/",
    user: "dj-rest-auth/user/",
    userFromLogin: "user",
  },
  {
    name: "hand-written auth/ views",
    token: "auth/login/",
    refresh: "auth/refresh/",
    blacklist: "auth/logout/",
    bearer: true,
  },
  { name: "simplejwt under jwt/", token: "jwt/create/", refresh: "jwt/refresh/" },
];

/** Profile paths to look for when DJANGO_USER_PATH is unset. */
export const PROFILE_PATHS = ["me/", "users/me/", "auth/users/me/", "dj-rest-auth/user/", "user/"];

/**
 * The first of `paths` (the configured one left out) whose answer `matches`, or null. Each try is
 * one POST (or GET) the plan announced.
 * @param {{ client: { call: Function } }} ctx
 * @param {string[]} paths
 * @param {(reply: { status: number, body: unknown }) => boolean} matches
 * @param {{ label: string, method?: string, body?: unknown, accessToken?: string, cookies?: Record<string, string> }} request
 */
export async function findPath(ctx, paths, matches, { label, ...request }) {
  for (const path of paths) {
    const reply = await ctx.client.call(`${label} (looking for it)`, { ...request, path });
    if (matches(reply)) return path;
  }
  return null;
}

/** Which shape a path belongs to, for the report ("djoser's"). */
export function shapeOf(key, path) {
  return SHAPES.find((shape) => shape[key] === path)?.name ?? null;
}
