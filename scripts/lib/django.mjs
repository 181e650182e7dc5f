import { spawn } from "node:child_process";
import net from "node:net";

import { MANAGE_PY, REPO_ROOT } from "./paths.mjs";
import { ensureDjangoPython, withDjangoStack } from "./python.mjs";
import { runCommand } from "./run-command.mjs";

export const DJANGO_HOST = "127.0.0.1";

export class PortInUseError extends Error {
  code = "port_in_use";

  /** `flag` is the command-line option that picks another port, in the caller's script. */
  constructor(port, { host = DJANGO_HOST, flag = "--port" } = {}) {
    super(
      `Port ${port} on ${host} is already in use. ` +
        `Stop whatever listens there, or choose another port with ${flag} <number>.`,
    );
    this.name = "PortInUseError";
  }
}

export class DjangoCommandError extends Error {
  code = "django_command_failed";

  constructor(args, output) {
    super(`manage.py ${args.join(" ")} failed:\n${output}`);
    this.name = "DjangoCommandError";
  }
}

/**
 * Prepares the Django test project (Python, migrations, optional demo user) and starts
 * `runserver` on 127.0.0.1. Resolves to the running child process.
 * Test mode (DJANGO_TEST_MODE=1: /api/_test/ routes, one of which resets any user's password) is
 * on only with `testMode: true`; a DJANGO_TEST_MODE in the shell or in `env` never turns it on.
 */
export async function startDjango({
  port = 8000,
  env = {},
  testMode = false,
  demoUser = false,
  log = console.error,
  stdio = ["ignore", "inherit", "inherit"],
} = {}) {
  if (!(await isPortFree(port))) throw new PortInUseError(port);
  const djangoEnv = buildDjangoEnv(env, testMode);
  const python = await ensureDjangoPython({ log, env: djangoEnv });

  await runManage(python, ["migrate", "--noinput"], djangoEnv);
  if (demoUser) await runManage(python, ["create_demo_user"], djangoEnv, { inherit: true });

  // --noreload: one process, so a signal to this child stops the server.
  return spawn(python, [MANAGE_PY, "runserver", `${DJANGO_HOST}:${port}`, "--noreload"], {
    cwd: REPO_ROOT,
    env: djangoEnv,
    stdio,
  });
}

/** Resolves once anything answers HTTP at `url` (any status); rejects after `timeoutMs`. */
export async function waitForDjango(url, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      // Not listening yet: try again shortly.
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`Django did not answer at ${url} within ${timeoutMs} ms.`);
}

export function isPortFree(port, host = DJANGO_HOST) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * The child's environment: the caller's, on the chosen Python stack (DJANGO_PYTHONPATH), with our
 * settings module and test mode as asked.
 */
export function buildDjangoEnv(env, testMode, parentEnv = process.env) {
  return {
    ...withDjangoStack({ ...parentEnv, ...env }),
    // Ours, whatever project the caller's shell is set up for.
    DJANGO_SETTINGS_MODULE: "config.settings",
    PYTHONUNBUFFERED: "1",
    DJANGO_TEST_MODE: testMode === true ? "1" : "0",
  };
}

// Quiet on success: migrate's progress lines are noise unless something went wrong.
async function runManage(python, args, env, { inherit = false } = {}) {
  const result = await runCommand(python, [MANAGE_PY, ...args], { cwd: REPO_ROOT, env, inherit });
  if (!result.ok) throw new DjangoCommandError(args, result.output);
}
