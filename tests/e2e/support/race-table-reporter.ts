import { existsSync, readFileSync, rmSync } from "node:fs";
import type { Reporter } from "@playwright/test/reporter";
import { RACE_FIGURES_FILE, type RaceFigures } from "./race-figures";

const COLUMNS: Array<[keyof RaceFigures, string]> = [
  ["scenario", "scenario"],
  ["expiryEvents", "expiry events"],
  ["rotations", "Django rotations"],
  ["rejected", "rejected"],
  ["forks", "forks"],
  ["logouts", "accidental logouts"],
  ["failedRequests", "failed requests"],
];

/** Prints the race suite's figures as one table at the end of the run. */
export default class RaceTableReporter implements Reporter {
  onBegin() {
    rmSync(RACE_FIGURES_FILE, { force: true });
  }

  onEnd() {
    if (!existsSync(RACE_FIGURES_FILE)) return;
    const rows = readFileSync(RACE_FIGURES_FILE, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as RaceFigures)
      .sort((a, b) => a.scenario.localeCompare(b.scenario));
    const cells = [
      COLUMNS.map(([, title]) => title),
      ...rows.map((row) => COLUMNS.map(([key]) => String(row[key] ?? ""))),
    ];
    const widths = COLUMNS.map((_, i) => Math.max(...cells.map((line) => line[i]!.length)));
    const format = (line: string[]) =>
      `| ${line.map((cell, i) => cell.padEnd(widths[i]!)).join(" | ")} |`;
    const lines = [
      format(cells[0]!),
      `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`,
      ...cells.slice(1).map(format),
    ];
    console.log(`\nRace suite figures\n${lines.join("\n")}`);
    for (const row of rows.filter((r) => r.note)) console.log(`  ${row.scenario}: ${row.note}`);
  }

  printsToStdio() {
    return false;
  }
}
