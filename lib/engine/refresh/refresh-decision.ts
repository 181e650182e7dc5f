import type { RefreshDecision } from "@/lib/engine/observability/auth-reports";
import type { RefreshOutcome } from "./coordinator-types";

/** What one flight did, filled in by whichever caller ran it (the others joined it). */
export type FlightTrace = {
  /** The call to Django's refresh endpoint, if this flight made one. */
  djangoMs: number | null;
  /** Time spent polling for another instance's lock. */
  lockWaitMs: number;
  isReuseDetected: boolean;
};

export const newTrace = (): FlightTrace => ({
  djangoMs: null,
  lockWaitMs: 0,
  isReuseDetected: false,
});

/**
 * One decision per `refresh()` call. A caller that joined another caller's flight reports
 * `joined` with the time it waited, and no Django time: the flight's runner reports that.
 */
export function toDecision(
  outcome: RefreshOutcome,
  run: { trace: FlightTrace; hasJoined: boolean; waitedMs: number; chainKey: string },
): RefreshDecision {
  const { trace, hasJoined, waitedMs, chainKey } = run;
  if (hasJoined)
    return {
      outcome: outcome.ok ? "joined" : outcome.error,
      djangoMs: null,
      waitMs: waitedMs,
      chainKey,
    };
  const name = outcome.ok
    ? outcome.status
    : trace.isReuseDetected
      ? "reuse_detected"
      : outcome.error;
  return { outcome: name, djangoMs: trace.djangoMs, waitMs: trace.lockWaitMs, chainKey };
}
