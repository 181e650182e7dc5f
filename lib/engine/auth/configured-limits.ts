import "server-only";
import { engineConfig } from "@/lib/engine/instance";
import {
  sessionDeadlines,
  type SessionDeadlines,
  type SessionLimits,
  type SessionTimes,
} from "@/lib/engine/refresh/session-limits";
import type { TokenPair } from "@/lib/engine/session/session-data";

/** The configured limits, in ms. */
export function sessionLimits(): SessionLimits {
  const { maxAgeS, idleTimeoutS } = engineConfig().session;
  return { maxAgeMs: maxAgeS * 1000, idleTimeoutMs: idleTimeoutS * 1000 };
}

/** When this session ends by policy, for the browser's warning; no tokens involved. */
export function deadlinesOf(session: SessionTimes): SessionDeadlines {
  return sessionDeadlines(session, sessionLimits());
}

let hasWarned = false;

/**
 * The env check cannot know Django's ACCESS_TOKEN_LIFETIME; a sign-in shows it. An idle timeout
 * not longer than it signs out users who are working (they refresh only when it expires).
 */
export function warnIfIdleTimeoutTooShort(pair: TokenPair, issuedAt: number): void {
  const accessLifetimeMs = pair.accessExpires - issuedAt;
  const { idleTimeoutMs } = sessionLimits();
  if (hasWarned || !idleTimeoutMs || accessLifetimeMs < idleTimeoutMs) return;
  hasWarned = true;
  console.warn(
    `[auth] session.idleTimeoutS (${idleTimeoutMs / 1000} s, AUTH_IDLE_TIMEOUT_S) is not longer than Django's access ` +
      `token lifetime (about ${Math.round(accessLifetimeMs / 1000)} s): active users will be ` +
      "signed out. Raise it well above ACCESS_TOKEN_LIFETIME.",
  );
}
