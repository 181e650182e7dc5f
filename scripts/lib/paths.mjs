import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const DJANGO_DIR = path.join(REPO_ROOT, "tests", "django");
export const MANAGE_PY = path.join(DJANGO_DIR, "manage.py");
export const REQUIREMENTS_TXT = path.join(DJANGO_DIR, "requirements.txt");
export const VENV_DIR = path.join(REPO_ROOT, ".venv");
