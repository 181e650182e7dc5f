/**
 * The wire contract between the browser and this server: the refresh answer and every error
 * code with its HTTP status. Browser-safe (no server imports) and kept tiny with `zod/mini`:
 * a new field or code is a change in this one file.
 */
import * as z from "zod/mini";

/** Every error code the server answers with (`{ "error": code }`), and its HTTP status. */
export const ERROR_STATUS = {
  unauthenticated: 401,
  session_expired: 401,
  invalid_credentials: 401,
  forbidden_origin: 403,
  invalid_request: 400,
  invalid_path: 400,
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

export const errorBodySchema = z.object({
  error: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]),
});

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
export const refreshSuccessSchema = z.object({
  status: z.enum(REFRESH_STATUSES),
  accessExpires: z.number(),
  refreshExpires: z.number(),
  sessionEndsAt: z.optional(z.nullable(z.number())),
  idleEndsAt: z.optional(z.nullable(z.number())),
});
export type RefreshSuccessBody = z.infer<typeof refreshSuccessSchema>;

/** POST /api/auth/refresh's 401 body; `reason` when a session limit (not Django) ended it. */
export const sessionExpiredBodySchema = z.object({
  error: z.literal("session_expired"),
  reason: z.optional(z.enum(LIMIT_REASONS)),
});

/** POST /api/auth/refresh's optional body: the caller saw Django refuse its access token. */
export const refreshRequestSchema = z.strictObject({ accessRejected: z.optional(z.boolean()) });
export type RefreshRequestBody = z.infer<typeof refreshRequestSchema>;
