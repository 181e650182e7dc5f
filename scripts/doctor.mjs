#!/usr/bin/env node
// `npm run doctor`: checks an existing Django + simplejwt API from the outside before the template
// is pointed at it. Exit 0 when nothing failed, 1 when a check failed, 2 for usage errors.
import { parseDoctorArgs, USAGE, UsageError } from "./doctor/args.mjs";
import { loadDoctorConfig } from "./doctor/config.mjs";
import { exitCodeFor } from "./doctor/findings.mjs";
import { ask, askHidden, confirm } from "./doctor/prompt.mjs";
import { renderJson, renderPlan, renderText } from "./doctor/report.mjs";
import { plannedCalls, runProbes } from "./doctor/run-probes.mjs";

async function main() {
  const options = parseDoctorArgs(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const config = await loadDoctorConfig(options);
  const calls = plannedCalls(config, options);
  // The plan goes to stderr with --json, so stdout stays one JSON document.
  (options.json ? console.error : console.log)(renderPlan(config, calls));

  const account = await readAccount(options);
  if (options.concurrencyCheck && !(await confirmConcurrency(options))) {
    throw new UsageError("--concurrency-check was not confirmed.");
  }
  const { findings, ctx } = await runProbes(config, { ...options, ...account });
  console.log(
    options.json
      ? renderJson(config, calls, findings, ctx.concurrency ? { concurrency: ctx.concurrency } : {})
      : renderText(findings),
  );
  return exitCodeFor(findings);
}

async function readAccount({ username, password }) {
  const isTerminal = Boolean(process.stdin.isTTY);
  if ((!username || password === undefined) && !isTerminal) {
    throw new UsageError("Pass --username and --password (no terminal to ask in).");
  }
  return {
    username: username ?? (await ask("Django username: ")),
    password: password ?? (await askHidden("Password (not shown): ")),
  };
}

async function confirmConcurrency({ yes }) {
  if (yes) return true;
  if (!process.stdin.isTTY)
    throw new UsageError("--concurrency-check needs --yes when there is no terminal to ask in.");
  return confirm(
    "--concurrency-check rotates this account's refresh token several times at once and may leave forked tokens until they are blacklisted at the end. Continue?",
  );
}

try {
  process.exitCode = await main();
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  console.error(`${error.message}\n\n${USAGE}`);
  process.exitCode = 2;
}
