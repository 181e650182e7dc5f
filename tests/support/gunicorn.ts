import { spawnSync } from "node:child_process";

/** Debian's Python, where python3-gunicorn installs gunicorn. */
export const SYSTEM_PYTHON = "/usr/bin/python3";

/**
 * Whether the tests that need a real gunicorn run: always in CI (which installs
 * python3-gunicorn, so a missing one fails loudly), elsewhere only when it is installed.
 */
export const shouldTestWithGunicorn =
  Boolean(process.env.CI) || spawnSync(SYSTEM_PYTHON, ["-c", "import gunicorn"]).status === 0;
