import "server-only";
import { headers } from "next/headers";
import { z } from "zod";
import { engineConfig } from "@/lib/engine/instance";
import { deadlineSignal } from "@/lib/engine/deadline";
import { AppError } from "@/lib/engine/errors";
import type { DjangoQuery } from "@/lib/engine/contract";
import { toClientAddress } from "@/lib/engine/http/client-address";
import { splitQuery } from "@/lib/engine/http/query";
import { rewriteApiLinks } from "./api-links";
import { requestFromDjango, type DjangoAnswer, type DjangoCall } from "./django-fetch";
import { buildDjangoUrl } from "./django-url";

/** Django could not be reached, timed out, or answered 5xx: retry later, keep the session. */
export class DjangoUnavailableError extends AppError {
  /** The 5xx status Django (or a gateway in front of it) answered; absent when nothing came back. */
  readonly httpStatus?: number;

  constructor(cause: unknown, httpStatus?: number) {
    super("upstream_unavailable", "Django is unavailable", { cause });
    this.name = "DjangoUnavailableError";
    this.httpStatus = httpStatus;
  }
}

/** simplejwt's error body `{"detail": "...", "code": "..."}`, or a form's `{"non_field_errors": [...]}`. */
const djangoErrorSchema = z.union([
  z.object({ detail: z.string() }).transform(({ detail }) => detail),
  z
    .object({ non_field_errors: z.tuple([z.string()], z.string()) })
    .transform(({ non_field_errors: [first] }) => first),
]);

/** Django's status, its JSON body (null when not JSON), and the cookies its answer set. */
export type DjangoReply = { status: number; body: unknown; cookies: ReadonlyMap<string, string> };

export type PostOptions = {
  timeoutMs?: number;
  accessToken?: string;
  /** Sent as the request's Cookie header (dj-rest-auth's refresh cookie: django.refreshCookie). */
  cookies?: Record<string, string>;
  /** token/, token/refresh/, token/blacklist/: Django's per-IP throttles must see the user. */
  isAuthCall?: boolean;
};

/**
 * POSTs JSON to a Django path; throws DjangoUnavailableError for network errors, timeouts and 5xx.
 * Pass a generous timeout for calls that change state at Django: see lib/engine/auth/server-refresh.ts.
 */
export async function postToDjango(
  path: string,
  body: unknown,
  {
    timeoutMs = engineConfig().timeouts.djangoCallMs,
    accessToken,
    cookies,
    isAuthCall = false,
  }: PostOptions = {},
): Promise<DjangoReply> {
  const outgoing: Record<string, string> = {
    "Content-Type": "application/json",
    Accept: "application/json",
  };
  if (accessToken) outgoing.Authorization = `Bearer ${accessToken}`;
  if (cookies) {
    outgoing.Cookie = Object.entries(cookies)
      .map(([name, value]) => `${name}=${value}`)
      .join("; ");
  }
  const client = isAuthCall ? await readClientAddress() : null;
  if (client) outgoing["X-Forwarded-For"] = client;
  return sendToDjango(
    path,
    { method: "POST", headers: outgoing, body: JSON.stringify(body) },
    timeoutMs,
  );
}

export async function getFromDjango(
  path: string,
  accessToken: string,
  timeoutMs = engineConfig().timeouts.djangoCallMs,
) {
  const outgoing = { Accept: "application/json", Authorization: `Bearer ${accessToken}` };
  return sendToDjango(path, { method: "GET", headers: outgoing }, timeoutMs);
}

export type DjangoMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Any method with an optional JSON body and the session's access token; throws like postToDjango. */
export async function sendJsonToDjango(
  method: DjangoMethod,
  path: string,
  {
    accessToken,
    query,
    body,
    timeoutMs = engineConfig().timeouts.djangoCallMs,
  }: { accessToken: string; query?: DjangoQuery; body?: unknown; timeoutMs?: number },
): Promise<DjangoReply> {
  const outgoing: Record<string, string> = {
    Accept: "application/json",
    Authorization: `Bearer ${accessToken}`,
  };
  if (body !== undefined) outgoing["Content-Type"] = "application/json";
  const init = {
    method,
    headers: outgoing,
    body: body === undefined ? undefined : JSON.stringify(body),
  };
  return sendToDjango(path, init, timeoutMs, query);
}

/**
 * The browser's address, as the `deployment.trustedProxyHops` proxies in front of this server recorded
 * it: Django's per-IP throttles then count users, not this server, and never an address the
 * client wrote. Exactly one address or none. Outside a request (a background rotation), none.
 */
async function readClientAddress(): Promise<string | null> {
  let incoming: Awaited<ReturnType<typeof headers>>;
  try {
    incoming = await headers();
  } catch {
    return null; // No request scope.
  }
  return toClientAddress(
    incoming.get("x-forwarded-for"),
    engineConfig().deployment.trustedProxyHops,
  );
}

async function sendToDjango(
  pathAndQuery: string,
  call: Omit<DjangoCall, "signal">,
  timeoutMs: number,
  query?: DjangoQuery,
): Promise<DjangoReply> {
  // Outside the try: a path that leaves the API root is a programming error, not Django being down.
  const { path, search } = splitQuery(pathAndQuery, query);
  const { apiUrl } = engineConfig().django;
  const url = buildDjangoUrl(apiUrl, path, search);
  let answer: DjangoAnswer;
  const deadline = deadlineSignal(timeoutMs);
  try {
    answer = await requestFromDjango(url.href, { ...call, signal: deadline.signal });
  } catch (error) {
    throw new DjangoUnavailableError(error);
  } finally {
    deadline.stop();
  }
  if (answer.status >= 500) {
    throw new DjangoUnavailableError(`HTTP ${answer.status}`, answer.status);
  }
  // Links to Django's own API become proxy paths, as through the proxy.
  const body = answer.text === null ? null : parseJson(rewriteApiLinks(answer.text, apiUrl));
  return { status: answer.status, body, cookies: readSetCookies(answer.setCookies) };
}

/** The name and value of each cookie the answer sets (attributes ignored; an empty value skipped). */
function readSetCookies(lines: string[]): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const line of lines) {
    const [pair = ""] = line.split(";", 1);
    const eq = pair.indexOf("=");
    if (eq <= 0) continue;
    const value = pair
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, "$1");
    if (value) cookies.set(pair.slice(0, eq).trim(), value);
  }
  return cookies;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null; // An HTML error page or an empty body: not JSON.
  }
}

/** Django's own message for a 4xx, so the login form can show it verbatim. */
export function djangoErrorDetail(body: unknown): string | undefined {
  const parsed = djangoErrorSchema.safeParse(body);
  return parsed.success ? parsed.data : undefined;
}
