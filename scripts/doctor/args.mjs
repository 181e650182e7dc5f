// Command-line options of `npm run doctor`. Usage mistakes exit 2, so a pipeline can tell them
// apart from a Django that fails a check (exit 1).
import { parseArgs } from "node:util";

export const USAGE = `Usage: npm run doctor -- [options]

Checks a Django + simplejwt API from the outside before this template is pointed at it.
Reads DJANGO_API_URL and the other DJANGO_* variables from .env.local / .env and the environment.

  --api <url>            API root to check (default: DJANGO_API_URL)
  --app <url>            where the app is served, checked against NEXTAUTH_URL (optional)
  --username <name>      the account to sign in with (prompted for in a terminal)
  --password <secret>    its password (prompted for, without echo, in a terminal)
  --concurrency-check    also send 5 concurrent refreshes of one token (asks first)
  --yes, -y              answer yes to that question (for pipelines)
  --json                 print the report as JSON
  --help, -h             this text

Exit code: 0 when no check failed (✓/⚠ only), 1 when one did (✗), 2 for usage errors.`;

export class UsageError extends Error {
  code = "usage";
}

/** @param {string[]} argv */
export function parseDoctorArgs(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        api: { type: "string" },
        app: { type: "string" },
        username: { type: "string" },
        password: { type: "string" },
        "concurrency-check": { type: "boolean", default: false },
        yes: { type: "boolean", short: "y", default: false },
        json: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  return {
    api: values.api,
    app: values.app,
    username: values.username,
    password: values.password,
    concurrencyCheck: values["concurrency-check"],
    yes: values.yes,
    json: values.json,
    help: values.help,
  };
}
