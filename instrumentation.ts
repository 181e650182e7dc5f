// Next.js calls register() once per server runtime, before any route runs.
export async function register() {
  // Next inlines NEXT_RUNTIME at build time, which drops the Node-only OpenTelemetry SDK from the
  // Edge bundle.
  // eslint-disable-next-line no-restricted-properties
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { auth } = await import("./auth");
    auth.registerMetricsExport();
  }
}
