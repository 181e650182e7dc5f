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
  return true;
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
