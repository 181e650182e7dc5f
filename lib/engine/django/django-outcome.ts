import { z } from "zod";
import type { DjangoReply } from "./django-request";

/** Django's 400 in the shape a form renders: errors per field, and errors about the whole form. */
export type FieldErrors = { fields: Record<string, string[]>; form: string[] };

/**
 * Every answer a server-side Django call can end in. `unauthenticated`: Django refused the
 * access token (or there is none); `unavailable`: network, timeout, 5xx, 429, or a body that
 * does not match the schema. Pages render it with <DjangoOutcomeView>.
 */
export type DjangoOutcome<T> =
  | { kind: "ok"; status: number; data: T }
  | { kind: "unauthenticated" }
  | { kind: "forbidden"; detail?: string }
  | { kind: "not_found" }
  | { kind: "invalid"; errors: FieldErrors }
  | { kind: "unavailable" };

export type DjangoOutcomeKind = DjangoOutcome<unknown>["kind"];

const messagesSchema = z.union([z.string(), z.array(z.string())]);
/** DRF's validation body: `{"field": ["msg"], "non_field_errors": ["msg"]}` or `{"detail": "msg"}`. */
const validationSchema = z.record(z.string(), z.unknown());
const detailSchema = z.object({ detail: z.string() });
/** DRF's keys for errors that belong to no field. */
const FORM_KEYS = new Set(["non_field_errors", "detail"]);

/** Maps Django's status and body to an outcome; the body is checked against `schema` only on 2xx. */
export function toDjangoOutcome<T>(reply: DjangoReply, schema: z.ZodType<T>): DjangoOutcome<T> {
  const { status, body } = reply;
  if (status >= 200 && status < 300) {
    const parsed = schema.safeParse(body);
    return parsed.success ? { kind: "ok", status, data: parsed.data } : { kind: "unavailable" };
  }
  if (status === 401) return { kind: "unauthenticated" };
  if (status === 403) {
    const detail = detailSchema.safeParse(body);
    return { kind: "forbidden", ...(detail.success ? { detail: detail.data.detail } : {}) };
  }
  if (status === 404) return { kind: "not_found" };
  if (status === 400 || status === 409 || status === 422) {
    return { kind: "invalid", errors: toFieldErrors(body) };
  }
  // 429 (throttled), 405, anything else: nothing the user can fix in the form; try again later.
  return { kind: "unavailable" };
}

export function toFieldErrors(body: unknown): FieldErrors {
  const errors: FieldErrors = { fields: {}, form: [] };
  const parsed = validationSchema.safeParse(body);
  if (!parsed.success) return errors;
  for (const [key, value] of Object.entries(parsed.data)) {
    const messages = messagesSchema.safeParse(value);
    // A nested serializer's errors (an object) are not flattened: one generic message instead.
    const list = messages.success ? [messages.data].flat() : ["Invalid value."];
    if (FORM_KEYS.has(key)) errors.form.push(...list);
    else errors.fields[key] = list;
  }
  return errors;
}
