import { describe, expect, it } from "vitest";

import {
  formatClosingLine,
  sumTallies,
  sumTotalsRecords,
  tallyPlaywright,
  tallyVitest,
  toTotalsRecord,
} from "./test-totals.mjs";

// Shapes copied from real reports: vitest 4 `--reporter=json`, Playwright 1.65's json reporter.
const vitestReport = (overrides = {}) => ({
  numFailedTestSuites: 0,
  numPassedTests: 13,
  numFailedTests: 0,
  numPendingTests: 0,
  numTodoTests: 0,
  success: true,
  testResults: [
    { name: "/repo/lib/a.test.ts", status: "passed", message: "", assertionResults: passing(13) },
  ],
  ...overrides,
});
const passing = (count) => Array.from({ length: count }, () => ({ status: "passed" }));
const playwrightReport = (stats = {}, errors = []) => ({
  stats: { expected: 0, unexpected: 0, flaky: 0, skipped: 0, ...stats },
  errors,
  suites: [],
});

describe("tallyVitest", () => {
  it("counts a clean run", () => {
    expect(tallyVitest(0, vitestReport())).toEqual({
      name: "unit",
      passed: 13,
      failed: 0,
      skipped: 0,
      problems: [],
      failures: [],
    });
  });

  it("counts failed tests and names them", () => {
    const report = vitestReport({ numPassedTests: 12, numFailedTests: 1, numFailedTestSuites: 1 });
    report.testResults[0].status = "failed";
    report.testResults[0].assertionResults[0] = { status: "failed", fullName: "a adds" };
    expect(tallyVitest(1, report)).toMatchObject({
      passed: 12,
      failed: 1,
      problems: [],
      failures: ["/repo/lib/a.test.ts › a adds"],
    });
  });

  it("counts a file that failed to load (no failed test in it) as a failure", () => {
    const report = vitestReport({ numFailedTestSuites: 1, success: false });
    report.testResults.push({
      name: "/repo/lib/broken.test.ts",
      status: "failed",
      message: "Cannot find module './gone' imported from /repo/lib/broken.test.ts",
      assertionResults: [],
    });
    expect(tallyVitest(1, report)).toMatchObject({
      passed: 13,
      failed: 1,
      problems: [
        "/repo/lib/broken.test.ts: Cannot find module './gone' imported from /repo/lib/broken.test.ts",
      ],
    });
  });

  it("counts a suite that failed outside its tests (a hook threw) when no file says why", () => {
    const report = vitestReport({ numFailedTestSuites: 1 });
    expect(tallyVitest(1, report)).toMatchObject({ failed: 1 });
  });

  it("counts a non-zero exit with a clean report (an unhandled error) as a failure", () => {
    expect(tallyVitest(1, vitestReport())).toMatchObject({
      passed: 13,
      failed: 1,
      problems: ["exited with status 1 but reported no failure"],
    });
  });

  it("counts a run of zero tests as a failure", () => {
    const report = vitestReport({ numPassedTests: 0, testResults: [] });
    expect(tallyVitest(0, report)).toMatchObject({ failed: 1, problems: ["ran no test"] });
  });

  it("counts a missing report as a failure", () => {
    expect(tallyVitest(1, null)).toMatchObject({ passed: 0, failed: 1 });
    expect(tallyVitest(0, null)).toMatchObject({ passed: 0, failed: 1 });
  });

  it("reports skipped and todo tests as skipped", () => {
    expect(tallyVitest(0, vitestReport({ numPendingTests: 2, numTodoTests: 1 }))).toMatchObject({
      skipped: 3,
      failed: 0,
    });
  });
});

