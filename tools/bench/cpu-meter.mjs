import { readFileSync, readdirSync } from "node:fs";

/**
 * CPU seconds spent by process trees, read from /proc (Linux): a tree's root with the children it
 * has reaped (cutime, cstime: PostgreSQL's finished backends), plus its live descendants. On a
 * shared machine, CPU attributed per process is steadier than wall-clock time.
 */
const TICKS_PER_S = 100; // USER_HZ on Linux.

function statOf(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command (in parentheses, which may hold spaces).
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return {
      ppid: fields[1],
      // utime, stime, cutime, cstime are fields 14-17 of the whole line (1-based).
      own: Number(fields[11]) + Number(fields[12]),
      reaped: Number(fields[13]) + Number(fields[14]),
    };
  } catch {
    return null; // Gone while we looked.
  }
}

/** CPU seconds of the tree under `pid`, reaped children included; null without /proc. */
export function treeCpuSeconds(pid) {
  if (pid === undefined || pid === null) return null;
  const root = statOf(pid);
  if (!root) return null;
  const children = new Map();
  for (const entry of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    const stat = statOf(entry);
    if (stat) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), entry]);
  }
  let ticks = root.own + root.reaped;
  const queue = [...(children.get(String(pid)) ?? [])];
  while (queue.length > 0) {
    const current = queue.pop();
    ticks += statOf(current)?.own ?? 0;
    queue.push(...(children.get(current) ?? []));
  }
  return ticks / TICKS_PER_S;
}

/** The whole machine's busy CPU seconds (all cores, everyone's), from /proc/stat. */
export function machineBusySeconds() {
  try {
    const [cpu] = readFileSync("/proc/stat", "utf8").split("\n");
    const [user, nice, system, , , irq, softirq, steal] = cpu.split(/\s+/).slice(1).map(Number);
    return (user + nice + system + irq + softirq + steal) / TICKS_PER_S;
  } catch {
    return null;
  }
}

/**
 * Snapshots of named process trees; `since(snapshot)` gives each one's CPU seconds in between,
 * this process's own ("bench": the load generator and the balancer, which run in it) and the
 * machine's total, of which "others" is what none of the named trees spent.
 */
export function cpuMeter(pids) {
  const take = () => ({
    at: performance.now(),
    trees: Object.fromEntries(
      Object.entries(pids()).map(([name, pid]) => [name, treeCpuSeconds(pid)]),
    ),
    bench: process.cpuUsage(),
    machine: machineBusySeconds(),
  });
  return {
    take,
    since(before) {
      const after = take();
      const cpu = {};
      for (const [name, seconds] of Object.entries(after.trees)) {
        const was = before.trees[name];
        cpu[name] = seconds === null || was === null || was === undefined ? null : seconds - was;
      }
      const bench = process.cpuUsage(before.bench);
      cpu.bench = (bench.user + bench.system) / 1e6;
      const ours = Object.values(cpu).reduce((sum, s) => sum + (s ?? 0), 0);
      const machine = after.machine === null ? null : after.machine - before.machine;
      return {
        wallSeconds: (after.at - before.at) / 1000,
        cpuSeconds: Object.fromEntries(
          Object.entries({ ...cpu, others: machine === null ? null : machine - ours }).map(
            ([name, s]) => [name, s === null ? null : Math.round(s * 100) / 100],
          ),
        ),
      };
    },
  };
}
