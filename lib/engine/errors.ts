import { NextResponse } from "next/server";
import { ERROR_STATUS, type ErrorCode } from "@/lib/engine/contract";

export type { ErrorCode } from "@/lib/engine/contract";

export const NO_STORE = { "Cache-Control": "no-store" } as const;

/**
 * The server's one error type: a stable `code` from lib/engine/contract.ts, its HTTP status looked up
 * there, and a `message` for the logs only; the wire sees `{ "error": code }`, never the message.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string = code,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "AppError";
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  toResponse(): NextResponse {
    return errorResponse(this.code);
  }
}

export function isAppError(error: unknown, code?: ErrorCode): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code);
}

/** The only shape errors take on the wire: `{ "error": code }`, never upstream details. */
export function errorResponse(code: ErrorCode): NextResponse {
  return NextResponse.json({ error: code }, { status: ERROR_STATUS[code], headers: NO_STORE });
}
