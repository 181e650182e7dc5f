// Renders the findings: one line each for people, or one JSON document for machines.
import { SYMBOLS, exitCodeFor } from "./findings.mjs";

/** @param {{ apiUrl: string, envFiles: string[] }} config */
export function renderPlan(config, calls) {
  const from = config.envFiles.length ? ` (env from ${config.envFiles.join(", ")})` : "";
  return [
    `Checking the Django API at ${config.apiUrl}${from}`,
    "Calls, all with one account; every refresh token obtained is blacklisted at the end:",
    ...calls.map((call) => `  ${call}`),
    "",
  ].join("\n");
}

/** @param {import("./findings.mjs").Finding[]} findings */
export function renderText(findings) {
  const lines = findings.map(
    (f) => `${SYMBOLS[f.level]} ${f.title}: ${f.message}${f.fix ? ` → ${f.fix}` : ""}`,
  );
  const counts = ["ok", "warn", "fail"].map(
    (level) => `${findings.filter((f) => f.level === level).length} ${SYMBOLS[level]}`,
  );
  return `${lines.join("\n")}\n\n${counts.join("  ")}  (exit ${exitCodeFor(findings)})`;
}

export function renderJson(config, calls, findings, extra = {}) {
  return JSON.stringify(
    {
      api: config.apiUrl,
      calls,
      findings,
      ...extra,
      exitCode: exitCodeFor(findings),
    },
    null,
    2,
  );
}
