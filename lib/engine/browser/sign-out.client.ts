import { signOut as clearNextAuthSession } from "next-auth/react";
import { SIGN_OUT_STATUSES, type SignOutStatus } from "@/lib/engine/contract";
import { announceAuthEvent } from "./auth-events.client";

const REQUEST_TIMEOUT_MS = 15_000;

/**
 * Signs this browser out: the server ends the session's refresh token at Django (POST
 * /api/auth/sign-out) and clears the cookie, every tab follows, and the sign-in page says so when
 * Django did not confirm the end. If the route does not answer, next-auth's own sign-out clears
 * the cookie and the page says the same: the user is never told more than is known.
 */
export async function signOutHere(): Promise<SignOutStatus> {
  const status = await requestSignOut();
  announceAuthEvent({ type: "signed-out" });
  window.location.assign(status === "signed_out" ? "/login" : "/login?signedOut=here_only");
  return status;
}

async function requestSignOut(): Promise<SignOutStatus> {
  try {
    const response = await fetch("/api/auth/sign-out", {
      method: "POST",
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const body = (await response.json().catch(() => null)) as { status?: unknown } | null;
    const status = SIGN_OUT_STATUSES.find((known) => known === body?.status);
    if (response.ok && status) return status;
    console.warn(`Sign-out answered ${response.status}; clearing the session here.`);
  } catch (error) {
    console.warn("Sign-out request failed; clearing the session here.", error);
  }
  await clearNextAuthSession({ redirect: false }).catch((error: unknown) => {
    console.warn("next-auth's sign-out failed too.", error);
  });
  return "signed_out_here_only";
}
