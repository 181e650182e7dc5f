import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type IncomingMessage } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { shouldTestWithGunicorn, SYSTEM_PYTHON } from "@/tests/support/gunicorn";
import { freePort } from "@/tests/support/redis-process";
import { fetchFromDjango, requestFromDjango } from "@/lib/engine/django/django-fetch";
import { installTestEngine } from "@/lib/engine/test-engine";

// Debian's gunicorn with its defaults (gthread, so keep-alive is on), in front of a WSGI app
// that answers JSON: what most Django deployments run.
/** gunicorn's default keep-alive (--keep-alive 2): an idle connection is closed after it. */
const GUNICORN_KEEP_ALIVE_MS = 2_000;
const PARALLEL = 40;

let server: ChildProcess | undefined;
let url = "";
let dir = "";

beforeAll(async () => {
  if (!shouldTestWithGunicorn) return;
  dir = mkdtempSync(path.join(tmpdir(), "gunicorn-"));
  writeFileSync(
    path.join(dir, "app.py"),
    [
      "def app(environ, start_response):",
      '    start_response("200 OK", [("Content-Type", "application/json")])',
      "    return [b'{\"method\": \"' + environ['REQUEST_METHOD'].encode() + b'\"}']",
      "",
    ].join("\n"),
  );
  const port = await freePort();
  url = `http://127.0.0.1:${port}/`;
  server = spawn(
    SYSTEM_PYTHON,
    ["-m", "gunicorn", "--bind", `127.0.0.1:${port}`, "--worker-class", "gthread"].concat([
      "--threads",
      "8",
      "--chdir",
      dir,
      "app:app",
    ]),
    { stdio: "ignore" },
  );
  await vi.waitFor(() => fetch(url).then((response) => response.text()), {
    timeout: 15_000,
    interval: 100,
  });
}, 20_000);

