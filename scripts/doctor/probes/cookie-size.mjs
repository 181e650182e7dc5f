// The session cookie holds both tokens, encrypted by next-auth: its size decides whether it is
// split into chunks (fine for the template, but every request then carries several cookies).
import { encode } from "next-auth/jwt";

import { COOKIE_CHUNK_SIZE } from "../constants.mjs";
import { ok, warn } from "../findings.mjs";
import { readClaims } from "../jwt.mjs";

// Many proxies (nginx's default large_client_header_buffers) refuse a header line over 8 KB.
const HEADER_LIMIT = 8 * 1024;
// The size of next-auth's JWE depends on the plaintext's length only, not on the key.
const SIZING_SECRET = "doctor-sizing-only-secret-0123456789abcdef";

export async function checkCookieSize(ctx) {
  const session = {
    accessToken: ctx.access,
    refreshToken: ctx.refresh,
    accessExpires: (readClaims(ctx.access)?.exp ?? 0) * 1000,
    refreshExpires: (readClaims(ctx.refresh)?.exp ?? 0) * 1000,
    user: ctx.user,
    sub: ctx.user.id,
  };
  const value = await encode({ token: session, secret: SIZING_SECRET, maxAge: 30 * 86_400 });
  const chunks = Math.ceil(value.length / COOKIE_CHUNK_SIZE);
  const sizes = `access token ${ctx.access.length} B, refresh token ${ctx.refresh.length} B, session cookie ≈ ${value.length} B`;
  if (chunks <= 1) {
    ctx.add(ok("cookie_size", "Token size", `${sizes} (one cookie, below ${COOKIE_CHUNK_SIZE} B)`));
  } else if (value.length < HEADER_LIMIT) {
    ctx.add(
      warn(
        "cookie_size",
        "Token size",
        `${sizes}: split into ${chunks} cookies (the template handles it; every request carries them all)`,
        "move large custom claims out of the tokens (serve them from DJANGO_USER_PATH instead)",
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
