import { createInterface } from "node:readline";
import { stripVTControlCharacters } from "node:util";

const STOP_TIMEOUT_MS = 5_000;
const TAIL_LINES = 30;

/**
 * Runs child processes together: prefixes their output with [name], and when one ends on its
 * own, or on stopAll(), stops every other one (SIGTERM, then SIGKILL after a few seconds).
 */
export class Supervisor {
  #procs = [];
  isStopping = false;

  /** `isHeld` keeps the last lines instead of printing them, until release(). */
  watch(name, child, { isGroupLeader = false, isHeld = false } = {}) {
    const proc = { name, child, isGroupLeader, isHeld, heldLines: [] };
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on("line", (line) => {
        if (!stripVTControlCharacters(line).trim()) return; // blank once prefixed: noise
        if (!proc.isHeld) return console.log(`[${name}] ${line}`);
        proc.heldLines = [...proc.heldLines, line].slice(-TAIL_LINES);
      });
    }
    proc.closed = new Promise((resolve) => child.once("close", resolve));
    // "exit", not "close": a crashed `next dev` can leave its forked server holding the pipes.
    child.once(
      "exit",
      (code, signal) => void this.#onUnexpectedEnd(proc, signal ?? `exit code ${code}`),
    );
    child.once("error", (error) => void this.#onUnexpectedEnd(proc, error.message));
    this.#procs.push(proc);
    return proc;
  }

  release(proc) {
    proc.isHeld = false;
  }

  /** Only held output: the rest is already on screen. */
  formatTail({ name, isHeld, heldLines }) {
    return isHeld && heldLines.length > 0
      ? `\nLast output of ${name}:\n${heldLines.join("\n")}`
      : "";
  }

  async stopAll(exitCode) {
    if (this.isStopping) return;
    this.isStopping = true;
    await Promise.all(this.#procs.map((proc) => stopChild(proc)));
    process.exit(exitCode);
  }

  async #onUnexpectedEnd(proc, reason) {
    if (this.isStopping) return;
    if (proc.isHeld) await proc.closed; // so that the tail has the last lines
    console.error(
      `\n${proc.name} stopped on its own (${reason}); stopping.${this.formatTail(proc)}`,
    );
    await this.stopAll(1);
  }
}

async function stopChild(proc) {
  const { child, isGroupLeader } = proc;
  const hasExited = child.exitCode !== null || child.signalCode !== null;
  // A process group can outlive its leader (a killed `next dev` leaves its server running).
  if (child.pid === undefined || (hasExited && !isGroupLeader)) return;
  signal(proc, "SIGTERM");
  const timer = setTimeout(() => signal(proc, "SIGKILL"), STOP_TIMEOUT_MS);
  await proc.closed;
  clearTimeout(timer);
}

function signal({ child, isGroupLeader }, name) {
  try {
    process.kill(isGroupLeader ? -child.pid : child.pid, name);
  } catch (error) {
    if (error.code !== "ESRCH") throw error; // ESRCH: already gone, which is the goal
  }
}
