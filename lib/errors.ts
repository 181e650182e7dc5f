import { NextResponse } from "next/server";

/** Stable machine codes the browser can act on; each maps to one HTTP status. */
const STATUS = {
  unauthenticated: 401,
  session_expired: 401,
  forbidden_origin: 403,
  invalid_request: 400,
  invalid_path: 400,
  length_required: 411,
  payload_too_large: 413,
  upstream_unavailable: 503,
  /** Django answered 5xx through the proxy; the response keeps Django's status. */
  upstream_error: 502,
} as const;

export type ErrorCode = keyof typeof STATUS;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string = code,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const NO_STORE = { "Cache-Control": "no-store" } as const;

/** The only shape errors take on the wire: `{ "error": code }`, never upstream details. */
export function errorResponse(code: ErrorCode): NextResponse {
  return NextResponse.json({ error: code }, { status: STATUS[code], headers: NO_STORE });
}
