// node tests/e2e/doctor/support/token-counts.mjs → {"outstanding": n, "blacklisted": n}
// Reads simplejwt's blacklist tables of the Django the environment points at (DJANGO_DB_PATH).
import { MANAGE_PY, REPO_ROOT } from "../../../../scripts/lib/paths.mjs";
import { findDjangoPython, withDjangoStack } from "../../../../scripts/lib/python.mjs";
import { runCommand } from "../../../../scripts/lib/run-command.mjs";

const COUNT = `
import json
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
print(json.dumps({"outstanding": OutstandingToken.objects.count(), "blacklisted": BlacklistedToken.objects.count()}))
`;

const python = await findDjangoPython();
if (!python) {
  console.error("no Python with Django");
  process.exit(2);
}
const setup = `import os, sys, django; sys.path.insert(0, ${JSON.stringify(MANAGE_PY.replace(/manage\.py$/, ""))}); os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings"); django.setup()`;
const result = await runCommand(python, ["-c", `${setup}\n${COUNT}`], {
  cwd: REPO_ROOT,
  env: withDjangoStack(),
});
process.stdout.write(result.output);
process.exit(result.ok ? 0 : 1);
