// @ts-check
// `npm run test:mutation`: StrykerJS mutates the security-critical modules and reruns the unit
// tests that cover each mutant; a mutant no test notices is a guard that can go unnoticed.
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
const config = {
  testRunner: "vitest",
  vitest: { configFile: "vitest.config.mts" },
  // Only the tests that cover a mutant run against it.
  coverageAnalysis: "perTest",
  mutate: [
    "lib/http/safe-redirect.ts",
    "lib/http/same-origin.ts",
    "lib/django/django-url.ts",
    "lib/django/proxy-to-django.ts",
    "lib/session/session-cookie.ts",
    "lib/refresh/**/*.ts",
    "!lib/**/*.test.ts",
  ],
  // Committed, so `--incremental` in CI tests only the mutants whose code or tests changed.
  incrementalFile: "stryker-incremental.json",
  reporters: ["clear-text", "progress", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  thresholds: { high: 95, low: 90, break: 90 },
  concurrency: 2,
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};
export default config;
