import type { LimitReason, SessionDeadlines } from "@/lib/engine/contract";

export type { LimitReason, SessionDeadlines };

/** 0 turns a limit off. */
export type SessionLimits = { maxAgeMs: number; idleTimeoutMs: number };

/** When the session carries them: sign-in and the last rotation (or reuse), epoch ms. */
export type SessionTimes = { signedInAt?: number; refreshedAt?: number };

export const NO_LIMITS: SessionLimits = { maxAgeMs: 0, idleTimeoutMs: 0 };

/**
 * A cookie from before these fields existed lacks them: it is never ended for that, its
 * counting starts at its next refresh (which writes both).
 */
export function sessionDeadlines(times: SessionTimes, limits: SessionLimits): SessionDeadlines {
  return {
    sessionEndsAt:
      limits.maxAgeMs > 0 && times.signedInAt !== undefined
        ? times.signedInAt + limits.maxAgeMs
        : null,
    idleEndsAt:
      limits.idleTimeoutMs > 0 && times.refreshedAt !== undefined
        ? times.refreshedAt + limits.idleTimeoutMs
        : null,
  };
}

/** The limit that has passed at `now`, the absolute one first; undefined if none. */
export function passedLimit(
  times: SessionTimes,
  limits: SessionLimits,
  now: number,
): LimitReason | undefined {
  const { sessionEndsAt, idleEndsAt } = sessionDeadlines(times, limits);
  if (sessionEndsAt !== null && now >= sessionEndsAt) return "session_limit";
  if (idleEndsAt !== null && now >= idleEndsAt) return "idle_timeout";
  return undefined;
}
