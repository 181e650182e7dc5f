import "server-only";
import { env } from "@/lib/env.mjs";
import {
  sessionDeadlines,
  type SessionDeadlines,
  type SessionTimes,
} from "@/lib/refresh/session-limits";

/** The configured limits, in ms. */
export const sessionLimits = {
  maxAgeMs: env.AUTH_SESSION_MAX_AGE_S * 1000,
  idleTimeoutMs: env.AUTH_IDLE_TIMEOUT_S * 1000,
};

/** When this session ends by policy, for the browser's warning; no tokens involved. */
export function deadlinesOf(session: SessionTimes): SessionDeadlines {
  return sessionDeadlines(session, sessionLimits);
}
