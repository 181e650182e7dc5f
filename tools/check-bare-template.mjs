#!/usr/bin/env node
// Proves the demo wing deletes cleanly: copies the repository's files to a temporary folder,
// deletes what the README says to delete, and runs typecheck, lint and `next build` on what is
// left; with --test, also the README's test command (`npm test`) there, on that build, whose exit
// status and closing line it passes on; arguments after `--` go to it (e.g. `-- --e2e-only`).
// --upgrade: the same on the template of the engine's baseline release (tools/engine-baseline.json)
// with today's lib/engine/ put in its place, as the README's upgrade steps do: an engine upgrade
// that needs a team to touch its own files fails here.
// --dir <folder>: works in that folder (new or empty) and keeps it; with --prepared, runs only the
// test step in a folder an earlier run (without --test) prepared, so that CI can build the copies
// while another suite runs and test them later.
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

import { copyReleaseWithCurrentEngine, copyRepository } from "./lib/copy-repository.mjs";

/** Keep in step with the README's "Get the bare template" command. */
export const DEMO_WING = ["app/(protected)/(demo)", "app/(protected)/@demo", "tests/e2e/demo"];

const STEPS = [
  ["typecheck", ["node_modules/.bin/tsc", "--noEmit"]],
  ["lint", ["node_modules/.bin/eslint", "."]],
  ["next build", ["node_modules/.bin/next", "build"]],
];

const USAGE =
  "Usage: node tools/check-bare-template.mjs [--upgrade] [--test] [--keep] [--dir <folder> [--prepared]] [-- <npm test args>]";

function fail(message) {
  console.error(`\n✗ BARE TEMPLATE CHECK FAILED: ${message}\n`);
  process.exit(1);
}

/** The packages lib/engine's own code (not its tests) imports: what a team's package.json must list. */
function engineImports(root) {
  const names = new Set();
  const files = readdirSync(path.join(root, "lib/engine"), { recursive: true }).filter(
    (file) => /\.(ts|tsx|mjs)$/.test(file) && !/\.test\./.test(file),
  );
  for (const file of files) {
    const text = readFileSync(path.join(root, "lib/engine", file), "utf8");
    for (const [, specifier] of text.matchAll(/from "([^".][^"]*)"/g)) {
      if (specifier.startsWith("node:") || specifier.startsWith("@/")) continue;
      const parts = specifier.split("/");
      names.add(specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]);
    }
  }
  return names;
}

/**
 * A package the engine now needs and the release's package.json lacks is installed as a team
 * would, from the CHANGELOG's `npm install <name>` line (at today's version); without such a
 * line the upgrade would break a team's build, and the check fails.
 */
function addEngineDependencies(root) {
  const manifestPath = path.join(root, "package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
  const listed = { ...manifest.dependencies, ...manifest.devDependencies };
  const today = JSON.parse(readFileSync("package.json", "utf8")).dependencies ?? {};
  const changelog = readFileSync(path.join(root, "lib/engine/CHANGELOG.md"), "utf8");
  for (const name of engineImports(root)) {
    if (listed[name]) continue;
    if (!changelog.includes(`npm install ${name}`) || !today[name]) {
      fail(
        `lib/engine imports "${name}", which ${what}'s package.json lacks, and lib/engine/CHANGELOG.md says nowhere "npm install ${name}"`,
      );
    }
    manifest.dependencies = { ...manifest.dependencies, [name]: today[name] };
    console.log(`As lib/engine/CHANGELOG.md says: npm install ${name}@${today[name]}`);
  }
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
}

function deleteDemoWing(root) {
  console.log("Deleting the demo wing:");
  for (const entry of DEMO_WING) {
    const full = path.join(root, entry);
    if (!existsSync(full)) fail(`"${entry}" does not exist: update DEMO_WING and the README`);
    rmSync(full, { recursive: true });
    console.log(`  deleted ${entry}`);
  }
}

const separator = process.argv.indexOf("--");
const testArgs = separator === -1 ? [] : process.argv.slice(separator + 1);
let values;
try {
  ({ values } = parseArgs({
    args: process.argv.slice(2, separator === -1 ? undefined : separator),
    options: {
      upgrade: { type: "boolean", default: false },
      test: { type: "boolean", default: false },
      keep: { type: "boolean", default: false },
      dir: { type: "string" },
      prepared: { type: "boolean", default: false },
    },
  }));
} catch (error) {
  fail(`${error.message}\n${USAGE}`);
}
if (values.prepared && !(values.dir && values.test)) fail("--prepared needs --dir and --test");
const baseline = values.upgrade
  ? JSON.parse(readFileSync(new URL("engine-baseline.json", import.meta.url), "utf8"))
  : null;
const what = baseline
  ? `engine ${baseline.version}'s template (${baseline.commit.slice(0, 7)}) with today's engine`
  : "the template";
const steps = values.prepared ? [] : STEPS;
if (values.test) steps.push(["npm test", [process.execPath, "tools/run-tests.mjs", ...testArgs]]);
const root = values.dir
  ? path.resolve(values.dir)
  : mkdtempSync(path.join(tmpdir(), "bare-template-"));
if (values.prepared && !existsSync(path.join(root, ".next", "BUILD_ID")))
  fail(`${root} holds no build: prepare it first (the same command without --prepared and --test)`);
if (!values.prepared) {
  if (existsSync(root) && readdirSync(root).length > 0) fail(`${root} is not empty`);
  mkdirSync(root, { recursive: true });
}
const keep = values.keep || Boolean(values.dir);
try {
  if (!values.prepared) {
    try {
      if (baseline) copyReleaseWithCurrentEngine(baseline.commit, root);
      else copyRepository(root);
    } catch (error) {
      fail(error.message);
    }
    if (baseline) addEngineDependencies(root);
    deleteDemoWing(root);
  }
  const env = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: "1",
    // next build validates the environment; these stand in for a real deployment's values.
    DJANGO_API_URL: process.env.DJANGO_API_URL ?? "http://127.0.0.1:8000/api",
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET ?? "bare-template-check-secret-0123456789",
    // The tests run on the build the step before made.
    E2E_SKIP_BUILD: "1",
  };
  for (const [name, [command, ...args]] of steps) {
    console.log(`\n▶ ${name} (in ${root})`);
    const bin = command.startsWith("node_modules/") ? path.join(root, command) : command;
    const run = spawnSync(bin, args, { cwd: root, env, stdio: "inherit" });
    if (run.status !== 0) fail(`${name} failed on ${what}, without its demo wing`);
  }
  const done = values.prepared
    ? "passes npm test on the build prepared earlier"
    : `typechecks, lints, builds${values.test ? " and passes npm test" : ""}`;
  console.log(`\n✓ ${what}, demo wing deleted, ${done}.`);
} finally {
  if (keep) console.log(`Kept ${root}`);
  else rmSync(root, { recursive: true, force: true });
}
