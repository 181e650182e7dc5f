// Next.js calls register() once per server runtime, before any route runs.
export async function register() {
  // Read directly, not through lib/engine/config-from-env.mjs: Next inlines NEXT_RUNTIME at build time, which drops
  // the Node-only OpenTelemetry SDK from the Edge bundle (middleware).
  // eslint-disable-next-line no-restricted-properties
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { registerMetricsExport } =
      await import("./lib/engine/observability/register-metrics-export");
    registerMetricsExport();
  }
}
