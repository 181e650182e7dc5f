import "server-only";
import {
  Agent,
  fetch,
  interceptors,
  request,
  type Dispatcher,
  type RequestInit as UndiciRequestInit,
} from "undici";
import { engineConfig } from "@/lib/engine/instance";

/**
 * Every call this server makes to Django goes through one connection pool whose idle connections
 * close before Django's server closes them (`timeouts.djangoKeepAliveMs`): gunicorn drops an idle
 * keep-alive connection after 2 s, and Node's fetch would keep it for 4 s, then send a request on a
 * socket the server is closing ("other side closed"), which reached users as a 503. The pool's
 * own fetch goes with it: Node's built-in fetch bundles another undici, and the two disagree
 * (a forwarded Content-Length is refused as invalid).
 */
let pool: ({ keepAliveMs: number } & Dispatchers) | undefined;

function pooled(keepAliveMs: number) {
  if (pool?.keepAliveMs !== keepAliveMs) {
    void pool?.agent.close();
    const agent = new Agent({ keepAliveTimeout: keepAliveMs, keepAliveMaxTimeout: keepAliveMs });
    pool = { keepAliveMs, agent, following: followingRedirects(agent) };
  }
  return pool;
}

/** Redirects followed as fetch() follows them (20 at most; credentials kept to Django's origin). */
const followingRedirects = (agent: Agent) =>
  agent.compose(interceptors.redirect({ maxRedirections: 20 }));

/** Methods whose request may be sent twice (RFC 9110, 9.2.2): never a POST or a PATCH. */
const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
/** A pooled connection the server had closed: the request failed before any byte of an answer. */
const CLOSED_CONNECTION = new Set(["UND_ERR_SOCKET", "ECONNRESET", "EPIPE"]);

/**
 * fetch() toward Django, for what streams (the proxy) or reads only the status (the health
 * probe). A request that may be sent twice and failed on a connection the server had closed,
 * before any answer came, is sent once more on a new connection; a refresh or any other POST
 * never is (the lost-answer rule covers a refresh: docs/design.md). A body stream cannot be sent
 * twice, so a request with one is not retried either.
 */
export function fetchFromDjango(url: URL | string, init: RequestInit): Promise<Response> {
  // undici's Request and Response are the standard ones, with their own TypeScript types.
  return sentOnceMore(
    init,
    ({ agent }) =>
      fetch(url, {
        ...(init as unknown as UndiciRequestInit),
        dispatcher: agent,
      }) as unknown as Promise<Response>,
  );
}

/** Django's answer read whole: its status, its body (null if it broke off), its Set-Cookie lines. */
export type DjangoAnswer = { status: number; text: string | null; setCookies: string[] };

export type DjangoCall = {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
};

/**
 * A call whose answer is read whole (sign-in, refresh, sign-out, server-side calls), with
 * undici's request() rather than fetch(): no web streams around the bodies, and the request
 * written at once (fetch() streams even a string body). The same pool, retry and redirects as
 * fetchFromDjango.
 */
export function requestFromDjango(url: string, call: DjangoCall): Promise<DjangoAnswer> {
  return sentOnceMore(call, async ({ following: dispatcher }) => {
    const { statusCode, headers, body } = await request(url, { ...call, dispatcher });
    const text = await body.text().catch(() => null);
    const setCookie = headers["set-cookie"] ?? [];
    return {
      status: statusCode,
      text,
      setCookies: Array.isArray(setCookie) ? setCookie : [setCookie],
    };
  });
}

type Dispatchers = { agent: Agent; following: Dispatcher };
type Sendable = { method?: string; body?: unknown; signal?: AbortSignal | null };

/** `send` on the pool, and once more on a new connection when the first failed as isRetryable says. */
async function sentOnceMore<T>(
  sendable: Sendable,
  send: (dispatchers: Dispatchers) => Promise<T>,
): Promise<T> {
  try {
    return await send(pooled(engineConfig().timeouts.djangoKeepAliveMs));
  } catch (error) {
    if (!isRetryable(sendable, error)) throw error;
    return send(unpooled());
  }
}

/** Connections that serve one request and close: the retry never meets a stale one. */
let oneOff: Dispatchers | undefined;

function unpooled() {
  if (!oneOff) {
    const agent = new Agent({ pipelining: 0 });
    oneOff = { agent, following: followingRedirects(agent) };
  }
  return oneOff;
}

function isRetryable({ method = "GET", body, signal }: Sendable, error: unknown): boolean {
  if (!IDEMPOTENT.has(method.toUpperCase()) || body instanceof ReadableStream || signal?.aborted)
    return false;
  // fetch() wraps the connection's error in a TypeError's cause; request() throws it as it is.
  const failure = error as { code?: unknown; cause?: { code?: unknown } } | null;
  const code = failure?.cause?.code ?? failure?.code;
  return typeof code === "string" && CLOSED_CONNECTION.has(code);
}