afterAll(() => {
  server?.kill();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/**
 * Rounds of PARALLEL requests, each round after an idle pause around gunicorn's keep-alive (when
 * it closes the connections a pool still holds), until `stopAfterFailure` sees one fail.
 */
async function idleRounds(
  send: () => Promise<unknown>,
  pausesMs: number[],
  stopAfterFailure = false,
) {
  const failures: string[] = [];
  let sent = 0;
  for (const pauseMs of pausesMs) {
    await Promise.all(Array.from({ length: PARALLEL }, send));
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
    const answers = await Promise.allSettled(Array.from({ length: PARALLEL }, send));
    sent += PARALLEL;
    for (const answer of answers) {
      if (answer.status === "rejected") {
        const cause = (answer.reason as { cause?: { code?: string } }).cause;
        failures.push(cause?.code ?? String(answer.reason));
      }
    }
    if (stopAfterFailure && failures.length > 0) break;
  }
  return { failures, sent };
}

/** Pauses that straddle gunicorn's keep-alive, where its closing and a reuse cross. */
const AROUND_KEEP_ALIVE = [0, 300, 600, 900].map((ms) => GUNICORN_KEEP_ALIVE_MS + ms);

/** The engine's two ways to call Django, each reading the answer's body whole. */
const SENDERS = {
  fetchFromDjango: (url: string, method: string, body?: string) =>
    fetchFromDjango(url, { method, body }).then((response) => response.text()),
  requestFromDjango: (url: string, method: string, body?: string) =>
    requestFromDjango(url, {
      method,
      headers: {},
      body,
      signal: new AbortController().signal,
    }).then(({ text }) => {
      if (text === null) throw new Error("the answer broke off");
      return text;
    }),
};
const eachSender = Object.entries(SENDERS);

describe.runIf(shouldTestWithGunicorn)("calls to Django behind gunicorn's keep-alive", () => {
  // The race is a matter of timing (a request written as gunicorn closes): up to 40 rounds, until
  // one request fails; usually the first few.
  it("the hazard: Node's default pool sends requests on connections gunicorn has closed", async () => {
    const { failures } = await idleRounds(
      () => fetch(url).then((response) => response.json()),
      Array<number[]>(10).fill(AROUND_KEEP_ALIVE).flat(),
      true,
    );
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((code) => ["UND_ERR_SOCKET", "ECONNRESET", "EPIPE"].includes(code))).toBe(
      true,
    );
  }, 150_000);

  it.each(eachSender)(
    "the engine's pool closes idle connections first: not one request of %s fails",
    async (_, send) => {
      const { failures, sent } = await idleRounds(() => send(url, "GET"), AROUND_KEEP_ALIVE);
      expect(failures).toEqual([]);
      expect(sent).toBe(AROUND_KEEP_ALIVE.length * PARALLEL);
    },
    60_000,
  );
});

describe("a connection closed under a request", () => {
  /**
   * A server that answers the first request of each connection and drops the connection when
   * another one arrives on it, without a byte of answer: a keep-alive close crossing a reuse,
   * every time a connection is reused. `reset`: with a TCP reset (ECONNRESET), not a close.
   */
  async function droppingServer({ reset = false } = {}) {
    const requests: { method: string; isDropped: boolean }[] = [];
    const tcp = createServer((socket) => {
      let isUsed = false;
      socket.on("data", (chunk) => {
        const method = chunk.toString("latin1").split(" ", 1)[0]!;
        requests.push({ method, isDropped: isUsed });
        if (isUsed) return reset ? socket.resetAndDestroy() : socket.destroy();
        isUsed = true;
        socket.write(
          "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}",
        );
      });
    }).listen(0, "127.0.0.1");
    await new Promise((resolve) => tcp.once("listening", resolve));
    const { port } = tcp.address() as { port: number };
    const openConnections = () =>
      new Promise<number>((resolve, reject) =>
        tcp.getConnections((error, count) => (error ? reject(error) : resolve(count))),
      );
    return {
      url: `http://127.0.0.1:${port}/`,
      requests,
      openConnections,
      close: () => tcp.close(),
    };
  }

  /** Requests of `method` until the pool reuses a connection (the server then drops it). */
  async function untilDropped(
    send: (typeof SENDERS)[keyof typeof SENDERS],
    method: string,
    { body, reset }: { body?: string; reset?: boolean } = {},
  ) {
    const server = await droppingServer({ reset });
    const outcomes: ("answered" | "failed")[] = [];
    for (let i = 0; i < 50 && !server.requests.some(({ isDropped }) => isDropped); i++) {
      const outcome = await send(server.url, method, body).then(
        () => "answered" as const,
        () => "failed" as const,
      );
      outcomes.push(outcome);
      await new Promise((resolve) => setTimeout(resolve, 10)); // Lets the connection go idle.
    }
    const dropped = server.requests.findIndex(({ isDropped }) => isDropped);
    expect(dropped, "the pool never reused a connection").toBeGreaterThan(0);
    // The dropped connection is gone, and the resend's closes after its one answer.
    await vi.waitFor(async () => expect(await server.openConnections()).toBe(0), {
      timeout: 1_000,
    });
    server.close();
    return { outcomes, requests: server.requests, dropped };
  }

  // Not HEAD: undici opened a new connection for each HEAD here, so none met a dropped one (its
  // rule is covered in lib/engine/django/django-fetch.test.ts).
  const idempotent = eachSender.flatMap(([name, send]) =>
    ["GET", "OPTIONS", "PUT", "DELETE"].map((method) => [name, method, send] as const),
  );
  const unsafe = eachSender.flatMap(([name, send]) =>
    ["POST", "PATCH"].map((method) => [name, method, send] as const),
  );

  it.each(idempotent)("%s sends a %s once more, on a new connection", async (_, method, send) => {
    const { outcomes, requests, dropped } = await untilDropped(send, method);
    expect(outcomes.every((outcome) => outcome === "answered")).toBe(true);
    expect(requests.slice(dropped)).toEqual([
      { method, isDropped: true },
      { method, isDropped: false }, // The same request again, on a connection of its own.
    ]);
  });

  it.each(eachSender)("%s sends a GET once more after a reset (ECONNRESET)", async (_, send) => {
    const { outcomes, requests, dropped } = await untilDropped(send, "GET", { reset: true });
    expect(outcomes.every((outcome) => outcome === "answered")).toBe(true);
    expect(requests.slice(dropped)).toEqual([
      { method: "GET", isDropped: true },
      { method: "GET", isDropped: false },
    ]);
  });

  it.each(unsafe)(
    "%s never sends a %s twice: the failure is the caller's",
    async (_, method, send) => {
      const { outcomes, requests, dropped } = await untilDropped(send, method, { body: "{}" });
      expect(outcomes.at(-1)).toBe("failed");
      expect(requests.slice(dropped)).toEqual([{ method, isDropped: true }]);
    },
  );
});

describe("how long a connection to Django stays open unused", () => {
  /** A server that counts its connections and asks for them to be kept `keepAliveS`. */
  async function countingServer(keepAliveS: number) {
    // Node's server then answers `Keep-Alive: timeout=<keepAliveS>`, which undici would trust.
    const server = createHttpServer((request, response) => response.end("{}"));
    server.keepAliveTimeout = keepAliveS * 1000;
    const counted = { connections: 0 };
    server.on("connection", () => (counted.connections += 1));
    server.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const { port } = server.address() as { port: number };
    const close = () => {
      server.closeAllConnections();
      server.close();
    };
    return { url: `http://127.0.0.1:${port}/`, counted, close };
  }

  it.each(eachSender)(
    "%s: the setting, never longer, even when the server's Keep-Alive hint says 10 s",
    async (_, send) => {
      // A pool of its own: the engine's is made anew when the setting changes.
      installTestEngine((config) => ({
        ...config,
        timeouts: { ...config.timeouts, djangoKeepAliveMs: 600 },
      }));
      const { url, counted, close } = await countingServer(10);
      await send(url, "GET");
      await new Promise((resolve) => setTimeout(resolve, 100));
      await send(url, "GET");
      expect(counted.connections, "a connection in use is kept").toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await send(url, "GET");
      expect(counted.connections, "the pool closed it after 600 ms").toBe(2);
      close();
    },
  );
});

describe("Django's redirects on a call read whole", () => {
  type Seen = { method: string; url: string; authorization?: string; body: string };

  /** A server that redirects as its routes say and records every request that reached it. */
  async function redirectingServer(routes: Record<string, [status: number, location: string]>) {
    const seen: Seen[] = [];
    const server = createHttpServer((request: IncomingMessage, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk.toString()));
      request.on("end", () => {
        const { method = "", url = "", headers } = request;
        seen.push({ method, url, authorization: headers.authorization, body });
        const redirect = routes[url.split("?")[0]!];
        if (redirect) {
          response.writeHead(redirect[0], { Location: redirect[1] }).end();
          return;
        }
        response.writeHead(200, { "Content-Type": "application/json" }).end('{"ok": true}');
      });
    }).listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const { port } = server.address() as { port: number };
    return { origin: `http://127.0.0.1:${port}`, seen, close: () => server.close() };
  }

  const call = (url: string, method: string, headers: Record<string, string> = {}, body?: string) =>
    requestFromDjango(url, { method, headers, body, signal: new AbortController().signal });

  it("follows them as fetch() does: a GET to the slashed path, a POST after a 302 as a GET", async () => {
    const django = await redirectingServer({
      "/api/me": [301, "/api/me/"],
      "/api/moved/": [302, "/api/me/"],
    });
    try {
      const get = await call(`${django.origin}/api/me`, "GET", { Authorization: "Bearer a" });
      expect(get).toMatchObject({ status: 200, text: '{"ok": true}' });
      const post = await call(`${django.origin}/api/moved/`, "POST", {}, '{"x": 1}');
      expect(post.status).toBe(200);
      expect(
        django.seen.map(({ method, url, authorization }) => [method, url, authorization]),
      ).toEqual([
        ["GET", "/api/me", "Bearer a"],
        ["GET", "/api/me/", "Bearer a"], // Same origin: the credentials go along.
        ["POST", "/api/moved/", undefined],
        ["GET", "/api/me/", undefined],
      ]);
      expect(django.seen[3]!.body).toBe("");
    } finally {
      django.close();
    }
  });

  it("never carries the access token to another origin", async () => {
    const elsewhere = await redirectingServer({});
    const django = await redirectingServer({ "/api/away/": [302, `${elsewhere.origin}/landing/`] });
    try {
      const answer = await call(`${django.origin}/api/away/`, "GET", { Authorization: "Bearer a" });
      expect(answer.status).toBe(200);
      expect(elsewhere.seen).toEqual([
        { method: "GET", url: "/landing/", authorization: undefined, body: "" },
      ]);
    } finally {
      django.close();
      elsewhere.close();
    }
  });

  it("stops at a redirect loop with an error, as fetch() does: Django is unavailable", async () => {
    const django = await redirectingServer({ "/api/loop/": [302, "/api/loop/?again"] });
    try {
      const answer = await call(`${django.origin}/api/loop/`, "GET").catch((error: Error) => error);
      expect(answer).toBeInstanceOf(Error);
    } finally {
      django.close();
    }
  });
});
