import "server-only";
import type { NextRequest, NextResponse } from "next/server";
import type { DjangoCallOptions, DjangoOutcome } from "./contract";
import { resolveAuthConfig, type AuthConfig, type ResolvedAuthConfig } from "./config";
import { callDjangoFromAction } from "./auth/call-django-from-action";
import { markSessionSeen, memoryStoreUsage } from "./auth/server-refresh";
import {
  getBrowserSafeSession,
  requireBrowserSafeSession,
  type BrowserSafeSession,
} from "./auth/server-session";
import { callDjango } from "./django/django-client";
import { checkHealth, type HealthReport } from "./health/check-health";
import { installEngine } from "./instance";
import { registerMetricsExport } from "./observability/register-metrics-export";
import { onTokenUse } from "./refresh/token-use";
import { djangoProxyRoute } from "./routes/django-proxy-route";
import { healthRoute } from "./routes/health-route";
import { handleMiddleware } from "./routes/middleware-route";
import { nextAuthRoute } from "./routes/next-auth-route";
import { refreshRoute } from "./routes/refresh-route";
import { signOutEverywhereRoute } from "./routes/sign-out-everywhere-route";
import { signOutRoute } from "./routes/sign-out-route";

/** What auth.ts gets back: everything the app's routes, pages and actions take from the engine. */
export type DjangoAuth = {
  /** The settings, validated: read them here (e.g. `auth.config.session.warningLeadS`). */
  config: ResolvedAuthConfig;
  /** Route handlers, each for its file under app/api (`export const { POST } = auth.routes.refresh`). */
  routes: {
    nextAuth: typeof nextAuthRoute;
    refresh: typeof refreshRoute;
    djangoProxy: typeof djangoProxyRoute;
    health: typeof healthRoute;
    signOut: typeof signOutRoute;
    signOutEverywhere: typeof signOutEverywhereRoute;
  };
  /** middleware.ts's handler: CSP nonce, page methods and body sizes, the session guard. */
  middleware: (request: NextRequest) => Promise<NextResponse>;
  /** The session without its tokens, or null; for server components. */
  getBrowserSafeSession: () => Promise<BrowserSafeSession | null>;
  /** The same, or a redirect to /login and back; the (protected) layout calls it. */
  requireBrowserSafeSession: () => Promise<BrowserSafeSession>;
  /** Django from a server component (never renews; see lib/engine/django/django-client.ts). */
  callDjango: <T = unknown>(
    path: string,
    options?: DjangoCallOptions<T>,
  ) => Promise<DjangoOutcome<T>>;
  /** Django from a Server Action (renews and retries once on 401). */
  callDjangoFromAction: <T = unknown>(
    path: string,
    options?: DjangoCallOptions<T>,
  ) => Promise<DjangoOutcome<T>>;
  /** GET /api/health's report. */
  checkHealth: () => Promise<HealthReport>;
  /** OpenTelemetry metrics over OTLP when `metricsExport` is set; instrumentation.ts calls it. */
  registerMetricsExport: typeof registerMetricsExport;
};

/**
 * Builds the engine from its settings, checked here (a bad one throws naming it). Cheap: the
 * coordinator, the store and their connections are made on first use. Route bundles that build it
 * with the same settings share one engine per process.
 */
export function createDjangoAuth(config: AuthConfig): DjangoAuth {
  const engine = installEngine(resolveAuthConfig(config));
  // The browser used a cookie's access token: its predecessor then yields it only within the
  // reuse window (lib/engine/django reports uses; the coordinator, above it, hears them).
  onTokenUse(markSessionSeen);
  return {
    config: engine.config,
    routes: {
      nextAuth: nextAuthRoute,
      refresh: refreshRoute,
      djangoProxy: djangoProxyRoute,
      health: healthRoute,
      signOut: signOutRoute,
      signOutEverywhere: signOutEverywhereRoute,
    },
    middleware: handleMiddleware,
    getBrowserSafeSession,
    requireBrowserSafeSession,
    callDjango,
    callDjangoFromAction,
    checkHealth: () => checkHealth(memoryStoreUsage),
    registerMetricsExport,
  };
}
