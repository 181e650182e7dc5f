import { REFRESH_FAILURES, REFRESH_STATUSES } from "@/lib/engine/contract";

/**
 * What the refresh path and the proxy report. The one vocabulary for logs, metrics and the
 * in-process counters; callers import these types rather than spelling outcomes themselves.
 */
export const REFRESH_OUTCOMES = [
  ...REFRESH_STATUSES,
  "joined",
  ...REFRESH_FAILURES,
  "reuse_detected",
] as const;

export type RefreshOutcomeName = (typeof REFRESH_OUTCOMES)[number];

export type RefreshDecision = {
  outcome: RefreshOutcomeName;
  /** How long the call to Django's refresh endpoint took; null when this decision made none. */
  djangoMs: number | null;
  /** How long the caller waited for the lock or for another caller's flight (0 if it did not). */
  waitMs: number;
  /** The store key of the chain, already a keyed hash (HMAC); it is digested again and shortened. */
  chainKey: string;
};

export type ProxyFailure = {
  method: string;
  /** A route template or the path; a query string is cut off before logging. */
  path: string;
  /** Django's 5xx status, or why no answer came. */
  status: number | "network" | "timeout";
  durationMs: number;
};
