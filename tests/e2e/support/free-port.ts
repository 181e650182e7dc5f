import net from "node:net";

/**
 * A port on 127.0.0.1 that nothing listens on: one the system just handed out and took back.
 * Servers a test starts itself take one each, so parallel workers never collide.
 */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
