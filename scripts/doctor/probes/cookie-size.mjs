// The session cookie holds both tokens, encrypted by next-auth. The template refuses a sign-in
// whose cookie would pass its budget (Node answers 431 to request headers past 16 kB, and the
// user could not even reach /login): here that is ✗, before anyone is refused.
import { encode } from "next-auth/jwt";

import { COOKIE_CHUNK_SIZE, SESSION_COOKIE_BUDGET } from "../constants.mjs";
import { fail, ok, warn } from "../findings.mjs";
import { readClaims } from "../jwt.mjs";

// Many proxies (nginx's default large_client_header_buffers) refuse a header line over 8 KB.
const HEADER_LIMIT = 8 * 1024;
// The size of next-auth's JWE depends on the plaintext's length only, not on the key.
const SIZING_SECRET = "doctor-sizing-only-secret-0123456789abcdef";
// The longest name the template gives it (https origins); chunks are `<name>.0`, `<name>.1`, …
const COOKIE_NAME = "__Host-next-auth.session-token";
const MOVE_CLAIMS =
  "move custom claims out of the tokens (serve them from DJANGO_USER_PATH instead)";

/** Bytes the cookie (or its chunks) takes in the Cookie header, as lib/engine/session measures. */
export function measureSessionCookie(value) {
  const chunks =
    value.length <= COOKIE_CHUNK_SIZE ? 1 : Math.ceil(value.length / COOKIE_CHUNK_SIZE);
  const names = chunks === 1 ? COOKIE_NAME.length : chunks * (COOKIE_NAME.length + 2);
  return { chunks, bytes: value.length + names + chunks + (chunks - 1) * 2 };
}

export async function checkCookieSize(ctx) {
  const session = {
    accessToken: ctx.access,
    refreshToken: ctx.refresh,
    accessExpires: (readClaims(ctx.access)?.exp ?? 0) * 1000,
    refreshExpires: (readClaims(ctx.refresh)?.exp ?? 0) * 1000,
    user: ctx.user,
    // What sign-in adds (lib/engine/auth/auth-options.ts), so the size is the template's own.
    chainId: "00000000-0000-4000-8000-000000000000",
    signedInAt: Date.now(),
    refreshedAt: Date.now(),
    sub: ctx.user.id,
  };
  const value = await encode({ token: session, secret: SIZING_SECRET, maxAge: 30 * 86_400 });
  const { chunks, bytes } = measureSessionCookie(value);
  const sizes = `access token ${ctx.access.length} B, refresh token ${ctx.refresh.length} B, session cookie ≈ ${bytes} B`;
  if (bytes > SESSION_COOKIE_BUDGET) {
    ctx.add(
      fail(
        "cookie_size",
        "Token size",
        `${sizes}: over the template's ${SESSION_COOKIE_BUDGET} B budget, so sign-in is refused (a Cookie header that size would make Node answer 431 and lock the user out)`,
        MOVE_CLAIMS,
      ),
    );
  } else if (chunks <= 1) {
    ctx.add(ok("cookie_size", "Token size", `${sizes} (one cookie, below ${COOKIE_CHUNK_SIZE} B)`));
  } else if (bytes < HEADER_LIMIT) {
    ctx.add(
      warn(
        "cookie_size",
        "Token size",
        `${sizes}: split into ${chunks} cookies (the template handles it; every request carries them all)`,
        MOVE_CLAIMS,
      ),
    );
  } else {
    ctx.add(
      warn(
        "cookie_size",
        "Token size",
        `${sizes}: ${chunks} cookies, a Cookie header over 8 KB that proxies such as nginx refuse by default`,
        "move custom claims out of the tokens, or raise the proxy's header limit (nginx: large_client_header_buffers)",
      ),
    );
  }
}
