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

/** Why a session limit ended a session. */
export const LIMIT_REASONS = ["session_limit", "idle_timeout"] as const;
export type LimitReason = (typeof LIMIT_REASONS)[number];

/** Why Django refused the user (not just the token): an account switched off, a new password. */
export const REFUSAL_REASONS = ["account_deactivated", "password_changed"] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

/** Every reason a session can end with: the 401's `reason`, and the sign-in page's `?reason=`. */
export const SESSION_END_REASONS = [...LIMIT_REASONS, ...REFUSAL_REASONS] as const;
export type SessionEndReason = (typeof SESSION_END_REASONS)[number];

/**
 * `POST /api/auth/sign-out`'s `status` (the cookie is cleared either way): `signed_out`, Django
 * ended the refresh token (or it was dead already); `signed_out_here_only`, Django did not confirm,
 * and the sign-in page says so (`?signedOut=here_only`).
 */
export const SIGN_OUT_STATUSES = ["signed_out", "signed_out_here_only"] as const;
export type SignOutStatus = (typeof SIGN_OUT_STATUSES)[number];

/**
 * simplejwt's `code` (never its `detail` text, which changes between versions) for a refused
 * user, on a refresh (5.4+ `no_active_account`) or on an API call (`user_inactive`,
 * `user_not_found`, 5.3+ `password_changed` with CHECK_REVOKE_TOKEN).
 */
const REFUSAL_BY_DJANGO_CODE: Record<string, RefusalReason> = {
  no_active_account: "account_deactivated",
  user_inactive: "account_deactivated",
  user_not_found: "account_deactivated",
  password_changed: "password_changed",
};

/** When the session limits end the session (epoch ms; null: that limit is off, or not counting). */
export type SessionDeadlines = { sessionEndsAt: number | null; idleEndsAt: number | null };

/**
 * The one shape of a refresh's result at every layer; each layer adds what its success carries
 * (the coordinator a token pair, the server a session, the browser the expiries).
 */
export type RefreshAnswer<Success extends object = object> =
  | ({ ok: true; status: RefreshStatus } & Success)
  | { ok: false; error: RefreshFailure; reason?: SessionEndReason };

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

/** The 401 body's `reason`, when a session limit or Django's refusal of the user ended it. */
export function readSessionEndReason(body: unknown): SessionEndReason | undefined {
  if (!isRecord(body) || body.error !== "session_expired") return undefined;
  return isOneOf(SESSION_END_REASONS, body.reason) ? body.reason : undefined;
}

/** A Django 401 body that refuses the user rather than the token: why, else undefined. */
export function readDjangoRefusal(body: unknown): RefusalReason | undefined {
  if (!isRecord(body) || typeof body.code !== "string") return undefined;
  return Object.hasOwn(REFUSAL_BY_DJANGO_CODE, body.code)
    ? REFUSAL_BY_DJANGO_CODE[body.code]
    : undefined;
}

/**
 * Why Django's refresh endpoint refused with 401. simplejwt's token errors always carry
 * `code: "token_not_valid"`; its one refresh 401 without a code is 5.4+'s inactive user
 * (`no_active_account`, whose code DRF leaves out of a plain-string detail). So: no code → the user.
 */
export function readRefreshRefusal(body: unknown): RefusalReason | undefined {
  if (isRecord(body) && typeof body.detail === "string" && body.code === undefined)
    return "account_deactivated";
  return readDjangoRefusal(body);
}

// Calling Django: one outcome on every side (server component, Server Action, client component).

/**
 * How a call to Django fails, the same on every side. `unauthenticated`: Django refused the
 * access token and the engine did not renew it (a server component cannot; elsewhere the retry
 * was refused too: the session is kept). `session_expired`: the session is over and the engine
 * is sending the user to sign in. `unavailable`: no answer (network, timeout), an answer the
 * user cannot fix (5xx, 429, 405…: its `status` is Django's), or a body that does not match the
 * schema.
 */
export const DJANGO_FAILURES = [
  "invalid",
  "forbidden",
  "not_found",
  "unauthenticated",
  "session_expired",
  "unavailable",
] as const;
export type DjangoFailure = (typeof DJANGO_FAILURES)[number];

/** Django's 400 in the shape a form renders: errors per field, and errors about the whole form. */
export type FieldErrors = { fields: Record<string, string[]>; form: string[] };

export type DjangoOutcome<T> =
  | { ok: true; status: number; data: T }
  | { ok: false; error: "invalid"; errors: FieldErrors }
  /** `status`: what Django (or a gateway before it) answered, 5xx or 429; absent: no answer. */
  | { ok: false; error: "unavailable"; status?: number }
  | { ok: false; error: Exclude<DjangoFailure, "invalid" | "unavailable"> };

export type DjangoMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Anything with zod's `safeParse`: the browser loads zod only when a caller passes a schema. */
export type Schema<T> = {
  safeParse(value: unknown): { success: true; data: T } | { success: false };
};

/** A query string's values: a list repeats its key; null and undefined are left out. */
export type DjangoQuery = Record<
  string,
  string | number | boolean | null | undefined | ReadonlyArray<string | number | boolean>
>;

/** The one call shape on every side: `callDjango(path, { method, query, body, schema })`. */
export type DjangoCallOptions<T = unknown> = {
  method?: DjangoMethod;
  /** Added to the path's query string (a `?` in the path works too), encoded once. */
  query?: DjangoQuery;
  body?: unknown;
  schema?: Schema<T>;
  timeoutMs?: number;
};

/**
 * One call, ready to spread into any side's callDjango: `callDjango(...notes.page(2))`. What a
 * resource's functions return, and what `npm run codegen` generates from Django's OpenAPI schema.
 */
export type DjangoCall<T = unknown> = readonly [path: string, options: DjangoCallOptions<T>];
