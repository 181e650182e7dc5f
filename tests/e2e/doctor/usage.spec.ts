import { expect, test } from "@playwright/test";
import { findFreePort } from "../support/free-port";
import { findingOf, runDoctor } from "./support/run-doctor";

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
});
