import "server-only";
import { z } from "zod";
import { engineConfig } from "@/lib/engine/instance";
import { AppError } from "@/lib/engine/errors";
import { readRefreshRefusal } from "@/lib/engine/contract";
import type { RotationAtDjango } from "@/lib/engine/refresh/coordinator-types";
import type { SessionUser, TokenPair } from "@/lib/engine/session/session-data";
import {
  DjangoUnavailableError,
  djangoErrorDetail,
  postToDjango,
  type DjangoReply,
  type PostOptions,
} from "./django-request";
import { retryLostAnswer } from "./lost-answer";
import { readUser } from "./read-user";
import { findRefreshCookie, parseTokenPair } from "./token-pair";

/**
 * simplejwt's login: `{USERNAME_FIELD, password}` → token pair, plus the user's profile. Throws
 * AppError `invalid_credentials` (message: Django's own wording), `sign_in_throttled`,
 * `upstream_unavailable` or `misconfigured`.
 */
export async function signInAtDjango(
  username: string,
  password: string,
): Promise<TokenPair & { user: SessionUser }> {
  const { django } = engineConfig();
  const reply = await postToDjango(
    django.tokenPath,
    { [django.usernameField]: username, password },
    { isAuthCall: true },
  );
  if (reply.status === 400 || reply.status === 401) {
    const detail = djangoErrorDetail(reply.body) ?? "Sign-in was refused.";
    throw new AppError("invalid_credentials", detail);
  }
  if (reply.status === 429) throw new AppError("sign_in_throttled", "Django throttled the sign-in");
  const pair = readPair(reply);
  if (!pair) {
    const cookie = reply.status === 200 ? findRefreshCookie(reply.cookies) : undefined;
    const hint = cookie
      ? `; it set the refresh token in the cookie "${cookie}": set DJANGO_REFRESH_COOKIE=${cookie}`
      : "";
    throw new DjangoUnavailableError(
      `Django's ${django.tokenPath} answered ${reply.status} without a token pair${hint}`,
    );
  }
  return { ...pair, user: await readUser(pair, username, reply.body) };
}

/**
 * One call to Django's refresh endpoint. Only a 401 means the refresh token is dead; its `code`
 * says whether Django refused the user (simplejwt 5.4+ `no_active_account`). Any other answer
 * (429, 403, 404, 5xx, HTML, truncated JSON, timeout) is a transient failure. An answer lost
 * after Django got the call (502/504, cut connection, timeout) is asked for once more.
 */
export async function rotateAtDjango(
  refreshToken: string,
  timeoutMs: number,
): Promise<RotationAtDjango> {
  const { django } = engineConfig();
  try {
    const reply = await retryLostAnswer(
      (attemptMs) =>
        postToDjango(
          django.refreshPath,
          ...carry(refreshToken, "refresh", { timeoutMs: attemptMs }),
        ),
      timeoutMs,
    );
    if (reply.status === 401) {
      const reason = readRefreshRefusal(reply.body);
      return reason ? { kind: "rejected", reason } : { kind: "rejected" };
    }
    const pair = readPair(reply, refreshToken);
    if (pair) return { kind: "rotated", pair };
    console.warn(`[auth] refresh: Django answered ${reply.status} without a token pair`);
  } catch (error) {
    if (!(error instanceof DjangoUnavailableError)) throw error;
    console.warn("[auth] refresh: Django unavailable", error.cause);
  }
  return { kind: "unavailable" };
}

/** An access token with less life than this is renewed before a Bearer sign-out sends it. */
const BEARER_MIN_LIFE_MS = 10_000;

/** What Django made of a sign-out: the refresh token ended now, or was dead already. */
export type BlacklistAnswer = "ended" | "already_ended";

/**
 * Ends the pair's refresh token at Django (simplejwt's blacklist view, or a project's logout
 * view: `django.blacklistPath`, its body field `blacklistField`, with the access token as Bearer
 * when `blacklistBearer`, renewed first if it is about to expire). 200, 204 and 205 end it; a 401
 * is "already ended" only when simplejwt says the refresh token is invalid (`token_not_valid`
 * without an access token's `messages`). Anything else throws AppError `upstream_unavailable`
 * with Django's status and words: the token may still be alive.
 */
export async function blacklistAtDjango(pair: TokenPair): Promise<BlacklistAnswer> {
  const { django, timeouts } = engineConfig();
  let sent = pair;
  if (django.blacklistBearer && pair.accessExpires - Date.now() < BEARER_MIN_LIFE_MS) {
    // An expired access token would be refused: one rotation gives the logout a live pair (and
    // blacklists the old refresh token, with BLACKLIST_AFTER_ROTATION).
    const rotated = await rotateAtDjango(pair.refreshToken, timeouts.refreshCallerWaitMs);
    if (rotated.kind === "rejected") return "already_ended";
    if (rotated.kind === "rotated") sent = rotated.pair;
  }
  const reply = await postToDjango(
    django.blacklistPath,
    ...carry(sent.refreshToken, django.blacklistField, {
      ...(django.blacklistBearer ? { accessToken: sent.accessToken } : {}),
    }),
  );
  if (reply.status === 200 || reply.status === 204 || reply.status === 205) return "ended";
  if (reply.status === 401 && isRefreshTokenRefusal(reply.body)) return "already_ended";
  const words = djangoErrorDetail(reply.body);
  const message = `Django's ${django.blacklistPath} answered ${reply.status}${words ? `: "${words}"` : ""}`;
  throw new AppError("upstream_unavailable", message);
}

/** A login or refresh answer's pair: the refresh token from the body or django.refreshCookie. */
function readPair(reply: DjangoReply, previous?: string): TokenPair | null {
  if (reply.status !== 200) return null;
  const { refreshCookie } = engineConfig().django;
  const fromCookie = refreshCookie ? reply.cookies.get(refreshCookie) : undefined;
  return parseTokenPair(reply.body, { fromCookie, previous });
}

/**
 * postToDjango's body and options for an auth call carrying a refresh token: in the body's `field`,
 * or, with django.refreshCookie, as that cookie alone (as a browser sends dj-rest-auth's).
 */
function carry(
  refreshToken: string,
  field: string,
  options: PostOptions,
): [body: object, options: PostOptions] {
  const { refreshCookie } = engineConfig().django;
  const authCall = { ...options, isAuthCall: true };
  return refreshCookie
    ? [{}, { ...authCall, cookies: { [refreshCookie]: refreshToken } }]
    : [{ [field]: refreshToken }, authCall];
}

const refusalSchema = z.object({ code: z.literal("token_not_valid") }).catchall(z.unknown());

/**
 * simplejwt's answer to a dead refresh token; not its answer to a refused access token (which
 * lists the token classes it tried in `messages`), nor DRF's to a missing Bearer (no `code`).
 */
function isRefreshTokenRefusal(body: unknown): boolean {
  const parsed = refusalSchema.safeParse(body);
  return parsed.success && parsed.data.messages === undefined;
}
