import { spawn } from "node:child_process";

/**
 * Runs a command to completion. Output is captured, or shown live with `inherit: true`.
 * Never rejects: a missing program or a timeout comes back as `ok: false`.
 */
export function runCommand(command, args, { cwd, env, timeoutMs, inherit = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd,
      env,
      timeout: timeoutMs,
      stdio: inherit ? ["ignore", "inherit", "inherit"] : ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout?.on("data", (chunk) => (output += chunk));
    child.stderr?.on("data", (chunk) => (output += chunk));
    child.on("error", (error) => resolve({ ok: false, code: null, output: error.message }));
    child.on("close", (code) => resolve({ ok: code === 0, code, output }));
  });
}
