import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { expect, test } from "../fixtures";
import { REPO_ROOT, runNode } from "../doctor/support/doctor-django";
import { findFreePort } from "../support/free-port";
import { DJANGO_API_URL } from "../support/servers";

// `npm run codegen` against the suite's Django: the schema from its URL, anonymously or with a
// sign-in, and what it says when it cannot have it. The schema from a file, the drift check and a
// renamed field: tests/integration/codegen.test.ts.

const GENERATED = ["calls.gen.ts", "index.ts", "types.gen.ts", "zod.gen.ts"];

async function codegen(args: string[]) {
  const out = await mkdtemp(path.join(os.tmpdir(), "codegen-out-"));
  // The suite's own settings stay out: the command reads what a developer's shell would have.
  const env = {
    NODE_ENV: "development" as const,
    PATH: process.env.PATH ?? "",
    HOME: os.homedir(),
    DJANGO_API_URL,
  };
  const run = await runNode(["scripts/codegen.mjs", "--out", out, ...args], env, { check: false });
  const files = (await readdir(out)).sort();
  const read = (name: string) => readFile(path.join(out, name), "utf8");
  return { ...run, files, read, cleanUp: () => rm(out, { recursive: true, force: true }) };
}

async function liveRefreshTokens(username: string): Promise<number> {
  const url = `${DJANGO_API_URL}/_test/live-tokens/?username=${encodeURIComponent(username)}`;
  return ((await (await fetch(url)).json()) as { live: number }).live;
}

test.describe("npm run codegen: the schema from Django's URL", () => {
  test("reads <DJANGO_API_URL>/schema/ anonymously and writes what is committed in app/_api", async () => {
    const run = await codegen([]);
    try {
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain(`5 operations from ${DJANGO_API_URL}/schema/`);
      expect(run.stdout).toMatch(/left out POST \/api\/token\/refresh\/: the engine's own/);
      expect(run.files).toEqual(GENERATED);
      for (const name of GENERATED) {
        const committed = await readFile(path.join(REPO_ROOT, "app/_api", name), "utf8");
        expect(await run.read(name), name).toBe(committed);
      }
    } finally {
      await run.cleanUp();
    }
  });

  test("a schema behind a sign-in: refused without an account, read with one, whose token is then blacklisted", async ({
    user,
  }) => {
    const schema = `${DJANGO_API_URL}/_test/schema/private/`;
    const refused = await codegen(["--schema", schema]);
    await refused.cleanUp();
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("answered 401");
    expect(refused.stderr).toContain("Pass --username and --password");
    expect(refused.files).toEqual([]);

    const wrong = await codegen([
      "--schema",
      schema,
      "--username",
      user.username,
      "--password",
      "no",
    ]);
    await wrong.cleanUp();
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain("wrong username or password");

    const signedIn = await codegen([
      "--schema",
      schema,
      "--username",
      user.username,
      "--password",
      user.password,
    ]);
    try {
      expect(signedIn.code, signedIn.stderr).toBe(0);
      expect(signedIn.files).toEqual(GENERATED);
      expect(await signedIn.read("calls.gen.ts")).toContain("export const listNotes");
    } finally {
      await signedIn.cleanUp();
    }
    expect(signedIn.stderr).not.toContain("Could not blacklist");
    expect(await liveRefreshTokens(user.username)).toBe(0);
  });

  test("no Django, or no schema there: a clear error, exit 1, nothing written", async () => {
    const nobody = await codegen([
      "--schema",
      `http://127.0.0.1:${await findFreePort()}/api/schema/`,
    ]);
    await nobody.cleanUp();
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toMatch(/No answer from .*ECONNREFUSED.*Is Django running\?/);
    expect(nobody.files).toEqual([]);

    const missing = await codegen(["--schema", `${DJANGO_API_URL}/no-schema-here/`]);
    await missing.cleanUp();
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("answered 404, not the schema");
    expect(missing.files).toEqual([]);
  });
});
