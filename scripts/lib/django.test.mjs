import { describe, expect, it } from "vitest";

import { buildDjangoEnv } from "./django.mjs";

// The test-only routes reset any user's password: a shell that exported DJANGO_TEST_MODE=1 for
// an earlier test run must not turn them on for `npm run demo` or a plain django-server.mjs.
describe("buildDjangoEnv", () => {
  const shell = { DJANGO_TEST_MODE: "1", PATH: "/usr/bin" };

  it("turns test mode off unless asked for, whatever the shell says", () => {
    expect(buildDjangoEnv({}, false, shell).DJANGO_TEST_MODE).toBe("0");
    expect(buildDjangoEnv({}, undefined, shell).DJANGO_TEST_MODE).toBe("0");
  });

  it("turns test mode off even when the caller's env asks for it", () => {
    expect(buildDjangoEnv({ DJANGO_TEST_MODE: "1" }, false, {}).DJANGO_TEST_MODE).toBe("0");
  });

  it("turns test mode on only with testMode: true", () => {
    expect(buildDjangoEnv({}, true, {}).DJANGO_TEST_MODE).toBe("1");
  });

  it("keeps the rest of the environment and pins the settings module", () => {
    const env = buildDjangoEnv({ DJANGO_DB_PATH: "x.sqlite3" }, false, {
      ...shell,
      DJANGO_SETTINGS_MODULE: "someone_else.settings",
    });
    expect(env).toMatchObject({
      PATH: "/usr/bin",
      DJANGO_DB_PATH: "x.sqlite3",
      DJANGO_SETTINGS_MODULE: "config.settings",
    });
  });

  it("puts the chosen stack (DJANGO_PYTHONPATH) first on PYTHONPATH, once", () => {
    const parent = { DJANGO_PYTHONPATH: "/stack/site", PYTHONPATH: "/own:/stack/site" };
    expect(buildDjangoEnv({}, false, parent).PYTHONPATH).toBe("/stack/site:/own");
    expect(buildDjangoEnv({}, false, { PATH: "/usr/bin" }).PYTHONPATH).toBeUndefined();
  });
});
