import { sep } from "node:path";
import type { FullResult, Reporter, TestCase, TestResult } from "@playwright/test/reporter";
import { RACE_ROW_ATTACHMENT, type RaceFigures } from "./race-figures";

const COLUMNS: Array<[keyof RaceFigures, string]> = [
  ["scenario", "scenario"],
  ["result", "result"],
  ["expiryEvents", "expiry events"],
  ["rotations", "Django rotations"],
  ["rejected", "rejected"],
  ["forks", "forks"],
  ["logouts", "accidental logouts"],
  ["failedRequests", "failed requests"],
];
const RACE_DIR = `${sep}e2e${sep}race${sep}`;

/**
 * Prints the race suite's figures as one table at the end of the run, a row per scenario that
 * ran, passed or failed. A race scenario that ran and left no row fails the run.
 */
export default class RaceTableReporter implements Reporter {
  private readonly rows = new Map<string, RaceFigures>();
  private readonly missing = new Map<string, string>();

  onTestEnd(test: TestCase, result: TestResult) {
    if (!test.location.file.includes(RACE_DIR) || result.status === "skipped") return;
    const attachment = result.attachments.find(({ name }) => name === RACE_ROW_ATTACHMENT);
    // A retry replaces the row of the attempt before it.
    this.missing.delete(test.id);
    this.rows.delete(test.id);
    if (attachment?.body) {
      this.rows.set(test.id, JSON.parse(attachment.body.toString("utf8")) as RaceFigures);
    } else {
      this.missing.set(test.id, `${test.title} (${result.status})`);
    }
  }

  async onEnd(): Promise<{ status?: FullResult["status"] } | undefined> {
    if (this.rows.size > 0)
      console.log(`\nRace suite figures\n${formatTable([...this.rows.values()])}`);
    for (const row of this.rows.values())
      if (row.note) console.log(`  ${row.scenario}: ${row.note}`);
    if (this.missing.size === 0) return undefined;
    for (const title of this.missing.values()) {
      console.error(`Race table: no row for scenario "${title}"`);
    }
    return { status: "failed" };
  }

  printsToStdio() {
    return false;
  }
}

function formatTable(rows: RaceFigures[]): string {
  const sorted = [...rows].sort((a, b) => a.scenario.localeCompare(b.scenario));
  const cells = [
    COLUMNS.map(([, title]) => title),
    ...sorted.map((row) => COLUMNS.map(([key]) => String(row[key] ?? "?"))),
  ];
  const widths = COLUMNS.map((_, i) => Math.max(...cells.map((line) => line[i]!.length)));
  const format = (line: string[]) =>
    `| ${line.map((cell, i) => cell.padEnd(widths[i]!)).join(" | ")} |`;
  return [
    format(cells[0]!),
    `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`,
    ...cells.slice(1).map(format),
  ].join("\n");
}
