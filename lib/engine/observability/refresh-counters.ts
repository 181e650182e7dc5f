import { enginePart } from "@/lib/engine/instance";
import { REFRESH_OUTCOMES, type RefreshOutcomeName } from "./auth-reports";

export type RefreshCounters = Record<RefreshOutcomeName, number>;

/** The engine's counts, whichever route bundle recorded them. */
function counters(): RefreshCounters {
  return enginePart(
    "refresh-counters",
    () => Object.fromEntries(REFRESH_OUTCOMES.map((outcome) => [outcome, 0])) as RefreshCounters,
  );
}

export function countRefreshOutcome(outcome: RefreshOutcomeName): void {
  counters()[outcome] += 1;
}

/** This process's refresh outcomes since it started; kept whether or not OpenTelemetry exports. */
export function readRefreshCounters(): RefreshCounters {
  return { ...counters() };
}
