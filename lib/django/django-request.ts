import "server-only";
import { z } from "zod";
import { env } from "@/lib/env.mjs";
import { buildDjangoUrl } from "./django-url";

/** Django could not be reached, timed out, or answered 5xx: retry later, keep the session. */
export class DjangoUnavailableError extends Error {
  readonly code = "upstream_unavailable";
  constructor(cause: unknown) {
    super("Django is unavailable", { cause });
    this.name = "DjangoUnavailableError";
  }
}

/** simplejwt's error body: `{"detail": "...", "code": "..."}`. */
const djangoErrorSchema = z.object({ detail: z.string(), code: z.string().optional() });

export type DjangoReply = { status: number; body: unknown };

/**
 * POSTs JSON to a Django path; throws DjangoUnavailableError for network errors, timeouts and 5xx.
 * Pass a generous timeout for calls that change state at Django: see refresh-session.ts.
 */
export async function postToDjango(
  path: string,
  body: unknown,
  { timeoutMs = 10_000, accessToken }: { timeoutMs?: number; accessToken?: string } = {},
): Promise<DjangoReply> {
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    Accept: "application/json",
  };
  if (accessToken) headers.Authorization = `Bearer ${accessToken}`;
  return sendToDjango(path, { method: "POST", headers, body: JSON.stringify(body) }, timeoutMs);
}

export async function getFromDjango(path: string, accessToken: string, timeoutMs = 10_000) {
  const headers = { Accept: "application/json", Authorization: `Bearer ${accessToken}` };
  return sendToDjango(path, { method: "GET", headers }, timeoutMs);
}

async function sendToDjango(
  path: string,
  init: RequestInit,
  timeoutMs: number,
): Promise<DjangoReply> {
  let response: Response;
  let body: unknown;
  try {
    response = await fetch(buildDjangoUrl(env.DJANGO_API_URL, path), {
      ...init,
      cache: "no-store",
      signal: AbortSignal.timeout(timeoutMs),
    });
    body = await response.json().catch(() => null);
  } catch (error) {
    throw new DjangoUnavailableError(error);
  }
  if (response.status >= 500) throw new DjangoUnavailableError(`HTTP ${response.status}`);
  return { status: response.status, body };
}

/** Django's own message for a 4xx, so the login form can show it verbatim. */
export function djangoErrorDetail(body: unknown): string | undefined {
  const parsed = djangoErrorSchema.safeParse(body);
  return parsed.success ? parsed.data.detail : undefined;
}
