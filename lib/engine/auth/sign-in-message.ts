import "server-only";
import { SESSION_END_REASONS, type SessionEndReason } from "@/lib/engine/contract";
import { isAppError } from "@/lib/engine/errors";
import { SessionTooLargeError } from "@/lib/engine/session/session-cookie-budget";

const THROTTLED = "Too many sign-in attempts. Wait a moment, then try again.";
const UNAVAILABLE = "The server could not reach the API. Try again in a moment.";
const GENERIC = "We could not sign you in because of a server problem. Try again later.";

/** Why the session ended, for every reason of the contract (a new reason needs its sentence). */
const SIGNED_OUT_BECAUSE: Record<SessionEndReason, string> = {
  session_limit: "Your session reached its time limit. Sign in again to continue.",
  idle_timeout: "You were signed out after a period of inactivity.",
  account_deactivated: "Your account was deactivated.",
  password_changed: "Your password was changed: sign in again.",
};

const SIGNED_OUT_HERE_ONLY =
  "You are signed out on this device, but the server could not confirm that your session ended " +
  "everywhere. If this keeps happening, tell the site's administrators.";

/**
 * The sign-in page's explanation for `?reason=` (why a session ended) or `?signedOut=here_only`
 * (a sign-out Django did not confirm); anything not in the contract shows nothing.
 */
export function toSignedOutMessage(reason: unknown, signedOut?: unknown): string | undefined {
  if (signedOut === "here_only") return SIGNED_OUT_HERE_ONLY;
  const known = SESSION_END_REASONS.find((entry) => entry === reason);
  return known ? SIGNED_OUT_BECAUSE[known] : undefined;
}

/**
 * What the login form shows for a failed sign-in: Django's own wording for refused credentials,
 * a known transient state, or a generic message; any other fault is logged for the operator.
 */
export function toSignInMessage(error: unknown): string {
  if (isAppError(error, "invalid_credentials")) return error.message;
  if (isAppError(error, "sign_in_throttled")) return THROTTLED;
  // Names the claims' size and what to change in Django: only the deployment can fix it.
  if (error instanceof SessionTooLargeError) return error.message;
  if (isAppError(error, "upstream_unavailable")) {
    console.warn("[auth] sign-in: Django unavailable", error.message, error.cause ?? "");
    return UNAVAILABLE;
  }
  console.error("[auth] sign-in failed (see the cause; likely configuration)", error);
  return GENERIC;
}
