import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * A real Redis Cluster from Debian's redis-server: 3 masters and 3 replicas on free loopback
 * ports, made with `redis-cli --cluster create`. A node that stops answering is failed over after
 * NODE_TIMEOUT_MS (1 s, so a killed master is replaced within a few seconds). With a `password`,
 * every node asks for it (`requirepass`), as a managed cluster with AUTH does, and `urls` carry it.
 */
export const NODE_TIMEOUT_MS = 1_000;

export type ClusterNode = { port: number; process: ChildProcess };

export async function startRedisCluster({ password }: { password?: string } = {}) {
  const auth = password === undefined ? [] : ["-a", password, "--no-auth-warning"];
  const run = (port: number, ...args: string[]) => cli(port, ...auth, ...args);
  const dir = mkdtempSync(path.join(tmpdir(), "redis-cluster-"));
  const nodes: ClusterNode[] = [];
  for (let i = 0; i < 6; i++) {
    const port = await freeClusterPort(nodes.map((node) => node.port));
    const nodeDir = path.join(dir, String(port));
    spawnSync("mkdir", ["-p", nodeDir]);
    const process = spawn(
      "redis-server",
      [
        ["--port", String(port)],
        ["--bind", "127.0.0.1"],
        ["--dir", nodeDir],
        ["--cluster-enabled", "yes"],
        ["--cluster-config-file", "nodes.conf"],
        ["--cluster-node-timeout", String(NODE_TIMEOUT_MS)],
        ["--save", ""],
        ["--appendonly", "no"],
        ["--repl-diskless-sync-delay", "0"],
        password === undefined ? [] : ["--requirepass", password, "--masterauth", password],
      ].flat(),
      { stdio: "ignore" },
    );
    nodes.push({ port, process });
  }
  for (const { port } of nodes) await until(() => run(port, "PING") === "PONG", 10_000);
  const created = spawnSync(
    "redis-cli",
    [
      ...auth,
      "--cluster",
      "create",
      ...nodes.map(({ port }) => `127.0.0.1:${port}`),
      "--cluster-replicas",
      "1",
      "--cluster-yes",
    ],
    { encoding: "utf8", timeout: 30_000 },
  );
  if (created.status !== 0) throw new Error(`redis-cli --cluster create: ${created.stdout}`);
  const cluster = {
    nodes,
    urls: nodes
      .slice(0, 3)
      .map(
        ({ port }) => `redis://${password === undefined ? "" : `:${password}@`}127.0.0.1:${port}`,
      ),
    /** redis-cli on one node, with the password if there is one. */
    cli: run,
    /** The master and replica ports that serve `key`'s slot now. */
    shardOf(key: string) {
      const slot = Number(run(nodes.find(isAlive)!.port, "CLUSTER", "KEYSLOT", key));
      const lines = run(nodes.find(isAlive)!.port, "CLUSTER", "NODES").split("\n");
      const master = lines.find(
        (line) =>
          line.includes("master") &&
          !line.includes("fail") &&
          line
            .split(" ")
            .slice(8)
            .some((range) => {
              const [from, to = from] = range.split("-").map(Number);
              return slot >= from! && slot <= to!;
            }),
      );
      if (!master) throw new Error(`no master serves slot ${slot}`);
      const [masterId, address] = master.split(" ");
      const replica = lines.find(
        (line) => line.split(" ")[3] === masterId && !line.includes("fail"),
      );
      const portOf = (addr: string) => Number(addr.split(":")[1]!.split("@")[0]);
      return {
        slot,
        master: portOf(address!),
        replica: replica ? portOf(replica.split(" ")[1]!) : null,
      };
    },
    /**
     * Every live node agrees the cluster is ok, with each slot's master answering, and every
     * replica a master has acknowledges writes (the engine's locks wait 250 ms for one: a master
     * holds its writes back from a replica that has just loaded its copy until that replica's
     * first acknowledgement, 0.9 s later on this machine).
     */
    async settled() {
      await until(
        () =>
          nodes
            .filter(isAlive)
            .every(
              (node) =>
                run(node.port, "CLUSTER", "INFO").includes("cluster_state:ok") &&
                !/^slave\d+:.*state=(?!online)/m.test(run(node.port, "INFO", "replication")),
            ),
        20_000,
      );
      // A key on each master that has a replica (40 keys miss one of three with p < 1e-6).
      const probes = new Map<number, string>();
      for (let i = 0; i < 40 && probes.size < 3; i++) {
        const { master, replica } = cluster.shardOf(`{ack-${i}}`);
        if (replica !== null && !probes.has(master)) probes.set(master, `{ack-${i}}`);
      }
      for (const [master, key] of probes) {
        await until(() => {
          const sent = spawnSync("redis-cli", ["-p", String(master), ...auth], {
            input: `SET ${key} 1\nWAIT 1 100\n`,
            encoding: "utf8",
            timeout: 5_000,
          });
          return sent.stdout.trim().endsWith("1");
        }, 10_000);
      }
    },
    stop() {
      for (const node of nodes) node.process.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await cluster.settled();
  return cluster;
}

export type RedisCluster = Awaited<ReturnType<typeof startRedisCluster>>;

const isAlive = (node: ClusterNode) => node.process.exitCode === null && !node.process.killed;

export function cli(port: number, ...args: string[]): string {
  const result = spawnSync("redis-cli", ["-p", String(port), ...args], {
    encoding: "utf8",
    timeout: 5_000,
  });
  return (result.stdout ?? "").trim();
}

async function until(condition: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("the Redis cluster did not settle in time");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A port free with its cluster-bus port (port + 10000), below the ephemeral range. */
async function freeClusterPort(taken: number[]): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 10_000);
    if (taken.includes(port)) continue;
    if ((await isFree(port)) && (await isFree(port + 10_000))) return port;
  }
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer()
      .once("error", () => resolve(false))
      .listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}
