import "server-only";
import { Agent, fetch, type RequestInit as UndiciRequestInit } from "undici";
import { engineConfig } from "@/lib/engine/instance";

/**
 * Every call this server makes to Django goes through one connection pool whose idle connections
 * close before Django's server closes them (`timeouts.djangoKeepAliveMs`): gunicorn drops an idle
 * keep-alive connection after 2 s, and Node's fetch would keep it for 4 s, then send a request on a
 * socket the server is closing ("other side closed"), which reached users as a 503. The pool's
 * own fetch goes with it: Node's built-in fetch bundles another undici, and the two disagree
 * (a forwarded Content-Length is refused as invalid).
 */
let pool: { keepAliveMs: number; agent: Agent } | undefined;

function pooled(keepAliveMs: number): Agent {
  if (pool?.keepAliveMs !== keepAliveMs) {
    void pool?.agent.close();
    pool = {
      keepAliveMs,
      agent: new Agent({ keepAliveTimeout: keepAliveMs, keepAliveMaxTimeout: keepAliveMs }),
    };
  }
  return pool.agent;
}

/** Methods whose request may be sent twice (RFC 9110, 9.2.2): never a POST or a PATCH. */
const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
/** A pooled connection the server had closed: the request failed before any byte of an answer. */
const CLOSED_CONNECTION = new Set(["UND_ERR_SOCKET", "ECONNRESET", "EPIPE"]);

/**
 * fetch() toward Django. A request that may be sent twice and failed on a connection the server
 * had closed, before any answer came, is sent once more on a new connection; a refresh or any
 * other POST never is (the lost-answer rule covers a refresh: docs/design.md). A body stream
 * cannot be sent twice, so a request with one is not retried either.
 */
export async function fetchFromDjango(url: URL | string, init: RequestInit): Promise<Response> {
  const keepAliveMs = engineConfig().timeouts.djangoKeepAliveMs;
  try {
    return await send(url, init, pooled(keepAliveMs));
  } catch (error) {
    if (!isRetryable(init, error)) throw error;
    return send(url, init, (unpooled ??= new Agent({ pipelining: 0 })));
  }
}

/** Connections that serve one request and close: the retry never meets a stale one. */
let unpooled: Agent | undefined;

/** undici's Request and Response are the standard ones, with their own TypeScript types. */
async function send(url: URL | string, init: RequestInit, dispatcher: Agent): Promise<Response> {
  const response = await fetch(url, { ...(init as unknown as UndiciRequestInit), dispatcher });
  return response as unknown as Response;
}

function isRetryable(init: RequestInit, error: unknown): boolean {
  const method = (init.method ?? "GET").toUpperCase();
  if (!IDEMPOTENT.has(method) || init.body instanceof ReadableStream || init.signal?.aborted)
    return false;
  const code = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof code === "string" && CLOSED_CONNECTION.has(code);
}
