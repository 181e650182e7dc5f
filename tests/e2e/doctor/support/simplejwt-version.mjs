// node tests/e2e/doctor/support/simplejwt-version.mjs → "5.5.1": the simplejwt the bundled
// Django runs on (DJANGO_PYTHONPATH honoured), so a test knows what the doctor should infer.
import { findDjangoPython, withDjangoStack } from "../../../../scripts/lib/python.mjs";
import { runCommand } from "../../../../scripts/lib/run-command.mjs";

const python = await findDjangoPython();
if (!python) {
  console.error("no Python with Django");
  process.exit(2);
}
const result = await runCommand(
  python,
  ["-c", "from importlib.metadata import version; print(version('djangorestframework_simplejwt'))"],
  { env: withDjangoStack() },
);
process.stdout.write(result.output.trim());
process.exit(result.ok ? 0 : 1);
