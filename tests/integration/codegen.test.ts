import { spawnSync } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNote, listNotes } from "@/app/_api";
import { toDjangoOutcome } from "@/lib/engine/django/django-outcome";
import { SYSTEM_PYTHON } from "@/tests/support/gunicorn";

// `npm run codegen` on the bundled Django's own schema (DRF's generator, `manage.py
// generateschema`): the committed app/_api/ is what it gives, and a field renamed in Django fails
// `tsc` where the app used it. The schema from a URL: tests/e2e/scripts/codegen.spec.ts.

const REPO = path.resolve(__dirname, "../..");
const DJANGO = path.join(REPO, "tests/django");
const SCRATCH = path.join(REPO, "node_modules/.cache");

/** Always in CI (which installs Django and uritemplate); elsewhere when /usr/bin/python3 has them. */
const hasDjango =
  Boolean(process.env.CI) ||
  spawnSync(SYSTEM_PYTHON, ["-c", "import rest_framework, uritemplate"]).status === 0;

function run(command: string, args: string[], cwd = REPO) {
  const env = {
    NODE_ENV: "development" as const,
    PATH: process.env.PATH ?? "",
    HOME: os.homedir(),
  };
  const result = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    env: { ...env, DJANGO_API_URL: "http://127.0.0.1:8000/api" },
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

/** `manage.py generateschema` of the API app in `djangoDir`, as JSON, into `file`. */
async function generateSchema(djangoDir: string, file: string) {
  const args = ["manage.py", "generateschema", "--urlconf", "api.schema_urls"];
  const result = run(
    SYSTEM_PYTHON,
    [...args, "--format", "openapi-json", "--file", file],
    djangoDir,
  );
  expect(result.code, result.output).toBe(0);
}

const codegen = (...args: string[]) => run("node", ["scripts/codegen.mjs", ...args]);

describe.runIf(hasDjango)("npm run codegen on the bundled Django's schema", () => {
  let dir: string;
  let schema: string;

  beforeAll(async () => {
    await mkdir(SCRATCH, { recursive: true });
    dir = await mkdtemp(path.join(SCRATCH, "codegen-"));
    schema = path.join(dir, "schema.json");
    await generateSchema(DJANGO, schema);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("gives exactly the committed app/_api/ (the check CI runs), and --check sees a change", async () => {
    const check = codegen("--schema", schema, "--check");
    expect(check.code, check.output).toBe(0);
    expect(check.output).toContain("app/_api matches");

    const changed = JSON.parse(await readFile(schema, "utf8"));
    changed.components.schemas.Note.properties.pinned = { type: "boolean" };
    const changedFile = path.join(dir, "changed.json");
    await writeFile(changedFile, JSON.stringify(changed));
    const drift = codegen("--schema", changedFile, "--check");
    expect(drift.code).toBe(1);
    expect(drift.output).toContain("differs from what");
    expect(drift.output).toContain("types.gen.ts, zod.gen.ts");
    // --check writes nothing.
    expect(codegen("--schema", schema, "--check").code).toBe(0);
  }, 60_000);

  it("a field renamed in Django's serializer fails tsc on the files that used the old name", async () => {
    const django = path.join(dir, "django");
    await cp(DJANGO, django, {
      recursive: true,
      filter: (source) => !/__pycache__|\.sqlite3$/.test(source),
    });
    const serializers = path.join(django, "api/serializers.py");
    const source = await readFile(serializers, "utf8");
    const declared = '        fields = ["id", "text", "created"]';
    expect(source).toContain(declared);
    await writeFile(
      serializers,
      source
        .replace(
          "    class Meta:\n        model = Note",
          '    body = serializers.CharField(source="text", max_length=500)\n\n    class Meta:\n        model = Note',
        )
        .replace(declared, '        fields = ["id", "body", "created"]'),
    );
    const renamedSchema = path.join(dir, "renamed.json");
    await generateSchema(django, renamedSchema);

    const typecheck = async (schemaFile: string, name: string) => {
      const out = path.join(dir, name);
      const generated = codegen("--schema", schemaFile, "--out", out);
      expect(generated.code, generated.output).toBe(0);
      const tsconfig = path.join(dir, `tsconfig.${name}.json`);
      const users = [
        "lib/engine/auth/next-auth.d.ts", // next-auth's session type, as the project declares it
        "app/_resources/notes.ts",
        "app/(protected)/dashboard/_components/notes/note-item.tsx",
        "app/(protected)/dashboard/_components/notes/notes-card.tsx",
      ];
      await writeFile(
        tsconfig,
        JSON.stringify({
          extends: path.join(REPO, "tsconfig.json"),
          compilerOptions: {
            incremental: false,
            plugins: [],
            paths: { "@/app/_api": [path.join(out, "index.ts")], "@/*": [`${REPO}/*`] },
          },
          include: [],
          files: users.map((file) => path.join(REPO, file)),
        }),
      );
      return run("npx", ["tsc", "--noEmit", "-p", tsconfig]);
    };

    // The same files type-check against Django as it is: the failure below is the rename's.
    const before = await typecheck(schema, "as-is");
    expect(before.code, before.output).toBe(0);

    const after = await typecheck(renamedSchema, "renamed");
    expect(after.code).not.toBe(0);
    expect(after.output).toMatch(/app\/_resources\/notes\.ts\(\d+,\d+\): error TS\d+: .*'text'/);
    expect(after.output).toMatch(
      /note-item\.tsx\(\d+,\d+\): error TS2339: Property 'text' does not exist/,
    );
  }, 120_000);
});

describe("a generated call's schema at run time", () => {
  const note = { id: 7, text: "Hello", created: "2026-12-06T10:00:00.123456Z" };

  it("accepts Django's answers: page links as proxy paths, datetimes with an offset or none", () => {
    const [, options] = listNotes({ query: { limit: 2 } });
    const page = {
      count: 3,
      next: "/api/django/notes/?limit=2&offset=2",
      previous: null,
      results: [note, { ...note, id: 8, created: "2026-12-06T11:00:00+01:00" }],
    };
    expect(toDjangoOutcome(200, page, options.schema)).toEqual({
      ok: true,
      status: 200,
      data: page,
    });
    const naive = { ...note, created: "2026-12-06T10:00:00" }; // USE_TZ = False
    expect(toDjangoOutcome(201, naive, createNote({ body: { text: "x" } })[1].schema).ok).toBe(
      true,
    );
  });

  it("an answer that breaks the schema (a renamed field) is the unavailable outcome, never a throw", () => {
    const [, options] = listNotes();
    const renamed = { count: 1, next: null, previous: null, results: [{ id: 7, body: "Hello" }] };
    expect(toDjangoOutcome(200, renamed, options.schema)).toEqual({
      ok: false,
      error: "unavailable",
    });
    expect(toDjangoOutcome(200, "<html>maintenance</html>", options.schema)).toEqual({
      ok: false,
      error: "unavailable",
    });
  });
});
