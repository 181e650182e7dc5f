import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { REQUIREMENTS_TXT, VENV_DIR } from "./paths.mjs";
import { runCommand } from "./run-command.mjs";

const DJANGO_IMPORT_CHECK = "import django, rest_framework, rest_framework_simplejwt";
const VENV_PYTHON = path.join(VENV_DIR, "bin", "python");
// Debian's python3 may lack Django while /usr/bin/python3 has the Debian packages,
// so both are tried.
const CANDIDATES = [VENV_PYTHON, "python3", "/usr/bin/python3", "python"];
const BASE_PYTHONS = ["python3", "/usr/bin/python3", "python"];
const DEBIAN_PACKAGES = [
  "python3-django",
  "python3-djangorestframework",
  "python3-djangorestframework-simplejwt",
];
const PIP_PROBE_TIMEOUT_MS = 20_000;
/** A folder of Python packages (e.g. the one .ci/current-django.sh prints) that Django runs on. */
const STACK_VARIABLE = "DJANGO_PYTHONPATH";

const MANUAL_INSTALL_HELP = `Install Django, Django REST framework and SimpleJWT for Python, then run this again. Either:
  python3 -m venv .venv && .venv/bin/pip install -r tests/django/requirements.txt
or, on Debian/Ubuntu:
  sudo apt-get update && sudo apt-get install -y ${DEBIAN_PACKAGES.join(" ")}`;

export class DjangoPythonMissingError extends Error {
  code = "django_python_missing";

  constructor(reason) {
    super(`No Python with Django, DRF and SimpleJWT was found: ${reason}.\n${MANUAL_INSTALL_HELP}`);
    this.name = "DjangoPythonMissingError";
  }
}

export class DjangoStackError extends Error {
  code = "django_stack_unusable";

  constructor(folder, reason) {
    super(
      `${STACK_VARIABLE}=${folder} ${reason}. Point it at a folder of Python packages that holds Django, DRF and SimpleJWT (.ci/current-django.sh prints one), or unset it.`,
    );
    this.name = "DjangoStackError";
  }
}

/**
 * The environment every Django Python runs with: with DJANGO_PYTHONPATH set, its folder comes
 * first on PYTHONPATH, so the chosen stack wins over whatever the Python has installed.
 */
export function withDjangoStack(env = process.env) {
  const folder = env[STACK_VARIABLE]?.trim();
  if (!folder) return env;
  const first = path.resolve(folder);
  const rest = (env.PYTHONPATH ?? "")
    .split(path.delimiter)
    .filter((entry) => entry && entry !== first);
  return { ...env, PYTHONPATH: [first, ...rest].join(path.delimiter) };
}

/** The first Python that can import Django, DRF and SimpleJWT (on the chosen stack), or null. */
export async function findDjangoPython(env = process.env) {
  for (const python of CANDIDATES) {
    if (await canImportDjango(python, withDjangoStack(env))) return python;
  }
  return null;
}

/**
 * Like findDjangoPython, but installs the packages when none is found (pip, else apt). A chosen
 * stack (DJANGO_PYTHONPATH) is never installed over: it imports, or this throws.
 */
export async function ensureDjangoPython({ log = console.error, env = process.env } = {}) {
  const folder = env[STACK_VARIABLE]?.trim();
  if (folder && !existsSync(folder)) throw new DjangoStackError(folder, "does not exist");
  const found = await findDjangoPython(env);
  if (found) return found;
  if (folder) throw new DjangoStackError(folder, "does not import Django, DRF and SimpleJWT");

  const basePython = await findPythonWithPip();
  if (basePython) {
    log(`No Python with Django found. Checking whether pip can reach the package index…`);
    if (await canPipReachIndex(basePython)) {
      log(`Creating ${VENV_DIR} with ${basePython} -m venv…`);
      await mustRun(basePython, ["-m", "venv", VENV_DIR]);
      log(`Installing ${path.relative(process.cwd(), REQUIREMENTS_TXT)} into .venv…`);
      await mustRun(VENV_PYTHON, ["-m", "pip", "install", "-r", REQUIREMENTS_TXT]);
      return requireDjangoPython("the packages were installed into .venv but do not import");
    }
    log("pip cannot reach the package index.");
  }

  if (canUseApt()) {
    log(
      `Installing Debian packages: apt-get update && apt-get install -y ${DEBIAN_PACKAGES.join(" ")}…`,
    );
    const aptEnv = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    await mustRun("apt-get", ["update"], aptEnv);
    await mustRun("apt-get", ["install", "-y", ...DEBIAN_PACKAGES], aptEnv);
    return requireDjangoPython("the Debian packages were installed but do not import");
  }

  throw new DjangoPythonMissingError(
    basePython
      ? "pip cannot reach the package index, and apt-get needs Debian/Ubuntu and root"
      : "there is no python3 with pip, and apt-get needs Debian/Ubuntu and root",
  );
}

async function canImportDjango(python, env) {
  if (path.isAbsolute(python) && !existsSync(python)) return false;
  const { ok } = await runCommand(python, ["-c", DJANGO_IMPORT_CHECK], { env, timeoutMs: 30_000 });
  return ok;
}

async function findPythonWithPip() {
  for (const python of BASE_PYTHONS) {
    const { ok } = await runCommand(python, ["-m", "pip", "--version"], { timeoutMs: 30_000 });
    if (ok) return python;
  }
  return null;
}

// A real download of one small wheel: the cheapest honest test of index access.
async function canPipReachIndex(python) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "pip-probe-"));
  try {
    const { ok } = await runCommand(
      python,
      [
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--disable-pip-version-check",
        "--retries",
        "0",
        "--timeout",
        "10",
        "-d",
        dir,
        "djangorestframework-simplejwt",
      ],
      { timeoutMs: PIP_PROBE_TIMEOUT_MS },
    );
    return ok;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function canUseApt() {
  return existsSync("/usr/bin/apt-get") && process.getuid?.() === 0;
}

async function mustRun(command, args, env = process.env) {
  const { ok, code, output } = await runCommand(command, args, { env, inherit: true });
  if (!ok) {
    throw new DjangoPythonMissingError(
      `\`${command} ${args.join(" ")}\` failed with code ${code}${output ? `: ${output}` : ""}`,
    );
  }
}

async function requireDjangoPython(reason) {
  const python = await findDjangoPython();
  if (!python) throw new DjangoPythonMissingError(reason);
  return python;
}
