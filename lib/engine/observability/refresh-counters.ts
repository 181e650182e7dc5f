import { REFRESH_OUTCOMES, type RefreshOutcomeName } from "./auth-reports";

export type RefreshCounters = Record<RefreshOutcomeName, number>;

// Per process, on globalThis: Next may load this module once per route bundle, and the counts
// must be the process's, whichever route recorded them.
const globalKey = Symbol.for("next-django-simplejwt.refresh-counters");
const globalStore = globalThis as typeof globalThis & { [globalKey]?: RefreshCounters };

function counters(): RefreshCounters {
  return (globalStore[globalKey] ??= Object.fromEntries(
    REFRESH_OUTCOMES.map((outcome) => [outcome, 0]),
  ) as RefreshCounters);
}

export function countRefreshOutcome(outcome: RefreshOutcomeName): void {
  counters()[outcome] += 1;
}

/** This process's refresh outcomes since it started; kept whether or not OpenTelemetry exports. */
export function readRefreshCounters(): RefreshCounters {
  return { ...counters() };
}
