import http from "node:http";
import { performance } from "node:perf_hooks";

// One keep-alive pool for every target, so that direct, floor, recipe and proxy pay the same
// client cost. node:http rather than fetch: less client overhead in the figures.
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
const REQUEST_TIMEOUT_MS = 30_000;

let resent = 0;
/** Requests sent again after a kept-alive connection failed before answering (see request). */
export const resentRequests = () => resent;

/**
 * One request; resolves with status, headers, body and the time to the last byte (ms, the resend
 * included). As a browser does, a request whose reused keep-alive connection was reset or closed
 * before any answer is sent once more on a new one: the server may have closed it, idle, as the
 * request went out (a process the load starves runs its expired keep-alive timers first).
 */
export async function request(url, options = {}) {
  const started = performance.now();
  try {
    return await requestOnce(url, options, started);
  } catch (error) {
    if (!error.isResendable) throw error;
    resent += 1;
    return requestOnce(url, { ...options, agent: oneOff }, started);
  }
}

/** A fresh connection for a resend, closed after it. */
const oneOff = new http.Agent({ keepAlive: false });

function requestOnce(url, { method = "GET", headers = {}, body, agent: via = agent }, started) {
  return new Promise((resolve, reject) => {
    let isAnswered = false;
    const outgoing = http.request(
      url,
      {
        method,
        agent: via,
        headers: body ? { ...headers, "content-length": body.length } : headers,
      },
      (response) => {
        isAnswered = true;
        const chunks = [];
        response.on("data", (chunk) => chunks.push(chunk));
        response.on("end", () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
            ms: performance.now() - started,
          }),
        );
        response.on("error", reject);
      },
    );
    outgoing.setTimeout(REQUEST_TIMEOUT_MS, () =>
      outgoing.destroy(new Error(`${method} ${url} timed out`)),
    );
    outgoing.on("error", (error) => {
      error.isResendable = outgoing.reusedSocket && !isAnswered && error.code === "ECONNRESET";
      reject(error);
    });
    outgoing.end(body);
  });
}

export const json = (response) => JSON.parse(response.body.toString("utf8") || "null");

/** A browser's cookies for one origin: what Set-Cookie gives, Set-Cookie with Max-Age=0 takes. */
export class CookieJar {
  #cookies = new Map();

  store(response) {
    for (const line of response.headers["set-cookie"] ?? []) {
      const [pair = "", ...attributes] = line.split(";");
      const name = pair.slice(0, pair.indexOf("=")).trim();
      const value = pair.slice(pair.indexOf("=") + 1).trim();
      const isExpired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === "";
      if (isExpired) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }

  header() {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }
}

/** Headers a browser sends on a same-origin fetch from one of our pages. */
export const browserHeaders = (jar, extra = {}) => ({
  cookie: jar.header(),
  "sec-fetch-site": "same-origin",
  ...extra,
});

/** next-auth's credentials flow over HTTP: csrf token, then the callback. Returns the jar. */
export async function signIn(appUrl, username, password) {
  const jar = new CookieJar();
  const csrf = await request(`${appUrl}/api/auth/csrf`, { headers: browserHeaders(jar) });
  jar.store(csrf);
  const form = new URLSearchParams({ csrfToken: json(csrf).csrfToken, username, password });
  form.set("json", "true");
  const callback = await request(`${appUrl}/api/auth/callback/credentials`, {
    method: "POST",
    headers: browserHeaders(jar, {
      "content-type": "application/x-www-form-urlencoded",
      origin: appUrl,
    }),
    body: Buffer.from(form.toString()),
  });
  jar.store(callback);
  if (!/session-token/.test(jar.header())) {
    throw new Error(`Sign-in of ${username} failed: ${callback.status} ${callback.body}`);
  }
  return jar;
}

/** The session's access-token expiry, from a refresh that a fresh token answers without rotating. */
export async function accessExpiry(appUrl, jar) {
  const response = await request(`${appUrl}/api/auth/refresh`, {
    method: "POST",
    headers: browserHeaders(jar, { origin: appUrl }),
  });
  jar.store(response);
  const body = json(response);
  if (response.status !== 200 || typeof body?.accessExpires !== "number") {
    throw new Error(`POST /api/auth/refresh answered ${response.status}: ${response.body}`);
  }
  return body;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the given epoch-ms instant has passed (plus a margin for clock rounding). */
export async function waitUntil(epochMs, marginMs = 50) {
  const wait = epochMs + marginMs - Date.now();
  if (wait > 0) await sleep(wait);
}
