import { cp, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { findFreePort } from "../support/free-port";
import { REPO_ROOT, runNode } from "./support/doctor-django";
import { findingOf, runDoctor, type DoctorReport } from "./support/run-doctor";

const projects: string[] = [];
test.afterAll(async () => {
  await Promise.all(projects.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A copy of the doctor and the engine beside an auth.config.ts with `django` overridden. */
async function projectWithDjangoSettings(literal: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "doctor-project-"));
  projects.push(dir);
  await cp(path.join(REPO_ROOT, "scripts"), path.join(dir, "scripts"), { recursive: true });
  await cp(path.join(REPO_ROOT, "lib/engine"), path.join(dir, "lib/engine"), { recursive: true });
  await symlink(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"));
  const settings = await readFile(path.join(REPO_ROOT, "auth.config.ts"), "utf8");
  const spread = "  ...fromEnv,\n";
  expect(settings).toContain(spread);
  const django = `  django: { ...fromEnv.django, ${literal} },\n`;
  await writeFile(path.join(dir, "auth.config.ts"), settings.replace(spread, spread + django));
  return dir;
}

// No Django: what the doctor says before it reaches one. Runs on one stack only (docs/testing.md).
test.describe("npm run doctor: usage and unreachable APIs", () => {
  test("usage errors exit 2 with the usage text", async () => {
    const api = ["--api", "http://127.0.0.1:9/api"];
    for (const args of [
      ["--bogus"],
      [...api, "--password", "x"], // no --username and no terminal to ask in
      [...api, "--username", "u", "--password", "x", "--concurrency-check"], // not confirmed
      ["--username", "u", "--password", "x"], // no DJANGO_API_URL anywhere
    ]) {
      const run = await runDoctor(args);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr).toContain("Usage: npm run doctor");
    }
  });

  test("an API nobody answers on → ✗ Reachable, exit 1", async () => {
    const run = await runDoctor([
      "--api",
      `http://127.0.0.1:${await findFreePort()}/api`,
      "--username",
      "u",
      "--password",
      "x",
      "--json",
    ]);
    expect(run.code).toBe(1);
    const reachable = findingOf(run.report, "reachable");
    expect(reachable.level).toBe("fail");
    expect(reachable.message).toContain("ECONNREFUSED");
  });

  test("checks the settings the app will use: a literal in auth.config.ts, not only the env", async () => {
    const api = `http://127.0.0.1:${await findFreePort()}/api`;
    const args = ["scripts/doctor.mjs", "--api", api, "--username", "u", "--password", "x"];
    const env = { NODE_ENV: "development" as const, PATH: process.env.PATH ?? "" };

    const custom = await projectWithDjangoSettings('tokenPath: "auth/login/"');
    const run = await runNode([...args, "--json"], env, { cwd: custom, check: false });
    expect(run.code, run.stderr).toBe(1); // Nobody answers on that port.
    expect(run.stderr).toContain("settings from auth.config.ts");
    const report = JSON.parse(run.stdout) as DoctorReport;
    expect(report.calls.join("\n")).toContain(`${api}/auth/login/`);
    expect(report.calls.join("\n")).not.toContain(`${api}/token/ `);

    const broken = await projectWithDjangoSettings('tokenPath: "/auth/login/"');
    const refused = await runNode(args, env, { cwd: broken, check: false });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("django.tokenPath: must be relative (no leading '/')");
  });

  test("the app's own settings: a missing secret ⚠, a weak one ✗, an origin the app is not served at ✗", async () => {
    const unreachable = `http://127.0.0.1:${await findFreePort()}/api`;
    const args = ["--api", unreachable, "--username", "u", "--password", "x", "--json"];

    const unset = await runDoctor(args, { NEXTAUTH_SECRET: "", NEXTAUTH_URL: "" });
    expect(findingOf(unset.report, "secret")).toMatchObject({ level: "warn" });
    expect(findingOf(unset.report, "secret").fix).toContain("openssl rand -base64 32");
    expect(findingOf(unset.report, "origin")).toMatchObject({ level: "warn" });

    const weak = await runDoctor(args, { NEXTAUTH_SECRET: "ab".repeat(20) });
    expect(findingOf(weak.report, "secret")).toMatchObject({ level: "fail" });
    expect(findingOf(weak.report, "secret").message).toContain("only 2 different ones");
    expect(weak.stdout).not.toContain("abab");

    const elsewhere = await runDoctor([...args, "--app", "http://127.0.0.1:3999"]);
    const origin = findingOf(elsewhere.report, "origin");
    expect(origin.level).toBe("fail");
    expect(origin.message).toContain(
      "served at http://127.0.0.1:3999 but NEXTAUTH_URL is http://localhost:3000",
    );
    expect(origin.fix).toBe("NEXTAUTH_URL=http://127.0.0.1:3999");
    expect(findingOf(elsewhere.report, "secret")).toMatchObject({ level: "ok" });
  });
});
