import { decodeJwt } from "jose";
import { z } from "zod";
import type { TokenPair } from "@/lib/engine/session/session-data";

const pairSchema = z.object({ access: z.string(), refresh: z.string().optional() });

/** Reads a token's `exp` claim (seconds) as epoch milliseconds. Django signed it; we only read it. */
export function readExpiry(token: string): number {
  const { exp } = decodeJwt(token);
  if (typeof exp !== "number") throw new Error("Django returned a token without an exp claim");
  return exp * 1000;
}

/**
 * Parses simplejwt's `{access, refresh}` answer. The refresh token comes from the body, else from
 * the cookie Django set it in (dj-rest-auth with JWT_AUTH_HTTPONLY answers `refresh: ""`), else,
 * without ROTATE_REFRESH_TOKENS (no new refresh token at all), the previous one is kept.
 */
export function parseTokenPair(
  body: unknown,
  { fromCookie, previous }: { fromCookie?: string; previous?: string } = {},
): TokenPair | null {
  const parsed = pairSchema.safeParse(body);
  if (!parsed.success) return null;
  const refreshToken = parsed.data.refresh || fromCookie || previous;
  if (!refreshToken) return null;
  try {
    return {
      accessToken: parsed.data.access,
      refreshToken,
      accessExpires: readExpiry(parsed.data.access),
      refreshExpires: readExpiry(refreshToken),
    };
  } catch {
    return null; // Not a JWT: treated like any other malformed answer.
  }
}

/**
 * The cookie of a Django answer that holds a refresh token (simplejwt's `token_type` claim), for
 * an error that names the setting to use; none when no cookie does.
 */
export function findRefreshCookie(cookies: ReadonlyMap<string, string>): string | undefined {
  for (const [name, value] of cookies) {
    try {
      if (decodeJwt(value).token_type === "refresh") return name;
    } catch {
      // Not a JWT: some other cookie (Django's sessionid, csrftoken).
    }
  }
  return undefined;
}
