import { DiagConsoleLogger, DiagLogLevel, diag, metrics } from "@opentelemetry/api";
import { OTLPMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import {
  defaultResource,
  detectResources,
  envDetector,
  resourceFromAttributes,
} from "@opentelemetry/resources";
import { MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { env } from "@/lib/engine/config-from-env.mjs";
import { instanceId } from "./instance-id";

/**
 * Node.js runtime only (instrumentation.ts checks). Sends the auth metrics over OTLP/HTTP when
 * OTEL_EXPORTER_OTLP_ENDPOINT (or ..._METRICS_ENDPOINT) is set; otherwise registers nothing, and
 * the recording calls stay no-ops. The exporter reads the standard OTEL_EXPORTER_OTLP_* variables.
 */
export function registerMetricsExport(): MeterProvider | null {
  if (!env.isMetricsExportOn) return null;
  // Export failures (collector down, bad credentials) are worth a warning, nothing chattier.
  diag.setLogger(new DiagConsoleLogger(), DiagLogLevel.WARN);
  const resource = defaultResource()
    .merge(
      resourceFromAttributes({
        "service.name": "next-django-simplejwt",
        "service.instance.id": instanceId,
      }),
    )
    // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win over the defaults above.
    .merge(detectResources({ detectors: [envDetector] }));
  const provider = new MeterProvider({
    resource,
    readers: [
      new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter(),
        exportIntervalMillis: env.OTEL_METRIC_EXPORT_INTERVAL,
        exportTimeoutMillis: Math.min(30_000, env.OTEL_METRIC_EXPORT_INTERVAL),
      }),
    ],
  });
  metrics.setGlobalMeterProvider(provider);
  return provider;
}
