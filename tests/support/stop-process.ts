import type { ChildProcess } from "node:child_process";

/**
 * Stops a child the way a platform stops a server: SIGTERM, then SIGKILL if it is still running
 * `graceMs` later. Resolves once it has exited. `next start` answers SIGTERM by closing its idle
 * connections and waiting for the others to end: a browser page's connection that was busy at that
 * moment stays open for the server's keep-alive timeout after its answer (5 s by default), longer
 * if the page asks again. A teardown that waited on that without bound spent a spec's whole
 * timeout (CI, 2026-12-07). The SIGKILL is said on stderr.
 */
export async function stopProcess(
  child: ChildProcess,
  { graceMs = 5_000 }: { graceMs?: number } = {},
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => {
    console.warn(`still running ${graceMs} ms after SIGTERM, killed: ${child.spawnargs.join(" ")}`);
    child.kill("SIGKILL");
  }, graceMs);
  await exited;
  clearTimeout(timer);
}
