import { execFileSync } from "node:child_process";
import { copyFile, mkdir, mkdtemp, rename, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { REPO_ROOT } from "../../scripts/lib/paths.mjs";
import { runCommand } from "../../scripts/lib/run-command.mjs";
import { startProcess, stopProcess, tailOf } from "./processes.mjs";

/**
 * Route handlers that exist only in the benchmark's copy of the app, never in the template.
 * The floor: Next.js's own cost of a hop (a bare forward with a fixed token, no session, no
 * checks). The recipe: what most apps write (next-auth's getToken + fetch).
 */
const FLOOR_ROUTE = `import type { NextRequest } from "next/server";

const API = process.env.DJANGO_API_URL ?? "";
const AUTHORIZATION = \`Bearer \${process.env.BENCH_FLOOR_TOKEN ?? ""}\`;

async function handler(request: NextRequest) {
  const url = API + request.nextUrl.pathname.slice("/api/floor".length) + request.nextUrl.search;
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  const upstream = await fetch(url, {
    method: request.method,
    headers: {
      authorization: AUTHORIZATION,
      "content-type": request.headers.get("content-type") ?? "application/json",
    },
    body: hasBody ? await request.arrayBuffer() : undefined,
  });
  return new Response(upstream.body, {
    status: upstream.status,
    headers: { "content-type": upstream.headers.get("content-type") ?? "application/json" },
  });
}

export { handler as GET, handler as POST };
`;

const RECIPE_ROUTE = `import { getToken } from "next-auth/jwt";
import type { NextRequest } from "next/server";

const API = process.env.DJANGO_API_URL ?? "";

async function handler(request: NextRequest) {
  const token = await getToken({ req: request, secret: process.env.NEXTAUTH_SECRET });
  const access = typeof token?.accessToken === "string" ? token.accessToken : null;
  if (!access) return Response.json({ error: "unauthenticated" }, { status: 401 });
  const url = API + request.nextUrl.pathname.slice("/api/recipe".length) + request.nextUrl.search;
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  const upstream = await fetch(url, {
    method: request.method,
    headers: {
      authorization: \`Bearer \${access}\`,
      "content-type": request.headers.get("content-type") ?? "application/json",
    },
    body: hasBody ? await request.arrayBuffer() : undefined,
  });
  return new Response(upstream.body, {
    status: upstream.status,
    headers: { "content-type": upstream.headers.get("content-type") ?? "application/json" },
  });
}

export { handler as GET, handler as POST };
`;

// Two identical tiny handlers: one under /dashboard (behind the middleware), one outside it.
// Their difference is what the middleware adds to a protected navigation.
const PROBE_ROUTE = `export const dynamic = "force-dynamic";

export function GET() {
  return new Response("ok", { headers: { "content-type": "text/plain" } });
}
`;

// The middleware's decision alone: handleMiddleware timed in process on the caller's cookie, as
// middleware.ts would call it for a page (no HTTP, no Next.js routing around it).
const GUARD_TIMING_ROUTE = `import { NextRequest } from "next/server";
import { handleMiddleware } from "@/lib/engine/routes/middleware-route";

export const dynamic = "force-dynamic";

export async function GET(request: NextRequest) {
  const rounds = Number(request.nextUrl.searchParams.get("rounds") ?? "300");
  const headers = { cookie: request.headers.get("cookie") ?? "" };
  const url = new URL("/dashboard/bench-probe", request.url);
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    const response = await handleMiddleware(new NextRequest(url, { headers }));
    times.push(performance.now() - started);
    if (response.headers.get("x-middleware-next") !== "1") {
      return Response.json({ error: "the guard did not let the session through" }, { status: 500 });
    }
  }
  return Response.json({ times });
}
`;

// Memory after a full collection (next start runs with --expose-gc in the benchmark): growth
// that survives it is retained; RSS growth without it is only heap V8 has not given back.
const MEMORY_ROUTE = `export const dynamic = "force-dynamic";

export function GET() {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  const mb = (bytes: number) => Math.round(bytes / 1048576);
  return Response.json({ collected: Boolean(gc), rssMb: mb(rss), heapUsedMb: mb(heapUsed) });
}
`;

// What any refresh through Next costs at the least (the load's second floor): the request, the
// session cookie opened and sealed again as /api/auth/refresh does, and nothing else: no store,
// no lock, no Django.
const RESEAL_ROUTE = `import { NextResponse, type NextRequest } from "next/server";
import "@/auth";
import { openSessionCookie, writeSessionCookie } from "@/lib/engine/session/session-cookie";

export const dynamic = "force-dynamic";

export async function POST(request: NextRequest) {
  const { session } = await openSessionCookie(request.cookies);
  if (!session) return NextResponse.json({ error: "session_expired" }, { status: 401 });
  const response = NextResponse.json({ status: "resealed" }, { headers: { "cache-control": "no-store" } });
  await writeSessionCookie(response, session, request.cookies);
  return response;
}
`;

export const EXTRA_ROUTES = {
  "app/api/bench-reseal/route.ts": RESEAL_ROUTE,
  "app/api/bench-memory/route.ts": MEMORY_ROUTE,
  "app/api/bench-guard/route.ts": GUARD_TIMING_ROUTE,
  "app/api/floor/[...path]/route.ts": FLOOR_ROUTE,
  "app/api/recipe/[...path]/route.ts": RECIPE_ROUTE,
  "app/(protected)/dashboard/bench-probe/route.ts": PROBE_ROUTE,
  "app/api/bench-probe/route.ts": PROBE_ROUTE,
};

/**
 * The working tree's files (tracked and new, not ignored) in `dir` (a new temp dir by default),
 * node_modules hard-linked. `root`: another checkout to copy (a git worktree of an older commit).
 */
export async function copyApp(dir, root = REPO_ROOT) {
  if (dir) await mkdir(dir, { recursive: true });
  else dir = await mkdtemp(path.join(os.tmpdir(), "bench-app-"));
  const listed = execFileSync(
    "git",
    ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
    { cwd: root, encoding: "utf8" },
  );
  for (const file of listed.split("\0").filter(Boolean)) {
    const from = path.join(root, file);
    if (!existsSync(from)) continue; // deleted in the working tree, not yet committed
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await copyFile(from, path.join(dir, file));
  }
  const linked = await runCommand("cp", [
    "-al",
    path.join(REPO_ROOT, "node_modules"),
    path.join(dir, "node_modules"),
  ]);
  if (!linked.ok) throw new Error(`Could not hard-link node_modules: ${linked.output}`);
  await enableBrowserSourceMaps(dir);
  for (const [file, source] of Object.entries(EXTRA_ROUTES)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), source);
  }
  return dir;
}

