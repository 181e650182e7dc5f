// Reads a JWT's claims without verifying it: Django signed it, the doctor only looks.
import { z } from "zod";

const tokenPairSchema = z.object({ access: z.string(), refresh: z.string().optional() });

/**
 * A login or refresh answer's tokens as the app reads them: the refresh token from the body, else
 * from the cookie DJANGO_REFRESH_COOKIE names (lib/engine/django/django-auth.ts readPair); `refresh`
 * is absent when neither has one (no rotation, or a cookie the settings do not name).
 * @returns {{ access: string, refresh?: string } | null}
 */
export function readPair(reply, { refreshCookie }) {
  const parsed = reply.status === 200 ? tokenPairSchema.safeParse(reply.body) : null;
  if (!parsed?.success) return null;
  const refresh = parsed.data.refresh || (refreshCookie && reply.cookies.get(refreshCookie));
  return { access: parsed.data.access, ...(refresh ? { refresh } : {}) };
}

/**
 * postToDjango's body and cookies for a call carrying a refresh token, as the app sends them: in
 * the body's `field`, or as the DJANGO_REFRESH_COOKIE cookie alone.
 */
export function carryRefresh({ refreshCookie }, token, field = "refresh") {
  return refreshCookie
    ? { body: {}, cookies: { [refreshCookie]: token } }
    : { body: { [field]: token } };
}

/** The cookie an answer set a refresh token in (dj-rest-auth's JWT_AUTH_REFRESH_COOKIE), if any. */
export function findRefreshCookie(cookies) {
  for (const [name, value] of cookies) {
    if (readClaims(value)?.token_type === "refresh") return name;
  }
  return undefined;
}

const claimsSchema = z.looseObject({
  exp: z.number().optional(),
  iat: z.number().optional(),
});

/** @returns {z.infer<typeof claimsSchema> | null} */
export function readClaims(token) {
  const payload = token.split(".")[1];
  if (!payload) return null;
  try {
    const parsed = claimsSchema.safeParse(JSON.parse(Buffer.from(payload, "base64url").toString()));
    return parsed.success ? parsed.data : null;
  } catch {
    return null; // Not a JWT: the caller reports the token as unreadable.
  }
}

/** `exp − iat` in seconds, or null when either claim is missing. */
export function lifetimeS(claims) {
  return typeof claims?.exp === "number" && typeof claims.iat === "number"
    ? claims.exp - claims.iat
    : null;
}

/** Django's `{"detail": "…"}` error text, if any. */
export function detailOf(body) {
  return typeof body?.detail === "string" ? body.detail : undefined;
}

export function formatDuration(seconds) {
  if (seconds % 86_400 === 0) return `${seconds / 86_400} d`;
  if (seconds % 3_600 === 0) return `${seconds / 3_600} h`;
  if (seconds >= 120 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}
