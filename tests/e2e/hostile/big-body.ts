import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { APP_URL } from "../support/servers";

export type BigBodyReply = { status: number; elapsedMs: number; sentBytes: number };

/**
 * POSTs up to `totalBytes` as a chunked body (no Content-Length), or declares them in a
 * Content-Length, and stops sending once the server answers: how long it took, and how much went.
 */
export function sendBigBody(
  path: string,
  {
    totalBytes,
    headers = {},
    declareLength = false,
  }: {
    totalBytes: number;
    headers?: Record<string, string>;
    declareLength?: boolean;
  },
): Promise<BigBodyReply> {
  const { hostname, port } = new URL(APP_URL);
  const chunk = Buffer.alloc(64 * 1024, "a");
  const startedAt = performance.now();
  let sentBytes = 0;
  return new Promise((resolve, reject) => {
    const outgoing = {
      ...headers,
      ...(declareLength ? { "content-length": String(totalBytes) } : {}),
    };
    const request = httpRequest({ hostname, port, path, method: "POST", headers: outgoing });
    let answered = false;
    request.on("response", (response) => {
      answered = true;
      const reply = {
        status: response.statusCode ?? 0,
        elapsedMs: performance.now() - startedAt,
        sentBytes,
      };
      response.resume();
      request.destroy();
      resolve(reply);
    });
    request.on("error", (error) => {
      if (!answered) reject(error);
    });
    const pump = () => {
      while (!answered && sentBytes < totalBytes) {
        sentBytes += chunk.length;
        if (!request.write(chunk)) return void request.once("drain", pump);
      }
      if (!answered) request.end();
    };
    pump();
  });
}

/** The PID of the process listening on APP_URL's port (`next start`), from `ss -ltnp`. */
export function findServerPid(): number {
  const { port } = new URL(APP_URL);
  const listing = execFileSync("ss", ["-ltnpH", `sport = :${port}`], { encoding: "utf8" });
  const pid = /pid=(\d+)/.exec(listing)?.[1];
  if (!pid) throw new Error(`no process found listening on port ${port}:\n${listing}`);
  return Number(pid);
}

/** Resident memory of `pid` in MB (VmRSS from /proc). */
export function readRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
  if (!kb) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(kb) / 1024;
}

/** Runs `work` while sampling `pid`'s RSS every 20 ms: the result and the highest RSS seen. */
export async function withPeakRss<T>(pid: number, work: () => Promise<T>) {
  let peakMb = readRssMb(pid);
  const timer = setInterval(() => (peakMb = Math.max(peakMb, readRssMb(pid))), 20);
  try {
    const result = await work();
    return { result, peakMb: Math.max(peakMb, readRssMb(pid)) };
  } finally {
    clearInterval(timer);
  }
}
