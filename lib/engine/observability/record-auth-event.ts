import "server-only";
import type { ProxyFailure, RefreshDecision } from "./auth-reports";
import { recordProxyFailureMetric, recordRefreshMetrics } from "./auth-metrics";
import { shortChainId } from "./chain-id";
import { instanceId } from "./instance-id";
import { logEvent } from "./log-event";
import { countRefreshOutcome } from "./refresh-counters";

/** Call once per refresh decision: one log line, the metrics, this process's counters. */
export function recordRefreshDecision(decision: RefreshDecision): void {
  logEvent({
    event: "auth.refresh",
    outcome: decision.outcome,
    djangoMs: decision.djangoMs === null ? null : Math.round(decision.djangoMs),
    waitMs: Math.round(decision.waitMs),
    instance: instanceId(),
    chain: shortChainId(decision.chainKey),
  });
  countRefreshOutcome(decision.outcome);
  recordRefreshMetrics(decision);
}

/** Call once per proxied request that Django answered with 5xx or did not answer at all. */
export function recordProxyFailure(failure: ProxyFailure): void {
  logEvent({
    event: "auth.proxy_upstream_failure",
    method: failure.method.toUpperCase(),
    path: failure.path.split(/[?#]/, 1)[0],
    status: failure.status,
    durationMs: Math.round(failure.durationMs),
    instance: instanceId(),
  });
  recordProxyFailureMetric(failure);
}
