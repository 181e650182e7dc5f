import "server-only";
import { endSessionChain } from "@/lib/engine/auth/server-refresh";
import { blacklistAtDjango } from "@/lib/engine/django/django-auth";
import { logEvent } from "@/lib/engine/observability/log-event";
import { SessionTooLargeError } from "@/lib/engine/session/session-cookie-budget";
import { sealSessionCookie } from "@/lib/engine/session/session-cookie";
import type { SessionData } from "@/lib/engine/session/session-data";

/**
 * Sign-in refuses a session whose cookie would pass the budget (SessionTooLargeError, shown on the
 * login form) instead of writing a cookie the server then answers 431 to. The pair Django just
 * issued is blacklisted, so the refused sign-in leaves no live token behind.
 */
export async function refuseOversizedSession(session: SessionData): Promise<void> {
  try {
    await sealSessionCookie(session);
  } catch (error) {
    if (!(error instanceof SessionTooLargeError)) throw error;
    logEvent({
      event: "auth.session_too_large",
      cookieBytes: error.cookieBytes,
      claimBytes: error.claimBytes,
    });
    await blacklistAtDjango(session).catch((cause: unknown) => {
      console.warn("[auth] sign-in refused: could not blacklist the issued token", cause);
    });
    throw error;
  }
}

/**
 * A refresh whose new pair would pass the budget ends the session cleanly: the chain is ended at
 * Django and the caller answers 401 (cookie cleared); the next sign-in names the claims' size.
 * Keeping the old cookie would only repeat the same rotation.
 */
export async function endOversizedSession(
  session: SessionData,
  error: SessionTooLargeError,
): Promise<void> {
  logEvent({
    event: "auth.session_too_large",
    cookieBytes: error.cookieBytes,
    claimBytes: error.claimBytes,
  });
  await endSessionChain(session).catch((cause: unknown) => {
    console.warn("[auth] refresh refused: could not end the chain at Django", cause);
  });
}
