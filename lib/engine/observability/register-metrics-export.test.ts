import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { metrics } from "@opentelemetry/api";
import { afterEach, describe, expect, it, vi } from "vitest";
import { authConfigFromEnv } from "@/lib/engine/config-from-env.mjs";
import { installTestEngine, TEST_SECRET } from "@/lib/engine/test-engine";

type Received = { path: string; contentType: string; body: string };

/** A stand-in OTLP/HTTP collector on a free loopback port that keeps what it receives. */
async function startCollector() {
  const received: Received[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({
        path: request.url ?? "",
        contentType: request.headers["content-type"] ?? "",
        body: Buffer.concat(chunks).toString("utf8"),
      });
      response.writeHead(200, { "Content-Type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, close: () => server.close() };
}

/** An engine built from these variables (the OTLP exporter reads its own from the environment). */
async function loadWith(vars: Record<string, string>) {
  vi.resetModules();
  for (const [name, value] of Object.entries(vars)) vi.stubEnv(name, value);
  installTestEngine(() =>
    authConfigFromEnv({
      DJANGO_API_URL: "http://127.0.0.1:8000/api",
      NEXTAUTH_SECRET: TEST_SECRET,
      ...vars,
    }),
  );
  const { registerMetricsExport } = await import("./register-metrics-export");
  const { recordRefreshDecision } = await import("./record-auth-event");
  return { registerMetricsExport, recordRefreshDecision };
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  metrics.disable();
});

describe("registerMetricsExport", () => {
  it("registers nothing without an OTLP endpoint", async () => {
    const { registerMetricsExport } = await loadWith({});
    expect(registerMetricsExport()).toBeNull();
    expect(metrics.getMeterProvider().constructor.name).toBe("NoopMeterProvider");
  });

  it("sends the auth metrics to OTEL_EXPORTER_OTLP_ENDPOINT", async () => {
    const collector = await startCollector();
    try {
      const { registerMetricsExport, recordRefreshDecision } = await loadWith({
        OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
        OTEL_SERVICE_NAME: "auth-front-under-test",
        INSTANCE_ID: "pod-7",
      });
      vi.spyOn(console, "info").mockImplementation(() => undefined);
      const provider = registerMetricsExport();
      expect(provider).not.toBeNull();
      recordRefreshDecision({ outcome: "refreshed", djangoMs: 8, waitMs: 0, chainKey: "k" });
      await provider!.forceFlush();

      expect(collector.received).toHaveLength(1);
      const [request] = collector.received;
      await provider!.shutdown();
      expect(request).toMatchObject({ path: "/v1/metrics", contentType: "application/json" });
      for (const expected of [
        "auth.refresh.outcomes",
        "auth.refresh.django.duration",
        "auth.refresh.wait.duration",
        "auth-front-under-test",
        "pod-7",
      ]) {
        expect(request!.body).toContain(expected);
      }
    } finally {
      collector.close();
    }
  });
});
