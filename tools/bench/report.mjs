import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

import { round } from "./stats.mjs";

const verdict = (isMet) => (isMet === null ? "–" : isMet ? "yes" : "**no**");
const plus = (value, base) => (value === null || base === null ? "–" : signed(value - base));
const signed = (value) => `${value >= 0 ? "+" : ""}${round(value)}`;
const pct = (value, base) => (value && base ? `${Math.round((100 * value) / base)} %` : "–");

/** The proxy table: one row per payload and figure, the floor as the reference. */
function proxyRows({ latency, throughput }) {
  const rows = [];
  for (const [payload, byRoute] of Object.entries(latency)) {
    const { direct, floor, recipe, proxy } = byRoute;
    for (const [key, budget] of [
      ["p50", 1],
      ["p99", 5],
    ]) {
      rows.push([
        `${payload}, ${key} at c=1 (ms)`,
        `${direct[key]}`,
        `${floor[key]}`,
        `${plus(recipe[key], floor[key])}`,
        `${plus(proxy[key], floor[key])}`,
        key === "p50" ? "proxy ≤ floor +1 ms; < recipe" : "proxy ≤ floor +5 ms",
        verdict(proxy[key] - floor[key] <= budget && (key === "p99" || proxy[key] < recipe[key])),
      ]);
    }
    for (const [concurrency, rates] of Object.entries(throughput[payload] ?? {})) {
      rows.push([
        `${payload}, req/s at c=${concurrency}`,
        `${rates.direct}`,
        `${rates.floor}`,
        pct(rates.recipe, rates.floor),
        pct(rates.proxy, rates.floor),
        concurrency === "16" ? "proxy ≥ 90 % of floor" : "(reported)",
        concurrency === "16" ? verdict(rates.proxy >= 0.9 * rates.floor) : "–",
      ]);
    }
  }
  return rows;
}

function otherRows({ middleware, storms, mix, clientJs }) {
  const rows = [];
  if (middleware) {
    rows.push(
      [
        "middleware decision (guard in process), p50 / p99 (ms)",
        middleware.decision ? `${middleware.decision.p50} / ${middleware.decision.p99}` : "–",
        "p50 ≤ 0.5 ms",
        middleware.decision ? verdict(middleware.decision.p50 <= 0.5) : "–",
      ],
      [
        "middleware, p50 (guarded − unguarded navigation, ms)",
        middleware.costP50,
        "(reported: Next.js's own middleware hop included)",
        "–",
      ],
      ["middleware, p99 (guarded − unguarded, ms)", middleware.costP99, "(reported)", "–"],
      [
        "/dashboard navigation p50 / p99 (ms)",
        `${middleware.dashboard.p50} / ${middleware.dashboard.p99}`,
        "(reported)",
        "–",
      ],
    );
  }
  for (const [label, results] of Object.entries(storms)) {
    for (const result of results) {
      rows.push([
        `${label}: ${result.n} concurrent refreshes → rotations of each storm; last answer; same N without a session; one refresh alone; the unmeasured warm-up storm (ms)`,
        `${result.rotations.join(",")}; ${result.lastAnswerMs}; ${result.noSessionLastAnswerMs}; ${result.oneRotationMs}; ${result.warmUp.lastMs}`,
        result.n === 1
          ? "1"
          : `1 each; ≤ 1.2 × without a session + one refresh = ${result.targetMs}`,
        verdict(
          result.rotations.every((count) => count === 1) &&
            result.warmUp.rotations === 1 &&
            result.answered200 &&
            (result.n === 1 || result.lastAnswerMs <= result.targetMs),
        ),
      ]);
    }
  }
  if (mix) {
    rows.push(
      [
        `mix (${mix.users} users × ${mix.tabs} tabs, ${mix.seconds} s): req/s; p99 (ms)`,
        `${mix.requestsPerSecond}; ${mix.latency.p99}`,
        "(reported)",
        "–",
      ],
      ["mix: refresh answers", JSON.stringify(mix.refreshAnswers), "(reported)", "–"],
      [
        "mix: rotations = expiries; forks",
        `${mix.rotations} = ${mix.expiries}; ${mix.forks}`,
        "equal; 0",
        verdict(mix.rotations === mix.expiries && mix.forks === 0),
      ],
      [
        "mix: 401s to callers; logouts; errors",
        `${mix.unauthorizedToCaller}; ${mix.loggedOut}; ${mix.errors}`,
        "0; 0; 0",
        verdict(mix.unauthorizedToCaller + mix.loggedOut + mix.errors === 0),
      ],
      [
        "mix: next start RSS before → after (MB)",
        `${mix.rssMbBefore} → ${mix.rssMbAfter}`,
        "(reported)",
        "–",
      ],
      [
        "mix: V8 heap in use after a full GC, before → after (MB)",
        `${mix.heapMbAfterGcBefore ?? "–"} → ${mix.heapMbAfterGcAfter ?? "–"}`,
        "no growth (≤ +10 %)",
        mix.heapMbAfterGcAfter == null
          ? "–"
          : verdict(mix.heapMbAfterGcAfter <= 1.1 * mix.heapMbAfterGcBefore),
      ],
    );
  }
  if (clientJs) {
    const parts = Object.entries(clientJs.templateGzipKbByOwner)
      .map(([owner, size]) => `${owner} ${size}`)
      .join(", ");
    rows.push([
      `template client JS on /dashboard (kB gzip; each alone: ${parts})`,
      clientJs.templateGzipKb,
      "≤ 5 kB",
      verdict(clientJs.templateGzipKb <= 5),
    ]);
  }
  return rows;
}

const table = (header, rows) =>
  [header, header.map(() => "---"), ...rows].map((row) => `| ${row.join(" | ")} |`).join("\n");

export function formatTables(results) {
  const proxy = table(
    ["figure", "direct", "floor", "recipe vs floor", "proxy vs floor", "target", "met"],
    proxyRows(results),
  );
  const other = table(["figure", "value", "target", "met"], otherRows(results));
  return `${results.machine}\n\n${proxy}\n\n${other}`;
}

export async function writeResults(file, results) {
  await mkdir(path.dirname(file), { recursive: true });
  // Formatted as the repository's `prettier --check .` expects, so a committed result passes CI.
  const { format, resolveConfig } = await import("prettier");
  const options = { ...(await resolveConfig(file)), parser: "json", filepath: file };
  await writeFile(file, await format(JSON.stringify(results), options));
}
