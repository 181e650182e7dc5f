#!/usr/bin/env node
// Sums several `npm test` runs into CI's one closing line, "N passed, N failed":
//   node tools/sum-test-totals.mjs <totals file> <label>…
// The file holds one JSON line per run (TEST_TOTALS_FILE of tools/run-tests.mjs); every label
// named must have one, or its run counts as failed. Exits 1 unless something passed and none failed.
import { existsSync, readFileSync } from "node:fs";

import { formatClosingLine, sumTotalsRecords } from "./lib/test-totals.mjs";

const [file, ...expected] = process.argv.slice(2);
if (!file || expected.length === 0) {
  console.error("usage: node tools/sum-test-totals.mjs <totals file> <label>…");
  process.exit(2);
}
const text = existsSync(file) ? readFileSync(file, "utf8") : "";
const { perRun, problems, totals } = sumTotalsRecords(text, expected);
for (const run of perRun) {
  console.log(`${`${run.label}:`.padEnd(14)}${formatClosingLine(run)}`);
  for (const failure of run.failures) console.log(`  ✘ ${failure}`);
}
for (const problem of problems) console.log(`runner failure: ${problem}`);
console.log(formatClosingLine(totals));
process.exit(totals.ok ? 0 : 1);
