// `npm test`: every runner in turn (unit, then end to end), then one closing line that sums
// them: "N passed, N failed". A runner that broke counts as failed (see lib/test-totals.mjs).
// TEST_TOTALS_FILE=<file> also appends this run's tallies to it, labelled TEST_RUN_LABEL, for
// tools/sum-test-totals.mjs (.ci/run sums the runs on both Django stacks).
// Usage: node tools/run-tests.mjs [--e2e-only] [playwright arguments…]; --e2e-only skips the unit
// tests (.ci/run runs them once, on the first stack: they touch neither Django nor the demo).
import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync, readFileSync, rmSync } from "node:fs";

import {
  formatClosingLine,
  sumTallies,
  tallyPlaywright,
  tallyVitest,
  toTotalsRecord,
} from "./lib/test-totals.mjs";

const UNIT_REPORT = "test-results/unit-report.json";
const E2E_REPORT = "test-results/e2e-report.json";

function run(command, args) {
  console.log(`\n$ ${command} ${args.join(" ")}`);
  return (
    spawnSync(command, args, { stdio: "inherit", shell: process.platform === "win32" }).status ?? 1
  );
}

// A report cut short (a runner killed mid-write) is no report.
function readReport(path) {
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    console.error(`${path} is not valid JSON: ${error.message}`);
    return null;
  }
}

const args = process.argv.slice(2);
const isE2eOnly = args.includes("--e2e-only");
const playwrightArgs = args.filter((arg) => arg !== "--e2e-only");

rmSync(UNIT_REPORT, { force: true });
rmSync(E2E_REPORT, { force: true });

const tallies = [];
let unitStatus = 0;
if (!isE2eOnly) {
  unitStatus = run("npx", [
    "vitest",
    "run",
    "--reporter=default",
    "--reporter=json",
    `--outputFile=${UNIT_REPORT}`,
  ]);
  tallies.push(tallyVitest(unitStatus, readReport(UNIT_REPORT)));
}
const e2eStatus = run("npx", ["playwright", "test", ...playwrightArgs]);
tallies.push(tallyPlaywright(e2eStatus, readReport(E2E_REPORT)));
console.log("");
for (const { name, passed, failed, skipped, problems } of tallies) {
  console.log(`${`${name}:`.padEnd(6)}${formatClosingLine({ passed, failed, skipped })}`);
  for (const problem of problems) console.log(`        runner failure: ${problem}`);
}
const totals = sumTallies(tallies);
if (process.env.TEST_TOTALS_FILE) {
  const record = toTotalsRecord(process.env.TEST_RUN_LABEL || "run", tallies);
  appendFileSync(process.env.TEST_TOTALS_FILE, `${JSON.stringify(record)}\n`);
}
console.log(formatClosingLine(totals));
process.exit(unitStatus === 0 && e2eStatus === 0 && totals.ok ? 0 : 1);
