import { spawn } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { createInterface } from "node:readline";

const STOP_TIMEOUT_MS = 5_000;
const TAIL_LINES = 40;
const live = new Set();

/**
 * Starts a child in its own process group (so that whatever it forks stops with it) and keeps
 * the last lines of its output, shown only if it fails. Every child is stopped by stopAll().
 */
export function startProcess(name, command, args, { cwd, env } = {}) {
  const child = spawn(command, args, {
    cwd,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const proc = { name, child, tail: [], isStopping: false };
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on("line", (line) => {
      proc.tail = [...proc.tail, line].slice(-TAIL_LINES);
    });
  }
  proc.closed = new Promise((resolve) => child.once("close", resolve));
  proc.exited = new Promise((resolve) =>
    child.once("exit", (code, signal) => resolve(signal ?? `exit code ${code}`)),
  );
  child.once("error", (error) => proc.tail.push(error.message));
  live.add(proc);
  return proc;
}

/** Rejects with the child's last output if it ends before `promise` settles. */
export async function unlessItDies(proc, promise) {
  const died = proc.exited.then((reason) => {
    if (proc.isStopping) return;
    throw new Error(`${proc.name} stopped (${reason}).\n${tailOf(proc)}`);
  });
  return Promise.race([promise, died]);
}

export const tailOf = (proc) => `Last output of ${proc.name}:\n${proc.tail.join("\n")}`;

export async function stopProcess(proc) {
  if (!live.has(proc)) return;
  proc.isStopping = true;
  const { child } = proc;
  signalGroup(child.pid, "SIGTERM");
  const timer = setTimeout(() => signalGroup(child.pid, "SIGKILL"), STOP_TIMEOUT_MS);
  await proc.closed;
  clearTimeout(timer);
  // The leader may be gone while its group lingers (a forked worker): make sure.
  signalGroup(child.pid, "SIGKILL");
  live.delete(proc);
}

export async function stopAll() {
  await Promise.all([...live].map((proc) => stopProcess(proc)));
}

function signalGroup(pid, signal) {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if (error.code !== "ESRCH") throw error; // ESRCH: already gone, which is the goal
  }
}

/** Resident memory of a process and its descendants, in MB (Linux /proc; null elsewhere). */
export function treeRssMb(pid) {
  try {
    const children = new Map();
    for (const entry of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
      const ppid = readStatus(entry)?.match(/^PPid:\s+(\d+)/m)?.[1];
      if (ppid) children.set(ppid, [...(children.get(ppid) ?? []), entry]);
    }
    let kb = 0;
    const queue = [String(pid)];
    while (queue.length > 0) {
      const current = queue.pop();
      kb += Number(readStatus(current)?.match(/^VmRSS:\s+(\d+)/m)?.[1] ?? 0);
      queue.push(...(children.get(current) ?? []));
    }
    return Math.round(kb / 1024);
  } catch {
    return null; // No /proc: the figure is left out, not guessed.
  }
}

function readStatus(pid) {
  try {
    return readFileSync(`/proc/${pid}/status`, "utf8");
  } catch {
    return null; // The process ended while we were looking.
  }
}
