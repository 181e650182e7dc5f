// The engine's server entry: route handlers, the middleware guard, the session and the Django
// calls for server components and Server Actions. app/ imports the engine only through this file
// and lib/engine/client.ts (eslint enforces it). You probably don't need to edit the engine:
// settings live in auth.config.ts.
export { refreshRoute } from "./routes/refresh-route";
export { nextAuthRoute } from "./routes/next-auth-route";
export { healthRoute } from "./routes/health-route";
export { djangoProxyRoute } from "./routes/django-proxy-route";
export { handleMiddleware } from "./routes/middleware-route";
export { signOutEverywhereRoute } from "./routes/sign-out-everywhere-route";

export {
  getBrowserSafeSession,
  requireBrowserSafeSession,
  type BrowserSafeSession,
} from "./auth/server-session";
// Calling Django: callDjango in a server component, callDjangoFromAction in a Server Action (it
// may renew the session), lib/engine/client's callDjango in the browser: one shape, one outcome.
export { callDjango } from "./django/django-client";
export { callDjangoFromAction } from "./auth/call-django-from-action";
export type {
  DjangoCallOptions,
  DjangoFailure,
  DjangoOutcome,
  FieldErrors,
  Schema,
} from "./contract";
export { toSignedOutMessage } from "./auth/sign-in-message";
export { DEFAULT_AFTER_SIGN_IN, toSafeCallbackPath } from "./http/safe-redirect";
export { isCrossSiteRequest } from "./http/same-origin";
export { readSessionCookie, writeSessionCookie } from "./session/session-cookie";
export { AppError, errorResponse, NO_STORE } from "./errors";

// Diagnostics for the demo's session inspector.
export { instanceId } from "./observability/instance-id";
export { readRefreshCounters, type RefreshCounters } from "./observability/refresh-counters";
