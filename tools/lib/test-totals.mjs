// The counting behind `npm test`'s closing line, kept pure so it can be unit-tested: a runner that
// broke (no report, a file that failed to load, a server that never started, no test run, a
// non-zero exit with nothing failed in its report) counts as a failure, never as silence.

/**
 * @typedef {{ name: string, passed: number, failed: number, skipped: number, problems: string[], failures: string[] }} RunnerTally
 * `problems` are failures of the runner itself; each one is also counted in `failed`. `failures`
 * name the failed tests and problems (at most MAX_NAMED), so CI's last lines say what failed.
 */

const MAX_NAMED = 20;

/** Vitest's JSON report (`--reporter=json`) and the exit status of `vitest run`. */
export function tallyVitest(exitStatus, report) {
  if (!report) return brokenRunner("unit", exitStatus);
  const failedTests = report.numFailedTests ?? 0;
  const problems = [];
  // A file that failed to load, or whose hooks threw, fails with no failed test in it.
  for (const file of report.testResults ?? []) {
    const hasFailedTest = (file.assertionResults ?? []).some(({ status }) => status === "failed");
    if (file.status === "failed" && !hasFailedTest) {
      problems.push(`${file.name}: ${firstLine(file.message) || "failed outside any test"}`);
    }
  }
  if ((report.numFailedTestSuites ?? 0) > 0 && failedTests === 0 && problems.length === 0) {
    problems.push(`${report.numFailedTestSuites} suite(s) failed outside any test`);
  }
  const failedNames = (report.testResults ?? []).flatMap((file) =>
    (file.assertionResults ?? [])
      .filter(({ status }) => status === "failed")
      .map((test) => `${relativePath(file.name)} › ${test.fullName ?? test.title}`),
  );
  return finish("unit", exitStatus, {
    passed: report.numPassedTests ?? 0,
    failedTests,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
    problems,
    failedNames,
  });
}

/** Playwright's JSON report and the exit status of `playwright test`. */
export function tallyPlaywright(exitStatus, report) {
  if (!report) return brokenRunner("e2e", exitStatus);
  const stats = report.stats ?? {};
  // Errors outside any test: a web server that never started, a global setup that threw.
  const problems = (report.errors ?? []).map((error) => firstLine(error.message) || "error");
  return finish("e2e", exitStatus, {
    passed: (stats.expected ?? 0) + (stats.flaky ?? 0),
    failedTests: stats.unexpected ?? 0,
    skipped: stats.skipped ?? 0,
    problems,
    failedNames: unexpectedPlaywrightTests(report.suites ?? []),
  });
}

/** "file:line › title: first line of its error" for each test whose outcome was unexpected. */
function unexpectedPlaywrightTests(suites) {
  return suites.flatMap((suite) => [
    ...(suite.specs ?? []).flatMap((spec) =>
      (spec.tests ?? [])
        .filter((test) => test.status === "unexpected")
        .map((test) => {
          const error = (test.results ?? []).flatMap((result) => result.errors ?? [])[0];
          const where = `${spec.file}:${spec.line} › ${spec.title}`;
          const why = firstLine(stripAnsi(error?.message));
          return why ? `${where}: ${why}` : where;
        }),
    ),
    ...unexpectedPlaywrightTests(suite.suites ?? []),
  ]);
}

/** Adds the runners up; `ok` is what the exit status of `npm test` must say. */
export function sumTallies(tallies) {
  const sum = (key) => tallies.reduce((total, tally) => total + tally[key], 0);
  const passed = sum("passed");
  const failed = sum("failed");
  return { passed, failed, skipped: sum("skipped"), ok: failed === 0 && passed > 0 };
}

/** "N passed, N failed[, N skipped]": the closing line CI reads. */
export function formatClosingLine({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`;
}

/** One run of `npm test` as tools/sum-test-totals.mjs reads it back (one JSON line per run). */
export function toTotalsRecord(label, tallies) {
  return {
    label,
    tallies: tallies.map(({ name, passed, failed, skipped, failures = [] }) => ({
      name,
      passed,
      failed,
      skipped,
      failures,
    })),
  };
}

/**
 * The runs of several `npm test` (one JSON line each) summed over every runner of every run.
 * Each label in `expected` without a record (that run died before writing) counts as a failure,
 * and so does a line that is not a record.
 */
export function sumTotalsRecords(text, expected) {
  const runs = [];
  const problems = [];
  for (const line of text.split("\n").filter((entry) => entry.trim())) {
    const record = parseRecord(line);
    if (record) runs.push(record);
    else problems.push(`not a totals record: ${line.slice(0, 80)}`);
  }
  for (const label of expected) {
    if (!runs.some((run) => run.label === label))
      problems.push(`${label}: the run wrote no totals`);
  }
  const perRun = runs.map(({ label, tallies }) => ({
    label,
    ...sumTallies(tallies),
    failures: tallies.flatMap((tally) => tally.failures ?? []),
  }));
  const totals = sumTallies([
    ...runs.flatMap((run) => run.tallies),
    { passed: 0, failed: problems.length, skipped: 0 },
  ]);
  return { perRun, problems, totals };
}

function parseRecord(line) {
  try {
    const record = JSON.parse(line);
    const isCount = (value) => Number.isInteger(value) && value >= 0;
    const isTally = (tally) =>
      ["passed", "failed", "skipped"].every((key) => isCount(tally?.[key]));
    if (typeof record?.label !== "string" || !Array.isArray(record.tallies)) return null;
    return record.tallies.every(isTally) ? record : null;
  } catch {
    return null; // Counted as a problem by the caller.
  }
}

function finish(name, exitStatus, { passed, failedTests, skipped, problems, failedNames }) {
  if (passed + failedTests === 0) problems.push("ran no test");
  if (exitStatus !== 0 && failedTests + problems.length === 0) {
    problems.push(`exited with status ${exitStatus} but reported no failure`);
  }
  const failures = [...failedNames, ...problems].map((text) => text.slice(0, 300));
  return {
    name,
    passed,
    failed: failedTests + problems.length,
    skipped,
    problems,
    failures: failures.slice(0, MAX_NAMED),
  };
}

function brokenRunner(name, exitStatus) {
  const problem = `exited with status ${exitStatus} and wrote no report`;
  return { name, passed: 0, failed: 1, skipped: 0, problems: [problem], failures: [problem] };
}

function relativePath(file) {
  const cwd = `${process.cwd()}/`;
  return String(file ?? "").startsWith(cwd) ? file.slice(cwd.length) : String(file ?? "");
}

function stripAnsi(text) {
  return String(text ?? "").replace(/\u001b\[[0-9;]*m/g, "");
}

function firstLine(text) {
  return String(text ?? "")
    .split("\n")
    .map((line) => line.trim())
    .find(Boolean);
}
