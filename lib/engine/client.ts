// The engine's browser entry: the shared axios instance whose interceptor turns a 401 into one
// refresh and one retry, the cross-tab refresh, auth events, session deadlines, and the hooks that
// carry the session protocol into client components. Nothing here reaches a token: they live in
// the httpOnly session cookie and on the server.
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
// Sign-out: Django ends the refresh token, every tab follows, /login says if Django did not confirm.
export { signOutHere } from "./browser/sign-out.client";
export { joinPageRenewal } from "./browser/page-renewal.client";
// Hooks and the provider, for client components: the protocol here, the look in app/.
// <SessionProvider> wraps signed-in pages (cross-tab sign-out, renewal on wake, ending the session
// once a limit has passed); useSession() reads it: status, user, deadlines, end reason.
export { SessionProvider, useSession } from "./browser/session-provider.client";
export type {
  SessionSeed,
  SessionState,
  SessionStatus,
  SessionTimes,
} from "./browser/session-store.client";
// For a countdown to the next session limit (the warning dialog): re-renders once a second.
export { useSessionDeadline } from "./browser/use-session-deadline.client";
// Where a server component got 401: the page's one renewal, its state and a retry.
export {
  useRefreshBoundary,
  type RefreshBoundaryState,
} from "./browser/use-refresh-boundary.client";
// Where Django refused the user: signs out, then /login.
export { useEndRefusedSession } from "./browser/use-end-refused-session.client";
// The idle warning's "Stay signed in": one real rotation, in every tab.
export { useStaySignedIn } from "./browser/use-stay-signed-in.client";
// DRF pagination: the page envelope's schema, and the query of its next/previous link.
export { drfPage, pageQuery, type DrfPage } from "./django/drf-page";
export type {
  DjangoCall,
  DjangoCallOptions,
  DjangoFailure,
  DjangoOutcome,
  DjangoQuery,
  FieldErrors,
  Schema,
} from "./contract";
export { credentialsSchema } from "./session/credentials";
export type { SessionDeadlines, LimitReason, SessionEndReason, SignOutStatus } from "./contract";
