// Every call the doctor makes goes through here: timed, never following redirects (the app's
// POSTs do not survive them), and recorded (status, time, Date header) for the timing, clock
// and throttle findings. Bodies are parsed but never printed: they hold tokens.

const TIMEOUT_MS = 10_000;

/** A network or TLS failure: `reason` is its code (ECONNREFUSED, CERT_HAS_EXPIRED…). */
export class UnreachableError extends Error {
  code = "unreachable";

  constructor(url, error) {
    // fetch wraps the real failure: its cause has the code (or, for a refused port, a message).
    const cause = error?.cause;
    const reason = cause?.code ?? cause?.message ?? error?.message ?? "unknown";
    super(`${url}: ${cause?.message ?? error?.message ?? reason}`);
    this.reason = reason;
  }
}

/** @param {string} apiUrl the API root without a trailing slash */
export function createDjangoClient(apiUrl) {
  /** @type {Array<{ label: string, method: string, path: string, status: number, ms: number, sentAt: number, receivedAt: number, date: number | null, retryAfter: string | null }>} */
  const log = [];

  /**
   * @param {string} label what this call is for, such as "refresh"
   * @param {{ method?: string, path: string, body?: unknown, accessToken?: string, cookies?: Record<string, string> }} request
   */
  async function call(label, { method = "POST", path, body, accessToken, cookies }) {
    const url = urlFor(path);
    const headers = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (accessToken) headers.Authorization = `Bearer ${accessToken}`;
    if (cookies) {
      headers.Cookie = Object.entries(cookies)
        .map(([name, value]) => `${name}=${value}`)
        .join("; ");
    }
    const sentAt = Date.now();
    let response;
    try {
      response = await fetch(url, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        redirect: "manual",
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new UnreachableError(url, error);
    }
    const text = await response.text();
    const receivedAt = Date.now();
    const dateHeader = response.headers.get("date");
    const entry = {
      label,
      method,
      path,
      status: response.status,
      ms: receivedAt - sentAt,
      sentAt,
      receivedAt,
      date: dateHeader ? Date.parse(dateHeader) : null,
      retryAfter: response.headers.get("retry-after"),
    };
    log.push(entry);
    return {
      ...entry,
      location: response.headers.get("location"),
      body: parseJson(text),
      cookies: readSetCookies(response.headers),
      // Django's technical pages (settings.DEBUG) say so in their text.
      isDebugPage:
        /^text\/html\b/i.test(response.headers.get("content-type") ?? "") &&
        text.includes("DEBUG = True"),
    };
  }

  function urlFor(path) {
    return `${apiUrl}/${path}`;
  }

  return { call, urlFor, log };
}

/** The name and value of each cookie an answer sets (as lib/engine/django/django-request.ts reads them). */
function readSetCookies(headers) {
  const cookies = new Map();
  for (const line of headers.getSetCookie()) {
    const [pair = ""] = line.split(";", 1);
    const eq = pair.indexOf("=");
    const value =
      eq > 0
        ? pair
            .slice(eq + 1)
            .trim()
            .replace(/^"(.*)"$/, "$1")
        : "";
    if (value) cookies.set(pair.slice(0, eq).trim(), value);
  }
  return cookies;
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null; // An HTML error page or an empty body: callers treat null as "not JSON".
  }
}
