import { z } from "zod";
import type { RefreshRequestBody } from "@/lib/engine/contract";
import { isAppError, type ErrorCode } from "@/lib/engine/errors";
import { readBoundedBody } from "@/lib/engine/http/read-bounded-body";

const refreshRequestSchema: z.ZodType<RefreshRequestBody> = z.strictObject({
  accessRejected: z.boolean().optional(),
});

/** `{"accessRejected":true}` is 23 bytes: anything near this is not a body we sent. */
export const MAX_REFRESH_BODY_BYTES = 1_024;

/**
 * The parsed body (`{}` when there is none), or the error code to answer: `payload_too_large`
 * for a body over the limit (refused before it is buffered), `invalid_request` for anything else.
 */
export async function readRefreshBody(request: Request): Promise<RefreshRequestBody | ErrorCode> {
  let text: string;
  try {
    text = new TextDecoder().decode(await readBoundedBody(request, MAX_REFRESH_BODY_BYTES));
  } catch (error) {
    if (isAppError(error)) return error.code;
    return "invalid_request"; // The client hung up mid-body.
  }
  if (text.trim() === "") return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return "invalid_request"; // Not JSON: a client bug, answered with 400 rather than a crash.
  }
  const parsed = refreshRequestSchema.safeParse(json);
  return parsed.success ? parsed.data : "invalid_request";
}
