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
 * Parses simplejwt's `{access, refresh}` answer. Without ROTATE_REFRESH_TOKENS Django sends no new
 * refresh token, so the previous one is kept.
 */
export function parseTokenPair(body: unknown, previousRefresh?: string): TokenPair | null {
  const parsed = pairSchema.safeParse(body);
  const refreshToken = parsed.data?.refresh ?? previousRefresh;
  if (!parsed.success || !refreshToken) return null;
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
