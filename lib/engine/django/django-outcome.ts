import type { DjangoFailure, DjangoOutcome, FieldErrors, Schema } from "@/lib/engine/contract";

/** DRF's keys for errors that belong to no field. */
const FORM_KEYS = new Set(["non_field_errors", "detail"]);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === "string");

/**
 * Maps Django's status and body to an outcome, on the server and in the browser alike (checked
 * by hand: no zod here). The body is checked against `schema` only on 2xx; a 401 is
 * `unauthenticated` here, and judgeUnauthorized decides what the caller does about it.
 */
export function toDjangoOutcome<T>(
  status: number,
  body: unknown,
  schema?: Schema<T>,
): DjangoOutcome<T> {
  if (status >= 200 && status < 300) {
    if (!schema) return { ok: true, status, data: body as T };
    const parsed = schema.safeParse(body);
    return parsed.success ? { ok: true, status, data: parsed.data } : failed("unavailable");
  }
  if (status === 401) return failed("unauthenticated");
  if (status === 403) return failed("forbidden");
  if (status === 404) return failed("not_found");
  if (status === 400 || status === 409 || status === 422) {
    return { ok: false, error: "invalid", errors: toFieldErrors(body) };
  }
  // 429 (throttled), 405, 5xx, anything else: nothing the user can fix in the form; try later.
  return djangoAnswered(status);
}

/** `unavailable` with what Django answered (a 500 is Django's error, not a network's). */
export const djangoAnswered = (status: number): DjangoOutcome<never> => ({
  ok: false,
  error: "unavailable",
  status,
});

export const failed = (error: Exclude<DjangoFailure, "invalid">): DjangoOutcome<never> => ({
  ok: false,
  error,
});

/** DRF's validation body: `{"field": ["msg"], "non_field_errors": ["msg"]}` or `{"detail": "msg"}`. */
export function toFieldErrors(body: unknown): FieldErrors {
  const errors: FieldErrors = { fields: {}, form: [] };
  if (!isRecord(body)) return errors;
  for (const [key, value] of Object.entries(body)) {
    // A nested serializer's errors (an object) are not flattened: one generic message instead.
    const list =
      typeof value === "string" ? [value] : isStringList(value) ? value : ["Invalid value."];
    if (FORM_KEYS.has(key)) errors.form.push(...list);
    else errors.fields[key] = list;
  }
  return errors;
}
