// The engine's server entry: route handlers, the middleware guard, the session and the Django
// calls for server components and Server Actions. app/ imports the engine only through this file
// and lib/engine/client.ts (eslint enforces it). You probably don't need to edit the engine:
// settings live in auth.config.ts.
export { refreshRoute } from "./routes/refresh-route";
export { nextAuthRoute } from "./routes/next-auth-route";
export { healthRoute } from "./routes/health-route";
export { djangoProxyRoute } from "./routes/django-proxy-route";
export { signOutEverywhereRoute } from "./routes/sign-out-everywhere-route";
export { guardRequest } from "./auth/guard-request";

export {
  getBrowserSafeSession,
  requireBrowserSafeSession,
  type BrowserSafeSession,
} from "./auth/server-session";
export { fetchFromDjango, type DjangoCallOptions } from "./django/django-client";
export { callDjangoFromAction, type ActionOutcome } from "./auth/call-django-from-action";
export { toActionState, type ActionState } from "./auth/action-state";
export type { DjangoOutcome, DjangoOutcomeKind, FieldErrors } from "./django/django-outcome";
export { DEFAULT_AFTER_SIGN_IN, toSafeCallbackPath } from "./http/safe-redirect";
export { isCrossSiteRequest } from "./http/same-origin";
export { readSessionCookie, writeSessionCookie } from "./session/session-cookie";
export { AppError, errorResponse, NO_STORE } from "./errors";

// Diagnostics for the demo's session inspector.
export { instanceId } from "./observability/instance-id";
export { readRefreshCounters, type RefreshCounters } from "./observability/refresh-counters";
