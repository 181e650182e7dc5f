import { metrics, type Counter, type Histogram, type MeterProvider } from "@opentelemetry/api";
import type { ProxyFailure, RefreshDecision } from "./auth-reports";

/** Names and attributes are part of the contract (documented in the README): rename with care. */
export const METER_NAME = "next-django-simplejwt";
export const METRIC = {
  refreshOutcomes: "auth.refresh.outcomes",
  djangoDuration: "auth.refresh.django.duration",
  waitDuration: "auth.refresh.wait.duration",
  proxyUpstreamFailures: "auth.proxy.upstream_failures",
} as const;

type Instruments = {
  outcomes: Counter;
  djangoDuration: Histogram;
  waitDuration: Histogram;
  proxyFailures: Counter;
};

// The API hands out no-op instruments until a provider is registered and never upgrades them,
// so instruments are looked up per provider rather than created once at import.
const byProvider = new WeakMap<MeterProvider, Instruments>();

function instruments(): Instruments {
  const provider = metrics.getMeterProvider();
  let found = byProvider.get(provider);
  if (!found) {
    const meter = provider.getMeter(METER_NAME);
    found = {
      outcomes: meter.createCounter(METRIC.refreshOutcomes, {
        description: "Refresh decisions, by outcome",
      }),
      djangoDuration: meter.createHistogram(METRIC.djangoDuration, {
        description: "Duration of the call to Django's refresh endpoint",
        unit: "ms",
      }),
      waitDuration: meter.createHistogram(METRIC.waitDuration, {
        description: "Time a refresh waited for the lock or for another caller's refresh",
        unit: "ms",
      }),
      proxyFailures: meter.createCounter(METRIC.proxyUpstreamFailures, {
        description: "Proxied requests Django answered with 5xx or did not answer",
      }),
    };
    byProvider.set(provider, found);
  }
  return found;
}

export function recordRefreshMetrics({ outcome, djangoMs, waitMs }: RefreshDecision): void {
  const { outcomes, djangoDuration, waitDuration } = instruments();
  outcomes.add(1, { outcome });
  waitDuration.record(waitMs, { outcome });
  if (djangoMs !== null) djangoDuration.record(djangoMs, { outcome });
}

export function recordProxyFailureMetric({ method, status }: ProxyFailure): void {
  // The path stays out of metric attributes: one series per URL would have no bound.
  instruments().proxyFailures.add(1, {
    "http.request.method": method.toUpperCase(),
    "error.type": String(status),
  });
}
