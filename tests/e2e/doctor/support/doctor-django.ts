import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { stopProcess } from "../../../support/stop-process";
import { findFreePort } from "../../support/free-port";

const REPO_ROOT = path.resolve(__dirname, "../../../..");
// Migrating a new SQLite database takes 1.3-1.7 CPU-s; with the 2 cores' load average near 20 in
// CI, one start took over 60 s (2026-12-07).
const START_TIMEOUT_MS = 90_000;

/** Knobs of tests/django/config/settings.py that make a misconfigured variant. */
export type VariantEnv = {
  DJANGO_BLACKLIST_APP?: "0";
  DJANGO_ROTATE_REFRESH_TOKENS?: "0";
  DJANGO_EMAIL_USERS?: "1";
  DJANGO_REFRESH_ROUTE?: string;
  DJANGO_REFRESH_THROTTLE_RATE?: string;
  DJANGO_CHECK_REVOKE_TOKEN?: "1";
  DJANGO_UPDATE_LAST_LOGIN?: "1";
  /** django/simplejwt-rotation installed, its refresh view in place of simplejwt's. */
  DJANGO_ROTATION_APP?: "1";
  /** Django's debug pages (settings.DEBUG). */
  DJANGO_DEBUG?: "1";
  /** djoser's and dj-rest-auth's views left out: only the paths a test names exist. */
  DJANGO_AUTH_LIBRARIES?: "0";
};

export type VariantDjango = {
  apiUrl: string;
  /** simplejwt's outstanding and blacklisted refresh tokens, read from the database. */
  tokenCounts: () => Promise<{ outstanding: number; blacklisted: number }>;
  stop: () => Promise<void>;
};

/**
 * Starts the bundled Django (not in test mode) with `knobs`, on its own port and its own fresh
 * database, and creates one account in it.
 */
export async function startVariantDjango(
  knobs: VariantEnv,
  account: { username: string; password: string },
): Promise<VariantDjango> {
  const port = await findFreePort();
  const dir = await mkdtemp(path.join(os.tmpdir(), "doctor-django-"));
  const env = {
    ...process.env,
    ...knobs,
    DJANGO_DB_PATH: path.join(dir, "db.sqlite3"),
    DJANGO_TEST_MODE: "0",
  };
  const child = spawn("node", ["scripts/django-server.mjs", "--port", String(port)], {
    cwd: REPO_ROOT,
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let output = "";
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const apiUrl = `http://127.0.0.1:${port}/api`;
  const stop = async () => {
    await stopProcess(child);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitForAnswer(`${apiUrl}/token/`, child, () => output);
    await runNode(
      ["tests/e2e/doctor/support/create-user.mjs", account.username, account.password],
      env,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  const tokenCounts = async () => {
    const { stdout } = await runNode(["tests/e2e/doctor/support/token-counts.mjs"], env);
    return JSON.parse(stdout) as { outstanding: number; blacklisted: number };
  };
  return { apiUrl, tokenCounts, stop };
}

async function waitForAnswer(url: string, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Django exited (${child.exitCode}):\n${output()}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      // Not listening yet (migrations still running): poll again.
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`Django did not answer at ${url} within ${START_TIMEOUT_MS} ms:\n${output()}`);
}

export type ProcessResult = { code: number | null; stdout: string; stderr: string };

/** Runs `node <args>` from the repository root; resolves when it exits. */
export function runNode(
  args: string[],
  env: NodeJS.ProcessEnv,
  { cwd = REPO_ROOT, check = true }: { cwd?: string; check?: boolean } = {},
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("node", args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      if (check && code !== 0)
        reject(new Error(`node ${args.join(" ")} exited ${code}:\n${stderr}`));
      else resolve({ code, stdout, stderr });
    });
  });
}

export { REPO_ROOT };
