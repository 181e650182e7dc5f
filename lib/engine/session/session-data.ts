import { z } from "zod";

/** A profile field the session carries (`django.userFields`): plain values only. */
export const userFieldSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export type UserField = z.infer<typeof userFieldSchema>;

/** What the app knows about the signed-in user: safe to send to the browser. */
export const sessionUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  email: z.string().optional(),
  name: z.string().optional(),
  /** The profile fields `django.userFields` names, e.g. a public id. */
  fields: z.record(z.string(), userFieldSchema).optional(),
});

export type SessionUser = z.infer<typeof sessionUserSchema>;

/** Django's token pair with the expiries read from the tokens themselves (epoch ms). */
export const tokenPairSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  accessExpires: z.number(),
  refreshExpires: z.number(),
});

export type TokenPair = z.infer<typeof tokenPairSchema>;

/**
 * The payload of the encrypted session cookie. Tokens never leave the server. `chainId` names
 * the sign-in's chain of rotations (sign-out ends it); cookies written before it existed lack
 * it and `signedInAt`, and get a chain at their next rotation.
 */
export const sessionDataSchema = tokenPairSchema.extend({
  user: sessionUserSchema,
  chainId: z.string().min(16).optional(),
  signedInAt: z.number().optional(),
  /** Rotations of the chain that led to this pair (0 or absent: the sign-in pair). */
  generation: z.number().int().nonnegative().optional(),
  /** The last rotation or reuse (the idle limit counts from it); set at sign-in too. */
  refreshedAt: z.number().optional(),
});

export type SessionData = z.infer<typeof sessionDataSchema>;

/**
 * How long the browser keeps the cookie (next-auth's `session.maxAge`). Not a session limit: the
 * refresh token's expiry ends a session, and so do the config's session.maxAgeS and idleTimeoutS.
 */
export const COOKIE_LIFETIME_S = 30 * 24 * 60 * 60;

export function isRefreshAlive(session: TokenPair, now = Date.now()): boolean {
  return session.refreshExpires > now;
}
