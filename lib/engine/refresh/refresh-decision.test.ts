import { metrics } from "@opentelemetry/api";
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from "@opentelemetry/sdk-metrics";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { METRIC } from "@/lib/engine/observability/auth-metrics";
import { recordRefreshDecision } from "@/lib/engine/observability/record-auth-event";
import { readRefreshCounters } from "@/lib/engine/observability/refresh-counters";
import { setup } from "./coordinator-test-kit";
import { newTrace, toDecision } from "./refresh-decision";

const reader = new PeriodicExportingMetricReader({
  exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE),
  exportIntervalMillis: 3_600_000,
});
beforeAll(() => metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] })));
afterAll(async () => {
  await reader.shutdown();
  metrics.disable();
});

const STORM = 10;

describe("refresh decisions, wired to the observability module", () => {
  it("a storm through the real coordinator counts one refreshed and N-1 joined", async () => {
    const lines: string[] = [];
    vi.spyOn(console, "info").mockImplementation((line: string) => void lines.push(line));
    const before = readRefreshCounters();
    const { coordinator, expired, slowDown, releaseDjango, rotate } = setup({
      onDecision: recordRefreshDecision,
    });
    slowDown();
    const storm = Array.from({ length: STORM }, () => coordinator.refresh(expired("R0")));
    await vi.waitFor(() => expect(rotate).toHaveBeenCalledOnce());
    releaseDjango();
    await Promise.all(storm);

    const after = readRefreshCounters();
    expect(after.refreshed - before.refreshed).toBe(1);
    expect(after.joined - before.joined).toBe(STORM - 1);

    const { resourceMetrics } = await reader.collect();
    const outcomes = resourceMetrics.scopeMetrics
      .flatMap((scope) => scope.metrics)
      .find((metric) => metric.descriptor.name === METRIC.refreshOutcomes);
    const counts = Object.fromEntries(
      (outcomes?.dataPoints ?? []).map((point) => [point.attributes.outcome, point.value]),
    );
    expect(counts).toEqual({ refreshed: 1, joined: STORM - 1 });
    // One JSON line per decision, naming the chain by a short hash only.
    expect(lines).toHaveLength(STORM);
    expect(lines.join("\n")).not.toMatch(/R0|R1|access-for/);
  });
});

describe("toDecision", () => {
  const run = (trace = newTrace(), hasJoined = false) => ({
    trace,
    hasJoined,
    waitedMs: 5,
    chainKey: "k",
  });
  const expired = { ok: false, error: "session_expired" } as const;

  it("names a refusal that reuse detection caused, and only that one", () => {
    expect(toDecision(expired, run()).outcome).toBe("session_expired");
    expect(toDecision(expired, run({ ...newTrace(), isReuseDetected: true })).outcome).toBe(
      "reuse_detected",
    );
  });

  it("reports the runner's Django time, and a joined caller's own wait without it", () => {
    const trace = { ...newTrace(), djangoMs: 7, lockWaitMs: 3 };
    expect(toDecision(expired, run(trace))).toMatchObject({ djangoMs: 7, waitMs: 3 });
    expect(toDecision(expired, run(trace, true))).toMatchObject({
      outcome: "session_expired",
      djangoMs: null,
      waitMs: 5,
    });
  });
});
