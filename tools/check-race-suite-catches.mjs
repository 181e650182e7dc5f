#!/usr/bin/env node
// Proves the race suite can fail: in a copy of the repository, breaks the protection a scenario
// exists for, rebuilds, runs the race scenarios, and checks that the expected ones fail.
//   1. no single flight, no reuse rules: the refresh route calls Django for every caller (no
//      shared flight, no stored answer for a rotated token, no lock: what a naive refresh route
//      does) and a stale cookie never heals to its successor;
//   2. no shared store: the two instances of scenario 7 run without REDIS_URL.
// Exits 0 when each broken copy fails the scenarios listed for it, 1 otherwise (the suite would
// not notice the breakage). About 4 minutes on 2 cores. Usage: node tools/check-race-suite-catches.mjs
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { copyRepository } from "./lib/copy-repository.mjs";

const COORDINATOR = "lib/engine/refresh/refresh-coordinator.ts";
const CONFIG = "playwright.config.ts";
const REPORT = "test-results/e2e-report.json";

const BREAKAGES = [
  {
    name: "no single flight, no reuse rules (every caller rotates at Django, no stale cookie heals)",
    file: COORDINATOR,
    patches: [
      [
        `    const shared = flights(tokenKey, () => {
      run.hasJoined = false;
      return reuseOrRotate(tokenKey, request, run.trace);
    });`,
        `    run.hasJoined = false;
    const shared = rotateUnderLock(tokenKey, request, now(), run.trace);`,
      ],
      [
        `      if (await isEnded(request.chainId)) return null;`,
        `      if (deps.reuseWindowMs >= 0) return null;`,
      ],
    ],
    specs: ["tests/e2e/race/storms.spec.ts"],
    // What fails when both are removed (docs/testing.md has the runs).
    mustFail: ["2b.", "4.", "5."],
  },
  {
    name: "no shared store (scenario 7's instances without REDIS_URL)",
    file: CONFIG,
    patches: [
      [
        "env: { ...nextEnv(url), REDIS_URL: `redis://127.0.0.1:${REDIS_PORT}` },",
        "env: nextEnv(url),",
      ],
    ],
    specs: ["tests/e2e/race/instances.spec.ts"],
    mustFail: ["7."],
  },
];

function run(command, args, cwd, env = {}) {
  console.log(`\n$ ${command} ${args.join(" ")}`);
  return spawnSync(command, args, { cwd, stdio: "inherit", env: { ...process.env, ...env } })
    .status;
}

/** Titles of the tests that did not pass, from Playwright's JSON report; throws if none ran. */
function failedTitles(root) {
  const report = JSON.parse(readFileSync(path.join(root, REPORT), "utf8"));
  const { expected = 0, unexpected = 0, flaky = 0 } = report.stats ?? {};
  if (expected + unexpected + flaky === 0) {
    const [error] = report.errors ?? [];
    throw new Error(
      `the broken copy ran no test: ${error?.message?.split("\n")[0] ?? "no report"}`,
    );
  }
  const titles = [];
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) {
      if (spec.tests.some((test) => test.status === "unexpected")) titles.push(spec.title);
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report.suites ?? []) walk(suite);
  return titles;
}

let isCaught = true;
const lines = [];
for (const breakage of BREAKAGES) {
  const root = mkdtempSync(path.join(tmpdir(), "race-catches-"));
  try {
    copyRepository(root);
    const file = path.join(root, breakage.file);
    let source = readFileSync(file, "utf8");
    for (const [from, to] of breakage.patches) {
      if (!source.includes(from)) {
        throw new Error(
          `${breakage.file} no longer contains the code to break: update this script`,
        );
      }
      source = source.replace(from, to);
    }
    writeFileSync(file, source);
    const env = { NEXT_TELEMETRY_DISABLED: "1", E2E_PORT_OFFSET: "300" };
    if (run("npx", ["playwright", "test", ...breakage.specs], root, env) === 0) {
      lines.push(`✗ ${breakage.name}: the race suite passed; it cannot see this breakage`);
      isCaught = false;
      continue;
    }
    const failed = failedTitles(root);
    const missed = breakage.mustFail.filter((id) => !failed.some((title) => title.startsWith(id)));
    if (missed.length > 0) isCaught = false;
    lines.push(
      `${missed.length ? "✗" : "✓"} ${breakage.name}: failed ${failed.map((t) => t.split(" ")[0]).join(" ")}` +
        (missed.length ? `; expected to fail but passed: ${missed.join(" ")}` : ""),
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
console.log(`\n${lines.join("\n")}`);
process.exit(isCaught ? 0 : 1);
