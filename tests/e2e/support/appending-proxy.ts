import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export type AppendingProxy = { url: string; close: () => Promise<void> };

/**
 * A reverse proxy in front of `target` that appends the address it saw connect to
 * X-Forwarded-For, as nginx's `$proxy_add_x_forwarded_for` or a load balancer does.
 */
export async function startAppendingProxy(target: string): Promise<AppendingProxy> {
  const { hostname, port } = new URL(target);
  const server: Server = createServer((incoming, outgoing) => {
    const peer = incoming.socket.remoteAddress ?? "";
    const sent = incoming.headers["x-forwarded-for"];
    const headers = {
      ...incoming.headers,
      "x-forwarded-for": sent ? `${String(sent)}, ${peer}` : peer,
    };
    const upstream = httpRequest(
      { hostname, port, path: incoming.url, method: incoming.method, headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstream.on("error", () => outgoing.destroy());
    incoming.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port: proxyPort } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${proxyPort}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
