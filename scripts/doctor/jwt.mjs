// Reads a JWT's claims without verifying it: Django signed it, the doctor only looks.
import { z } from "zod";

export const tokenPairSchema = z.object({ access: z.string(), refresh: z.string().optional() });

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
