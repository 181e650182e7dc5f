import "server-only";
import { cookies } from "next/headers";
import type { DjangoCallOptions, DjangoOutcome } from "@/lib/engine/contract";
import { reportTokenUse } from "@/lib/engine/refresh/token-use";
import { readSessionCookie } from "@/lib/engine/session/session-cookie";
import { djangoAnswered, failed, toDjangoOutcome } from "./django-outcome";
import { DjangoUnavailableError, sendJsonToDjango } from "./django-request";
import { judgeUnauthorized } from "./judge-unauthorized";

/** Django's answer with this access token, and what the 401 rule says about a 401. */
export type TokenReply<T> = { outcome: DjangoOutcome<T>; isUserRefused: boolean };

/**
 * One call to Django with this access token, JSON in and out. Django's answers, a timeout and
 * a body that fails the schema all become a DjangoOutcome; only programming errors throw.
 */
export async function callDjangoWithToken<T>(
  path: string,
  accessToken: string,
  { method = "GET", query, body, timeoutMs, schema }: DjangoCallOptions<T> = {},
): Promise<TokenReply<T>> {
  try {
    const reply = await sendJsonToDjango(method, path, { accessToken, query, body, timeoutMs });
    const isUserRefused =
      reply.status === 401 &&
      judgeUnauthorized(reply.body, { hasRenewed: false }) === "end_session";
    return { outcome: toDjangoOutcome(reply.status, reply.body, schema), isUserRefused };
  } catch (error) {
    if (error instanceof DjangoUnavailableError) {
      const { httpStatus } = error;
      const outcome = httpStatus ? djangoAnswered(httpStatus) : failed("unavailable");
      return { outcome, isUserRefused: false };
    }
    throw error;
  }
}

/**
 * For Server Components: the access token comes from the session cookie. Never renews (a server
 * component cannot set cookies): `unauthenticated` means render <DjangoOutcomeView/>, whose page
 * boundary renews once. Django refusing the user is `session_expired`. Server Actions use
 * callDjangoFromAction: the same options, the same outcome.
 */
export async function callDjango<T = unknown>(
  path: string,
  options: DjangoCallOptions<T> = {},
): Promise<DjangoOutcome<T>> {
  const session = await readSessionCookie(await cookies());
  // An access token we know is expired is not worth a round trip to Django.
  if (!session || session.accessExpires <= Date.now()) return failed("unauthenticated");
  reportTokenUse(session); // The cookie came from the browser: its pair reached it.
  const { outcome, isUserRefused } = await callDjangoWithToken(path, session.accessToken, options);
  return isUserRefused ? failed("session_expired") : outcome;
}
