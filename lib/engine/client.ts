// The engine's browser entry: the shared axios instance whose interceptor turns a 401 into one
// refresh and one retry, the cross-tab refresh, auth events and session deadlines. Nothing here
// reaches a token: they live in the httpOnly session cookie and on the server.
export {
  api,
  createApiClient,
  RefreshUnavailableError,
  SessionExpiredError,
} from "./browser/api.client";
export {
  announceAuthEvent,
  emitAuthEvent,
  subscribeToAuthEvents,
  type AuthEvent,
  type AuthEventSource,
} from "./browser/auth-events.client";
export {
  endRefusedSession,
  redirectToLogin,
  refreshSessionOnce,
  type RefreshResult,
} from "./browser/tab-refresh.client";
export {
  describeRemaining,
  formatRemaining,
  nextDeadline,
  type NextDeadline,
} from "./browser/session-deadline.client";
export { callDjango, followSession } from "./browser/call-django.client";
export { joinPageRenewal } from "./browser/page-renewal.client";
// Hooks and the provider, for client components: the protocol; app/ renders the look.
// <SessionProvider> wraps signed-in pages (cross-tab sign-out, renewal on wake, ending at a passed
// limit); useSession() reads it: status, user, deadlines, end reason, never a token.
export { SessionProvider, useSession } from "./browser/session-provider.client";
export type {
  SessionSeed,
  SessionState,
  SessionStatus,
  SessionTimes,
} from "./browser/session-store.client";
/** For a countdown to the next session limit: ticks once a second. */
export { useSessionDeadline } from "./browser/use-session-deadline.client";
export {
  useRefreshBoundary,
  type RefreshBoundaryState,
} from "./browser/use-refresh-boundary.client";
export { useEndRefusedSession } from "./browser/use-end-refused-session.client";
export { useStaySignedIn } from "./browser/use-stay-signed-in.client";
export type {
  DjangoCallOptions,
  DjangoFailure,
  DjangoOutcome,
  FieldErrors,
  Schema,
} from "./contract";
export { credentialsSchema } from "./session/credentials";
export type { SessionDeadlines, LimitReason, SessionEndReason } from "./contract";
