import { DjangoUnavailableError } from "./django-request";

/** Gateway answers that say the request reached Django, and its answer may have been lost. */
const LOST_ANSWER_STATUSES = new Set([502, 504]);
/** Socket errors after the request was written: Django may have acted on it. */
const CUT_CONNECTION_CODES = new Set(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET"]);
/** A first attempt that times out leaves at least this much of the budget to its retry. */
export const RETRY_RESERVE_MS = 10_000;

/**
 * True when the call was sent and its answer was lost (a 502/504, a cut connection, a timeout):
 * Django may have done the work. A refused connection or a 503 never reached it.
 */
export function isLostAnswer(error: unknown): boolean {
  if (!(error instanceof DjangoUnavailableError)) return false;
  if (error.httpStatus !== undefined) return LOST_ANSWER_STATUSES.has(error.httpStatus);
  const cause = error.cause;
  if (cause instanceof Error && cause.name === "TimeoutError") return true;
  const code = readCode(cause instanceof Error ? cause.cause : undefined) ?? readCode(cause);
  return code !== undefined && CUT_CONNECTION_CODES.has(code);
}

/**
 * Runs `attempt` once more if its answer was lost, within the same total `timeoutMs`. Safe for a
 * refresh: simplejwt_rotation answers the retry with the same successor; stock simplejwt refuses
 * it (401) only if the first attempt had rotated, and that session was lost either way.
 */
export async function retryLostAnswer<T>(
  attempt: (timeoutMs: number) => Promise<T>,
  timeoutMs: number,
  now: () => number = Date.now,
): Promise<T> {
  const startedAt = now();
  const firstTimeoutMs = Math.max(timeoutMs / 2, timeoutMs - RETRY_RESERVE_MS);
  try {
    return await attempt(firstTimeoutMs);
  } catch (error) {
    const leftMs = timeoutMs - (now() - startedAt);
    if (!isLostAnswer(error) || leftMs <= 0) throw error;
    console.warn("[auth] refresh: the answer was lost after Django got the call; retrying once");
    return attempt(leftMs);
  }
}

function readCode(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null || !("code" in value)) return undefined;
  return typeof value.code === "string" ? value.code : undefined;
}