describe("tallyPlaywright", () => {
  it("counts a clean run, flaky tests as passed", () => {
    expect(tallyPlaywright(0, playwrightReport({ expected: 30, flaky: 2, skipped: 1 }))).toEqual({
      name: "e2e",
      passed: 32,
      failed: 0,
      skipped: 1,
      problems: [],
      failures: [],
    });
  });

  it("counts unexpected results as failed and names them with their first error line", () => {
    const report = playwrightReport({ expected: 30, unexpected: 2 });
    const spec = (title, line, tests) => ({ title, file: "race/storms.spec.ts", line, tests });
    const failedTest = (message) => ({
      status: "unexpected",
      results: [{ errors: message ? [{ message }] : [] }],
    });
    report.suites = [
      {
        specs: [spec("storm", 12, [failedTest("\u001b[31mError: expect(received)\u001b[39m\n…")])],
        suites: [
          {
            specs: [
              spec("calm", 40, [{ status: "expected", results: [] }]),
              spec("timeout", 52, [failedTest(null)]),
            ],
          },
        ],
      },
    ];
    expect(tallyPlaywright(1, report)).toMatchObject({
      passed: 30,
      failed: 2,
      failures: [
        "race/storms.spec.ts:12 › storm: Error: expect(received)",
        "race/storms.spec.ts:52 › timeout",
      ],
    });
  });

  it("counts a web server that never started: its error and the tests that never ran", () => {
    const error = "Error: Process from config.webServer was not able to start. Exit code: 3";
    expect(tallyPlaywright(1, playwrightReport({}, [{ message: error, stack: error }]))).toEqual({
      name: "e2e",
      passed: 0,
      failed: 2,
      skipped: 0,
      problems: [error, "ran no test"],
      failures: [error, "ran no test"],
    });
  });

  it("counts an error outside any test even when the tests passed", () => {
    const report = playwrightReport({ expected: 5 }, [{ message: "globalTeardown threw\nat …" }]);
    expect(tallyPlaywright(1, report)).toMatchObject({
      failed: 1,
      problems: ["globalTeardown threw"],
    });
  });

  it("counts a run of zero tests (everything skipped) as a failure", () => {
    expect(tallyPlaywright(0, playwrightReport({ skipped: 4 }))).toMatchObject({
      failed: 1,
      skipped: 4,
      problems: ["ran no test"],
    });
  });

  it("counts a non-zero exit with nothing failed in the report, and a missing report", () => {
    expect(tallyPlaywright(130, playwrightReport({ expected: 3 }))).toMatchObject({ failed: 1 });
    expect(tallyPlaywright(1, null)).toMatchObject({ passed: 0, failed: 1 });
  });
});

describe("sumTallies and the closing line", () => {
  it("never says 0 failed when a runner broke", () => {
    const totals = sumTallies([
      tallyVitest(0, vitestReport()),
      tallyPlaywright(1, playwrightReport({}, [{ message: "web server did not start" }])),
    ]);
    expect(totals).toEqual({ passed: 13, failed: 2, skipped: 0, ok: false });
    expect(formatClosingLine(totals)).toBe("13 passed, 2 failed");
  });

  it("is ok only with something passed and nothing failed", () => {
    const clean = sumTallies([
      tallyVitest(0, vitestReport()),
      tallyPlaywright(0, playwrightReport({ expected: 4, skipped: 1 })),
    ]);
    expect(clean).toEqual({ passed: 17, failed: 0, skipped: 1, ok: true });
    expect(formatClosingLine(clean)).toBe("17 passed, 0 failed, 1 skipped");
    expect(sumTallies([])).toMatchObject({ passed: 0, ok: false });
  });
});

describe("sumTotalsRecords: CI's closing line over both Django stacks", () => {
  const line = (label, ...tallies) => JSON.stringify(toTotalsRecord(label, tallies));
  const unit = tallyVitest(0, vitestReport());
  const e2e = tallyPlaywright(0, playwrightReport({ expected: 30, skipped: 1 }));

  it("sums every runner of every run", () => {
    const text = `${line("stable", unit, e2e)}\n${line("current", unit, e2e)}\n`;
    const { perRun, problems, totals } = sumTotalsRecords(text, ["stable", "current"]);
    expect(problems).toEqual([]);
    expect(perRun.map(({ label, passed }) => [label, passed])).toEqual([
      ["stable", 43],
      ["current", 43],
    ]);
    expect(formatClosingLine(totals)).toBe("86 passed, 0 failed, 2 skipped");
    expect(totals.ok).toBe(true);
  });

  it("counts a run that wrote no totals, and a line that is no record, as failures", () => {
    const text = `${line("stable", unit, e2e)}\n{"label":"current","tallies":[{"passed":-1}]}\n`;
    const { problems, totals } = sumTotalsRecords(text, ["stable", "current"]);
    expect(problems).toHaveLength(2);
    expect(totals).toMatchObject({ passed: 43, failed: 2, ok: false });
  });

  it("carries a failed runner of one stack into the closing line, and names it in its run", () => {
    const broken = tallyPlaywright(1, null);
    const text = `${line("stable", unit, e2e)}\n${line("current", unit, broken)}`;
    const { perRun, totals } = sumTotalsRecords(text, ["stable", "current"]);
    expect(formatClosingLine(totals)).toBe("56 passed, 1 failed, 1 skipped");
    expect(perRun.map(({ failures }) => failures)).toEqual([
      [],
      ["exited with status 1 and wrote no report"],
    ]);
  });

  it("is not ok with no run at all", () => {
    expect(sumTotalsRecords("", ["stable"]).totals).toMatchObject({ failed: 1, ok: false });
  });
});
