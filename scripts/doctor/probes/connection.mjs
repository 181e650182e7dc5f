// The API root: reachable from this machine, over TLS the Node server trusts, without redirects.
import { fail, ok, warn } from "../findings.mjs";
import { UnreachableError } from "../http.mjs";

const LOCAL_HOST = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\]|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+)$/;

/** @returns {Promise<boolean>} false when Django cannot be reached at all */
export async function checkConnection(ctx) {
  const url = ctx.client.urlFor("");
  let reply;
  try {
    reply = await ctx.client.call("API root", { method: "GET", path: "" });
  } catch (error) {
    if (!(error instanceof UnreachableError)) throw error;
    ctx.add(unreachable(url, error));
    return false;
  }
  ctx.add(ok("reachable", "Reachable", `GET ${url} answered ${reply.status} in ${reply.ms} ms`));
  ctx.add(checkTransport(new URL(url)));
  if (reply.status >= 300 && reply.status < 400) {
    ctx.add(
      warn(
        "root_redirect",
        "Redirect",
        `GET ${url} redirects (${reply.status} → ${reply.location ?? "?"}); POSTs to a redirecting URL fail`,
        "set DJANGO_API_URL to the final address (scheme, host and path) so that nothing redirects",
      ),
    );
  }
  await checkDebug(ctx);
  return true;
}

/**
 * A path no API has: with DEBUG = True Django answers its technical 404 page. Its other debug
 * pages list the request's headers (the access token, on Django 3.2) and settings; the proxy
 * replaces them, but whatever else reaches Django gets them.
 */
async function checkDebug(ctx) {
  const path = `doctor-${Date.now().toString(36)}/`;
  const reply = await ctx.client.call("a missing page (DEBUG)", { method: "GET", path });
  if (!reply.isDebugPage) {
    ctx.add(ok("debug", "DEBUG", `${path} answered ${reply.status} without Django's debug page`));
    return;
  }
  const isLocal = LOCAL_HOST.test(new URL(ctx.client.urlFor("")).hostname);
  const finding = isLocal ? warn : fail;
  ctx.add(
    finding(
      "debug",
      "DEBUG",
      `Django answers with its debug pages (DEBUG = True): they show settings and URL patterns, and on Django 3.2 the request's Authorization header, the access token${isLocal ? " (fine on your own machine only)" : ""}`,
      "set DEBUG = False wherever real users sign in",
    ),
  );
}

function unreachable(url, error) {
  const isTls = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/i.test(error.reason);
  if (isTls) {
    return fail(
      "tls",
      "TLS",
      `${url}: the certificate is not trusted by Node (${error.reason}), so the Next server cannot call Django`,
      "serve a certificate from a public CA, or start Node with NODE_EXTRA_CA_CERTS=<your CA .pem>",
    );
  }
  return fail(
    "reachable",
    "Reachable",
    `cannot reach ${url} (${error.reason})`,
    "check DJANGO_API_URL (or --api) and that Django listens there and is reachable from this machine",
  );
}

function checkTransport(url) {
  if (url.protocol === "https:") return ok("tls", "TLS", "https with a certificate Node trusts");
  if (LOCAL_HOST.test(url.hostname)) {
    return ok(
      "tls",
      "TLS",
      "plain http on a local address (fine in development; use https elsewhere)",
    );
  }
  return warn(
    "tls",
    "TLS",
    `plain http to ${url.hostname}: passwords and tokens cross the network unencrypted`,
    "serve Django over https and set DJANGO_API_URL=https://…",
  );
}
