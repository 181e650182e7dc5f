import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";

const SCRIPT = path.resolve(__dirname, "../../../tools/deploy-button.mjs");

/** Runs `npm run deploy-button` in a fresh clone-like directory whose origin is `origin`. */
function deployButtonWithOrigin(origin: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "deploy-button-"));
  try {
    const git = (...args: string[]) =>
      spawnSync("git", args, { cwd: dir, encoding: "utf8", stdio: "pipe" });
    expect(git("init", "-q").status).toBe(0);
    expect(git("remote", "add", "origin", origin).status).toBe(0);
    return spawnSync("node", [SCRIPT], { cwd: dir, encoding: "utf8" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test.describe("npm run deploy-button", () => {
  test("a GitHub origin (ssh form) gives a Deploy URL for its https address", () => {
    const run = deployButtonWithOrigin("git@github.com:someone/my-app.git");
    expect(run.status, run.stderr).toBe(0);
    const href = /\((https:\/\/vercel\.com\/new\/clone\?[^)]+)\)/.exec(run.stdout)?.[1];
    expect(new URL(href!).searchParams.get("repository-url")).toBe(
      "https://github.com/someone/my-app",
    );
  });

  test("asks for REDIS_URL beside the other required variables: Vercel runs several instances", () => {
    const run = deployButtonWithOrigin("https://github.com/someone/my-app");
    expect(run.status, run.stderr).toBe(0);
    const href = /\((https:\/\/vercel\.com\/new\/clone\?[^)]+)\)/.exec(run.stdout)?.[1];
    const params = new URL(href!).searchParams;
    expect(params.get("env")?.split(",")).toEqual([
      "DJANGO_API_URL",
      "NEXTAUTH_SECRET",
      "REDIS_URL",
    ]);
    expect(params.get("envDescription")).toMatch(/REDIS_URL: .*noeviction/);
  });

  for (const origin of ["/home/me/src/my-app", "../my-app.git", "https://git.example.com/me/app"]) {
    test(`origin ${origin} → says a hosted repository URL is needed, exits non-zero`, () => {
      const run = deployButtonWithOrigin(origin);
      expect(run.status).not.toBe(0);
      expect(run.stdout).not.toContain("vercel.com/new/clone");
      expect(run.stderr).toContain("GitHub, GitLab or Bitbucket");
    });
  }
});
