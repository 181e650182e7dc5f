import { DiagConsoleLogger, DiagLogLevel, diag, metrics } from "@opentelemetry/api";
import { OTLPMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import {
  defaultResource,
  detectResources,
  envDetector,
  resourceFromAttributes,
} from "@opentelemetry/resources";
import { MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { enginePart } from "@/lib/engine/instance";
import { instanceId } from "./instance-id";

/**
 * Node.js runtime only (instrumentation.ts checks). Sends the auth metrics over OTLP/HTTP when
 * the config's `metricsExport` is set (authConfigFromEnv: when OTEL_EXPORTER_OTLP_ENDPOINT or
 * ..._METRICS_ENDPOINT is); otherwise registers nothing, and the recording calls stay no-ops. The
 * exporter reads the standard OTEL_EXPORTER_OTLP_* variables. Once per engine.
 */
export function registerMetricsExport(): MeterProvider | null {
  return enginePart("metrics-export", ({ metricsExport }) =>
    metricsExport ? createMeterProvider(metricsExport.intervalMs) : null,
  );
}

function createMeterProvider(intervalMs: number): MeterProvider {
  // Export failures (collector down, bad credentials) are worth a warning, nothing chattier.
  diag.setLogger(new DiagConsoleLogger(), DiagLogLevel.WARN);
  const resource = defaultResource()
    .merge(
      resourceFromAttributes({
        "service.name": "next-django-simplejwt",
        "service.instance.id": instanceId(),
      }),
    )
    // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win over the defaults above.
    .merge(detectResources({ detectors: [envDetector] }));
  const provider = new MeterProvider({
    resource,
    readers: [
      new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter(),
        exportIntervalMillis: intervalMs,
        exportTimeoutMillis: Math.min(30_000, intervalMs),
      }),
    ],
  });
  metrics.setGlobalMeterProvider(provider);
  return provider;
}
