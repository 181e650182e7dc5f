// `npm test`: every runner in turn (unit, then end to end), then one closing line that sums
// them: "N passed, N failed". Exits non-zero if any runner failed or ran nothing.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";

const UNIT_REPORT = "test-results/unit-report.json";
const E2E_REPORT = "test-results/e2e-report.json";

function run(command, args) {
  console.log(`\n$ ${command} ${args.join(" ")}`);
  return (
    spawnSync(command, args, { stdio: "inherit", shell: process.platform === "win32" }).status ?? 1
  );
}

function readJson(path) {
  return existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : null;
}

rmSync(UNIT_REPORT, { force: true });
rmSync(E2E_REPORT, { force: true });

const unitStatus = run("npx", [
  "vitest",
  "run",
  "--reporter=default",
  "--reporter=json",
  `--outputFile=${UNIT_REPORT}`,
]);
const e2eStatus = run("npx", ["playwright", "test", ...process.argv.slice(2)]);

const unit = readJson(UNIT_REPORT);
const e2e = readJson(E2E_REPORT);
const counts = {
  passed: (unit?.numPassedTests ?? 0) + (e2e?.stats.expected ?? 0) + (e2e?.stats.flaky ?? 0),
  failed: (unit?.numFailedTests ?? 0) + (e2e?.stats.unexpected ?? 0),
  skipped: (unit?.numPendingTests ?? 0) + (e2e?.stats.skipped ?? 0),
};
// A runner that crashed before reporting counts as a failure, never as silence.
if (!unit || unitStatus !== 0) counts.failed += unit ? 0 : 1;
if (!e2e || e2eStatus !== 0) counts.failed += e2e ? 0 : 1;

console.log(
  `\nunit: ${unit ? `${unit.numPassedTests} passed, ${unit.numFailedTests} failed` : "no report"}`,
);
console.log(
  `e2e:  ${e2e ? `${e2e.stats.expected} passed, ${e2e.stats.unexpected} failed, ${e2e.stats.flaky} flaky` : "no report"}`,
);
const skipped = counts.skipped ? `, ${counts.skipped} skipped` : "";
console.log(`${counts.passed} passed, ${counts.failed} failed${skipped}`);
process.exit(
  unitStatus === 0 && e2eStatus === 0 && counts.failed === 0 && counts.passed > 0 ? 0 : 1,
);
