import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

/** A port nothing listens on right now (the OS picks it, then it is released). */
export async function freePort(): Promise<number> {
  const probe = createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => probe.once("listening", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/**
 * A real redis-server on loopback, without persistence; resolves once it accepts connections.
 * `extraArgs` configure it further, e.g. `["--maxmemory-policy", "allkeys-lru"]`.
 */
export async function startRedisServer(
  port: number,
  extraArgs: string[] = [],
): Promise<ChildProcess> {
  const server = spawn("redis-server", [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--save",
    "",
    "--appendonly",
    "no",
    ...extraArgs,
  ]);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.stdout.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("Ready to accept connections")) resolve();
    });
  });
  return server;
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
}
