import { metrics } from "@opentelemetry/api";
import {
  AggregationTemporality,
  DataPointType,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type MetricData,
} from "@opentelemetry/sdk-metrics";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { METRIC } from "./auth-metrics";
import { recordProxyFailure, recordRefreshDecision } from "./record-auth-event";
import { readRefreshCounters } from "./refresh-counters";

// A real SDK pipeline, read on demand instead of exported.
const reader = new PeriodicExportingMetricReader({
  exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE),
  exportIntervalMillis: 3_600_000,
});

beforeAll(() => {
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
});
afterAll(async () => {
  await reader.shutdown();
  metrics.disable();
});

let logged: string[] = [];
afterEach(() => {
  logged = [];
  vi.restoreAllMocks();
});
function captureLogs() {
  vi.spyOn(console, "info").mockImplementation((line: string) => void logged.push(line));
}

async function collect(name: string): Promise<MetricData> {
  const { resourceMetrics } = await reader.collect();
  const metric = resourceMetrics.scopeMetrics
    .flatMap((scope) => scope.metrics)
    .find((candidate) => candidate.descriptor.name === name);
  if (!metric) throw new Error(`metric ${name} was not recorded`);
  return metric;
}

const STORM = 12;
const chainKey = "hmac-of-the-refresh-token-AAAAAAAAAAAAAAAAAAAAAAAAAAAA";

describe("recordRefreshDecision", () => {
  it("records a storm as one refresh at Django and N-1 shared answers", async () => {
    captureLogs();
    const before = readRefreshCounters();
    recordRefreshDecision({ outcome: "refreshed", djangoMs: 7.4, waitMs: 0, chainKey });
    for (let i = 1; i < STORM; i++) {
      const outcome = i % 2 ? "joined" : "reused";
      recordRefreshDecision({ outcome, djangoMs: null, waitMs: 6 + i, chainKey });
    }

    const outcomes = await collect(METRIC.refreshOutcomes);
    expect(outcomes.dataPointType).toBe(DataPointType.SUM);
    const counts = Object.fromEntries(
      outcomes.dataPoints.map((point) => [point.attributes.outcome, point.value]),
    );
    expect(counts).toEqual({ refreshed: 1, joined: STORM / 2, reused: STORM / 2 - 1 });

    const django = await collect(METRIC.djangoDuration);
    expect(django.descriptor.unit).toBe("ms");
    expect(django.dataPoints).toHaveLength(1); // Only the one decision that called Django.
    expect(django.dataPoints[0]).toMatchObject({
      attributes: { outcome: "refreshed" },
      value: { count: 1, sum: 7.4 },
    });

    const wait = await collect(METRIC.waitDuration);
    const waits = wait.dataPoints.map((point) => point.value as { count: number });
    expect(waits.reduce((total, value) => total + value.count, 0)).toBe(STORM);

    const after = readRefreshCounters();
    expect(after.refreshed - before.refreshed).toBe(1);
    expect(after.joined + after.reused - before.joined - before.reused).toBe(STORM - 1);
    expect(after.session_expired).toBe(before.session_expired);

    expect(logged).toHaveLength(STORM);
    const first = JSON.parse(logged[0]!) as Record<string, unknown>;
    expect(first).toEqual({
      event: "auth.refresh",
      outcome: "refreshed",
      djangoMs: 7,
      waitMs: 0,
      instance: expect.stringMatching(/.+/),
      chain: expect.stringMatching(/^[\w-]{12}$/),
    });
    const chains = new Set(logged.map((line) => (JSON.parse(line) as { chain: string }).chain));
    expect(chains.size).toBe(1); // One label per chain, the same on every line.
    expect(JSON.parse(logged[1]!)).toMatchObject({ outcome: "joined", djangoMs: null });
  });

  it("never logs the key it is given, even a raw token passed by mistake", () => {
    captureLogs();
    const rawToken = "eyJhbGciOiJIUzI1NiJ9.eyJ0b2tlbl90eXBlIjoicmVmcmVzaCJ9.c2VjcmV0LXNpZ25hdHVyZQ";
    recordRefreshDecision({
      outcome: "session_expired",
      djangoMs: 5,
      waitMs: 1,
      chainKey: rawToken,
    });
    expect(logged).toHaveLength(1);
    for (const part of rawToken.split(".")) expect(logged[0]).not.toContain(part.slice(0, 8));
  });
});

describe("recordProxyFailure", () => {
  it("logs the path without its query and counts by method and failure", async () => {
    captureLogs();
    recordProxyFailure({
      method: "get",
      path: "/api/django/notes/?q=secret",
      status: 502,
      durationMs: 12.6,
    });
    recordProxyFailure({
      method: "POST",
      path: "/api/django/notes/",
      status: "timeout",
      durationMs: 10_000,
    });

    expect(logged.map((line) => JSON.parse(line) as unknown)).toEqual([
      {
        event: "auth.proxy_upstream_failure",
        method: "GET",
        path: "/api/django/notes/",
        status: 502,
        durationMs: 13,
        instance: expect.any(String),
      },
      expect.objectContaining({ method: "POST", status: "timeout" }),
    ]);
    const failures = await collect(METRIC.proxyUpstreamFailures);
    expect(failures.dataPoints.map((point) => [point.attributes, point.value])).toEqual([
      [{ "http.request.method": "GET", "error.type": "502" }, 1],
      [{ "http.request.method": "POST", "error.type": "timeout" }, 1],
    ]);
  });
});
