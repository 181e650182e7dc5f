// Renders the findings: one line each for people, or one JSON document for machines.
import { SYMBOLS, exitCodeFor } from "./findings.mjs";

const STORES = {
  memory: "memory (this instance only)",
  redis: "Redis (shared by every instance)",
  "redis-cluster": "a Redis Cluster (shared by every instance)",
  custom: "your own RotationStore (shared)",
};

/** @param {{ apiUrl: string, envFiles: string[], store: { kind: keyof typeof STORES } }} config */
export function renderPlan(config, calls) {
  const from = config.envFiles.length ? ` (env from ${config.envFiles.join(", ")})` : "";
  return [
    `Checking the Django API at ${config.apiUrl}: settings from auth.config.ts${from}`,
    `Refresh store: ${STORES[config.store.kind]}`,
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
      store: config.store.kind,
      calls,
      findings,
      ...extra,
      exitCode: exitCodeFor(findings),
    },
    null,
    2,
  );
}
