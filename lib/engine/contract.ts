/**
 * The wire contract between the browser and this server: the refresh answer and every error
 * code with its HTTP status. Browser-safe and import-free: the answer is checked by hand, because
 * even zod/mini would be most of a page's own JavaScript. A new field or code changes this file.
 */

/** Every error code the server answers with (`{ "error": code }`), and its HTTP status. */
export const ERROR_STATUS = {
  unauthenticated: 401,
  session_expired: 401,
  invalid_credentials: 401,
  forbidden_origin: 403,
  invalid_request: 400,
  invalid_path: 400,
  /** A route whose feature is not configured (e.g. sign-out everywhere without its Django path). */
  not_found: 404,
  length_required: 411,
  payload_too_large: 413,
  sign_in_throttled: 429,
  /** A configuration fault: logged for the operator, the user sees a generic message. */
  misconfigured: 500,
  /** Django answered 5xx through the proxy; the body also carries Django's status. */
  upstream_error: 502,
  upstream_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** How a refresh succeeded: Django rotated, another caller's rotation was reused, or no need. */
export const REFRESH_STATUSES = ["refreshed", "reused", "fresh"] as const;
export type RefreshStatus = (typeof REFRESH_STATUSES)[number];

/** How a refresh fails: the session is over (401, cookie cleared) or not now (503, kept). */
export const REFRESH_FAILURES = ["session_expired", "upstream_unavailable"] as const;
export type RefreshFailure = (typeof REFRESH_FAILURES)[number];

/** Why a session limit ended a session: the 401's `reason`, and the sign-in page's `?reason=`. */
export const LIMIT_REASONS = ["session_limit", "idle_timeout"] as const;
export type LimitReason = (typeof LIMIT_REASONS)[number];

/** When the session limits end the session (epoch ms; null: that limit is off, or not counting). */
export type SessionDeadlines = { sessionEndsAt: number | null; idleEndsAt: number | null };

/**
 * The one shape of a refresh's result at every layer; each layer adds what its success carries
 * (the coordinator a token pair, the server a session, the browser the expiries).
 */
export type RefreshAnswer<Success extends object = object> =
  | ({ ok: true; status: RefreshStatus } & Success)
  | { ok: false; error: RefreshFailure; reason?: LimitReason };

export const refreshFailed = (error: RefreshFailure) => ({ ok: false, error }) as const;

/** POST /api/auth/refresh's 200 body. */
export type RefreshSuccessBody = {
  status: RefreshStatus;
  accessExpires: number;
  refreshExpires: number;
} & Partial<SessionDeadlines>;

/** POST /api/auth/refresh's optional body: the caller saw Django refuse its access token. */
export type RefreshRequestBody = { accessRejected?: boolean };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isFiniteNumber = (value: unknown): value is number =>
  typeof value === "number" && Number.isFinite(value);
const isDeadline = (value: unknown) =>
  value === undefined || value === null || isFiniteNumber(value);
const isOneOf = <T extends string>(values: readonly T[], value: unknown): value is T =>
  (values as readonly unknown[]).includes(value);

/** The 200 body, checked strictly; null for anything else (the caller treats it as unavailable). */
export function parseRefreshSuccess(body: unknown): RefreshSuccessBody | null {
  if (!isRecord(body)) return null;
  const { status, accessExpires, refreshExpires, sessionEndsAt, idleEndsAt } = body;
  if (!isOneOf(REFRESH_STATUSES, status)) return null;
  if (!isFiniteNumber(accessExpires) || !isFiniteNumber(refreshExpires)) return null;
  if (!isDeadline(sessionEndsAt) || !isDeadline(idleEndsAt)) return null;
  return {
    status,
    accessExpires,
    refreshExpires,
    ...(sessionEndsAt !== undefined ? { sessionEndsAt: sessionEndsAt as number | null } : {}),
    ...(idleEndsAt !== undefined ? { idleEndsAt: idleEndsAt as number | null } : {}),
  };
}

/** The 401 body's `reason`, when a session limit (not Django) ended the session. */
export function readLimitReason(body: unknown): LimitReason | undefined {
  if (!isRecord(body) || body.error !== "session_expired") return undefined;
  return isOneOf(LIMIT_REASONS, body.reason) ? body.reason : undefined;
}