/** Whether `dir` holds a built copy of the app with the benchmark's routes (copyApp, buildApp). */
export function isBuiltCopy(dir) {
  return [".next/BUILD_ID", ...Object.keys(EXTRA_ROUTES)].every((file) =>
    existsSync(path.join(dir, file)),
  );
}

/**
 * The copy's config, plus source maps for the client chunks: they tell its modules apart. With
 * BENCH_SERVER_NAMES=1, the server code is not minified either, so CPU profiles name functions.
 */
async function enableBrowserSourceMaps(dir) {
  const serverNames = process.env.BENCH_SERVER_NAMES === "1";
  const original = ["next.config.js", "next.config.mjs"].find((f) => existsSync(path.join(dir, f)));
  if (!original) throw new Error("No next.config.js or next.config.mjs to extend.");
  const renamed = original.replace("next.config", "next.config.template");
  await rename(path.join(dir, original), path.join(dir, renamed));
  await writeFile(
    path.join(dir, "next.config.mjs"),
    `import template from "./${renamed}";
const config = async (phase, context) =>
  typeof template === "function" ? template(phase, context) : template;
export default async (phase, context) => {
  const base = await config(phase, context);
  return {
    ...base,
    productionBrowserSourceMaps: true,
    ${serverNames ? "experimental: { ...base.experimental, serverMinification: false, turbopackMinify: false }," : ""}
  };
};
`,
  );
}

/** `next build` in the copy, bounded in time; its output is shown only if it fails. */
export async function buildApp(dir, env, timeoutMs = 15 * 60_000) {
  const started = Date.now();
  const build = startProcess(
    "next build",
    path.join(dir, "node_modules", ".bin", "next"),
    ["build"],
    {
      cwd: dir,
      env,
    },
  );
  const timer = setTimeout(() => void stopProcess(build), timeoutMs);
  const reason = await build.exited;
  clearTimeout(timer);
  await stopProcess(build);
  if (reason !== "exit code 0")
    throw new Error(`next build failed (${reason}) in ${dir}.\n${tailOf(build)}`);
  return { seconds: (Date.now() - started) / 1000, output: build.tail.join("\n") };
}
