import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { stopProcess } from "../../support/stop-process";
import { DJANGO_API_URL } from "./servers";

const ROOT = path.resolve(__dirname, "../../..");
const NEXT_BIN = path.join(ROOT, "node_modules/next/dist/bin/next");

export type NextInstance = { url: string; stop(): Promise<void> };

/**
 * One more `next start` of the suite's build, with the variables a test chooses (a secret, a
 * flag), on loopback. Only the variables given reach it: nothing leaks in from the runner.
 */
export async function startNextInstance(
  port: number,
  vars: Record<string, string>,
): Promise<NextInstance> {
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    [NEXT_BIN, "start", "-p", String(port), "-H", "127.0.0.1"],
    {
      cwd: ROOT,
      env: {
        NODE_ENV: "production",
        PATH: process.env.PATH ?? "",
        DJANGO_API_URL,
        DJANGO_USER_PATH: "me/",
        NEXTAUTH_URL: url,
        NEXT_TELEMETRY_DISABLED: "1",
        ...vars,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let output = "";
  const keep = (chunk: Buffer) => void (output = (output + chunk.toString()).slice(-4000));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  try {
    await waitUntilAnswering(`${url}/login`, child);
    await warmUp(url);
  } catch (error) {
    await stopProcess(child);
    throw new Error(`next start on ${port} did not come up: ${String(error)}\n${output}`);
  }
  return { url, stop: () => stopProcess(child) };
}

/**
 * The routes a sign-in and its first calls go through, each asked once without a session. A
 * route's code loads on its first request: on a loaded CI machine that cost 3-4 s apiece, and a
 * fresh instance's first sign-in outlasted its test's bound (providers, then the credentials
 * callback, then the dashboard, 12 s in all). Any answer will do; none reaches Django.
 */
const WARM_UP: ReadonlyArray<[method: string, path: string]> = [
  ["GET", "/api/auth/providers"],
  ["GET", "/api/auth/csrf"],
  ["GET", "/api/auth/session"],
  ["POST", "/api/auth/refresh"],
  ["GET", "/api/django/me/"],
  ["GET", "/dashboard"],
];

export async function warmUp(url: string) {
  for (const [method, path] of WARM_UP) {
    await (await fetch(`${url}${path}`, { method, redirect: "manual" })).arrayBuffer();
  }
}

async function waitUntilAnswering(url: string, child: ChildProcess, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}`);
    const status = await fetch(url).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error("timed out");
}
