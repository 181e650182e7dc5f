import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { testDjango, type TestDjango } from "./django";
import { stopProcess } from "../../support/stop-process";
import { findFreePort } from "./free-port";
import { ACCESS_LIFETIME_S, APP_URL, NEXTAUTH_SECRET } from "./servers";

const REPO_ROOT = path.resolve(__dirname, "../../..");
const NEXT_BIN = path.join(REPO_ROOT, "node_modules", "next", "dist", "bin", "next");
const START_TIMEOUT_MS = 90_000;
/** What a `beforeAll` that starts one stack gives itself: each of its two servers may take its own. */
export const STACK_START_TIMEOUT_MS = 2 * START_TIMEOUT_MS;

/** The suite runs against a Django with simplejwt_rotation when its environment says so. */
export const SUITE_HAS_ROTATION_APP = process.env.DJANGO_ROTATION_APP === "1";

export type Stack = {
  appUrl: string;
  apiUrl: string;
  django: TestDjango;
  stop: () => Promise<void>;
};

/**
 * A Django in test mode (with or without simplejwt_rotation, its own database) and a `next start`
 * of the suite's build pointing at it, for a spec that needs a Django the suite's is not.
 */
export async function startStack({
  rotationApp,
  djangoEnv = {},
  nextEnv = {},
}: {
  rotationApp: boolean;
  /** The bundled Django's knobs (tests/django/config/settings.py), e.g. DJANGO_EMAIL_USERS. */
  djangoEnv?: Record<string, string>;
  nextEnv?: Record<string, string>;
}): Promise<Stack> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "e2e-stack-"));
  const [djangoPort, appPort] = [await findFreePort(), await findFreePort()];
  const apiUrl = `http://127.0.0.1:${djangoPort}/api`;
  const appUrl = `http://127.0.0.1:${appPort}`;
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(children.map((child) => stopProcess(child)));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const djangoArgs = ["scripts/django-server.mjs", "--port", String(djangoPort), "--test-mode"];
    children.push(
      launch(process.execPath, djangoArgs, {
        DJANGO_DB_PATH: path.join(dir, "db.sqlite3"),
        DJANGO_ACCESS_TOKEN_LIFETIME_S: String(ACCESS_LIFETIME_S),
        DJANGO_REFRESH_TOKEN_LIFETIME_S: "3600",
        DJANGO_ROTATION_APP: rotationApp ? "1" : "0",
        ...djangoEnv,
      }),
    );
    await waitForAnswer(`${apiUrl}/_test/counters/?username=probe`, children[0]!);
    const nextArgs = [NEXT_BIN, "start", "-p", String(appPort), "-H", "127.0.0.1"];
    children.push(
      launch(process.execPath, nextArgs, {
        DJANGO_API_URL: apiUrl,
        DJANGO_USER_PATH: "me/",
        NEXTAUTH_URL: appUrl,
        NEXTAUTH_SECRET,
        NEXT_TELEMETRY_DISABLED: "1",
        ...nextEnv,
      }),
    );
    await waitForAnswer(`${appUrl}/login`, children[1]!);
  } catch (error) {
    await stop();
    throw error;
  }
  return { appUrl, apiUrl, django: testDjango(apiUrl), stop };
}

/** The suite's own Django and app, as a Stack that is not stopped here. */
export function suiteStack(django: TestDjango, apiUrl: string): Stack {
  return { appUrl: APP_URL, apiUrl, django, stop: async () => undefined };
}

function launch(command: string, args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(command, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let output = "";
  child.stderr?.on("data", (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  Object.defineProperty(child, "recentOutput", { get: () => output });
  return child;
}

async function waitForAnswer(url: string, child: ChildProcess) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: server exited\n${outputOf(child)}`);
    try {
      await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(2_000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250)); // not listening yet
    }
  }
  throw new Error(`${url} did not answer within ${START_TIMEOUT_MS} ms\n${outputOf(child)}`);
}

function outputOf(child: ChildProcess): string {
  return String((child as ChildProcess & { recentOutput?: string }).recentOutput ?? "");
}
