import { expect, test } from "@playwright/test";
import { runNode, startVariantDjango, type VariantEnv } from "./support/doctor-django";
import { findingOf, runDoctor } from "./support/run-doctor";

// The doctor infers simplejwt's version and the settings a refreshing client notices from Django's
// answers alone; each test checks it against the simplejwt the bundled Django really runs.
test.describe.configure({ timeout: 150_000 });

const PASSWORD = "doctor-pass-2026";

async function diagnose(knobs: VariantEnv) {
  const django = await startVariantDjango(knobs, { username: "doctor", password: PASSWORD });
  try {
    const run = await runDoctor(
      ["--api", django.apiUrl, "--username", "doctor", "--password", PASSWORD, "--json"],
      { DJANGO_USER_PATH: "me/" },
    );
    return run.report;
  } finally {
    await django.stop();
  }
}

async function simplejwtMinor(): Promise<number> {
  const { stdout } = await runNode(["tests/e2e/doctor/support/simplejwt-version.mjs"], process.env);
  const [major, minor] = stdout.split(".").map(Number);
  expect(major).toBe(5);
  return minor ?? 0;
}

test.describe("npm run doctor: which simplejwt, and its settings", () => {
  test("infers the version range and reports the settings off by default", async () => {
    const minor = await simplejwtMinor();
    const report = await diagnose({});
    expect(findingOf(report, "simplejwt_version")).toMatchObject({
      level: "ok",
      message:
        minor >= 5
          ? "5.5 or later (inferred from its answers)"
          : expect.stringMatching(/^5\.2 to 5\.4/),
    });
    expect(findingOf(report, "check_revoke_token").message).toMatch(/^off/);
    expect(findingOf(report, "update_last_login").message).toMatch(/^off/);
    expect(findingOf(report, "check_user_is_active").message).toMatch(/^unknown/);
  });

  test("sees UPDATE_LAST_LOGIN and CHECK_REVOKE_TOKEN when Django turns them on", async () => {
    const minor = await simplejwtMinor();
    const report = await diagnose({
      DJANGO_UPDATE_LAST_LOGIN: "1",
      DJANGO_CHECK_REVOKE_TOKEN: "1",
    });
    expect(findingOf(report, "update_last_login").message).toMatch(/^on/);
    // simplejwt before 5.3 has no CHECK_REVOKE_TOKEN: the setting does nothing there.
    expect(findingOf(report, "check_revoke_token").message).toMatch(
      minor >= 3 ? /^on \(tokens carry "hash_password"\)/ : /^off/,
    );
    expect(report?.exitCode).toBe(0);
  });
});
