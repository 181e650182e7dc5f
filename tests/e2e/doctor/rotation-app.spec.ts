import { expect, test } from "@playwright/test";
import { startVariantDjango } from "./support/doctor-django";
import { findingOf, notOkBesidesTiming, runDoctor } from "./support/run-doctor";

// No browser: a Django of its own with django/simplejwt-rotation, and the doctor against it.
test.describe.configure({ timeout: 150_000 });

const account = { username: "doctor-rotation", password: "doctor-pass-2026" };

test("simplejwt_rotation: detected, its guarantees named, concurrent refreshes share one successor", async () => {
  const django = await startVariantDjango({ DJANGO_ROTATION_APP: "1" }, account);
  try {
    const run = await runDoctor(
      [
        ...["--api", django.apiUrl, "--username", account.username],
        ...["--password", account.password, "--json", "--concurrency-check", "--yes"],
      ],
      { DJANGO_USER_PATH: "me/" },
    );
    expect(run.code, run.stderr).toBe(0);
    const app = findingOf(run.report, "rotation_app");
    expect(app.level).toBe("ok");
    expect(app.message).toMatch(/^simplejwt_rotation detected\. Django now gives by itself: /);
    expect(app.message).toContain("atomic rotation");
    expect(app.message).toContain("an overlap period");
    expect(app.message).toContain("reuse detection");
    expect(app.message).toContain("DJANGO_LOGOUT_ALL_PATH");
    // The repeat of a rotated token is the app's overlap, not a missing blacklist.
    expect(run.report!.findings.map((f) => f.id)).not.toContain("blacklist");
    expect(run.report!.concurrency).toMatchObject({ sent: 5, succeeded: 5, successors: 1 });
    expect(findingOf(run.report, "concurrency").level).toBe("ok");
    expect(findingOf(run.report, "cleanup").level).toBe("ok");
    expect(notOkBesidesTiming(run.report!.findings)).toEqual([]);
  } finally {
    await django.stop();
  }
});

test("stock simplejwt: no rotation-app line, the rotated token is refused", async () => {
  const django = await startVariantDjango({}, { ...account, username: "doctor-stock" });
  try {
    const run = await runDoctor(
      [
        ...["--api", django.apiUrl, "--username", "doctor-stock"],
        ...["--password", account.password, "--json"],
      ],
      { DJANGO_USER_PATH: "me/" },
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.report!.findings.map((f) => f.id)).not.toContain("rotation_app");
    expect(findingOf(run.report, "blacklist").level).toBe("ok");
  } finally {
    await django.stop();
  }
});
