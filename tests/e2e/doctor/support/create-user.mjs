// node tests/e2e/doctor/support/create-user.mjs <username> <password>
// Creates a user in the Django the environment points at (DJANGO_DB_PATH, DJANGO_EMAIL_USERS…),
// whatever its USERNAME_FIELD: the doctor's variants are not in test mode, so no /api/_test/.
import { MANAGE_PY, REPO_ROOT } from "../../../../scripts/lib/paths.mjs";
import { findDjangoPython, withDjangoStack } from "../../../../scripts/lib/python.mjs";
import { runCommand } from "../../../../scripts/lib/run-command.mjs";

const CREATE_USER = `
import sys
from django.contrib.auth import get_user_model
User = get_user_model()
user = User(**{User.USERNAME_FIELD: sys.argv[1]})
user.set_password(sys.argv[2])
user.save()
`;

const [username, password] = process.argv.slice(2);
const python = await findDjangoPython();
if (!python || !username || !password) {
  console.error("usage: create-user.mjs <username> <password> (and a Python with Django)");
  process.exit(2);
}
// `manage.py shell -c` takes no script arguments: run the snippet with python -c instead.
const setup = `import os, sys, django; sys.path.insert(0, ${JSON.stringify(MANAGE_PY.replace(/manage\.py$/, ""))}); os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings"); django.setup()`;
const result = await runCommand(python, ["-c", `${setup}\n${CREATE_USER}`, username, password], {
  cwd: REPO_ROOT,
  env: withDjangoStack(),
});
if (!result.ok) {
  console.error(result.output);
  process.exit(1);
}
