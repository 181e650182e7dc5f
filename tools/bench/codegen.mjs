// `npm run codegen`'s cost: wall time and output size on the bundled Django's schema (DRF's own
// generator) and on a synthetic drf-spectacular-like schema of a few hundred operations.
// Usage: node tools/bench/codegen.mjs [--resources 60]
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const ENV = {
  NODE_ENV: "development",
  PATH: process.env.PATH ?? "",
  HOME: os.homedir(),
  DJANGO_API_URL: "http://127.0.0.1:8000/api",
};

const ref = (name) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema) => ({ content: { "application/json": { schema } } });

/**
 * `resources` models, each with list (paginated, filtered), create, retrieve, update,
 * partial_update, destroy and one custom action: 7 operations and 4 components per model.
 */
export function syntheticSchema(resources) {
  const paths = {};
  const schemas = {};
  const security = [{ jwtAuth: [] }];
  for (let i = 0; i < resources; i += 1) {
    const name = `Thing${i}`;
    const plural = `things-${i}`;
    const fields = {
      id: { type: "integer", readOnly: true },
      title: { type: "string", maxLength: 200 },
      slug: { type: "string", pattern: "^[-a-zA-Z0-9_]+\\Z" },
      status: { enum: ["draft", "published", "archived"], type: "string" },
      price: { type: "string", format: "decimal", pattern: "^-?\\d{0,8}(?:\\.\\d{0,2})?$" },
      owner_email: { type: "string", format: "email", readOnly: true },
      tags: { type: "array", items: { type: "string" } },
      parent: { type: "integer", nullable: true },
      created: { type: "string", format: "date-time", readOnly: true },
      ...(i > 0 ? { related: { allOf: [ref(`Thing${i - 1}`)], readOnly: true } } : {}),
    };
    schemas[name] = { type: "object", properties: fields, required: ["title", "slug"] };
    schemas[`${name}Request`] = {
      type: "object",
      properties: { title: fields.title, slug: fields.slug, status: fields.status },
      required: ["title", "slug"],
    };
    schemas[`Patched${name}Request`] = {
      type: "object",
      properties: { title: fields.title, status: fields.status },
    };
    schemas[`Paginated${name}List`] = {
      type: "object",
      required: ["count", "results"],
      properties: {
        count: { type: "integer", example: 123 },
        next: { type: "string", nullable: true, format: "uri" },
        previous: { type: "string", nullable: true, format: "uri" },
        results: { type: "array", items: ref(name) },
      },
    };
    const id = [{ in: "path", name: "id", required: true, schema: { type: "integer" } }];
    const query = ["page", "page_size", "status", "search", "ordering"].map((param) => ({
      in: "query",
      name: param,
      schema: { type: param.startsWith("page") ? "integer" : "string" },
    }));
    const op = (operationId, extra) => ({ operationId, security, ...extra });
    paths[`/api/${plural}/`] = {
      get: op(`${plural}_list`, {
        parameters: query,
        responses: { 200: { description: "", ...json(ref(`Paginated${name}List`)) } },
      }),
      post: op(`${plural}_create`, {
        requestBody: { required: true, ...json(ref(`${name}Request`)) },
        responses: { 201: { description: "", ...json(ref(name)) } },
      }),
    };
    paths[`/api/${plural}/{id}/`] = {
      get: op(`${plural}_retrieve`, {
        parameters: id,
        responses: { 200: { description: "", ...json(ref(name)) } },
      }),
      put: op(`${plural}_update`, {
        parameters: id,
        requestBody: { required: true, ...json(ref(`${name}Request`)) },
        responses: { 200: { description: "", ...json(ref(name)) } },
      }),
      patch: op(`${plural}_partial_update`, {
        parameters: id,
        requestBody: json(ref(`Patched${name}Request`)),
        responses: { 200: { description: "", ...json(ref(name)) } },
      }),
      delete: op(`${plural}_destroy`, { parameters: id, responses: { 204: { description: "" } } }),
    };
    paths[`/api/${plural}/{id}/publish/`] = {
      post: op(`${plural}_publish_create`, {
        parameters: id,
        responses: { 200: { description: "", ...json(ref(name)) } },
      }),
    };
  }
  return {
    openapi: "3.0.3",
    info: { title: "Synthetic", version: "1" },
    paths,
    components: {
      schemas,
      securitySchemes: { jwtAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
    },
  };
}

/** One codegen run into a scratch folder: its wall time and what it wrote. */
async function timeCodegen(schemaFile) {
  const out = await mkdtemp(path.join(os.tmpdir(), "codegen-bench-"));
  try {
    const started = performance.now();
    const run = spawnSync("node", ["scripts/codegen.mjs", "--schema", schemaFile, "--out", out], {
      cwd: REPO,
      env: ENV,
      encoding: "utf8",
    });
    const ms = performance.now() - started;
    if (run.status !== 0) throw new Error(`codegen failed:\n${run.stdout}${run.stderr}`);
    const operations = Number(/(\d+) operations from/.exec(run.stdout)?.[1]);
    const files = {};
    for (const name of await readdir(out)) {
      const text = await readFile(path.join(out, name), "utf8");
      files[name] = {
        kB: +(Buffer.byteLength(text) / 1024).toFixed(1),
        lines: text.split("\n").length,
      };
    }
    return { ms: Math.round(ms), operations, files };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

async function main() {
  const { values } = parseArgs({ options: { resources: { type: "string", default: "60" } } });
  const dir = await mkdtemp(path.join(os.tmpdir(), "codegen-schemas-"));
  try {
    const bundled = path.join(dir, "bundled.json");
    const generated = spawnSync(
      "/usr/bin/python3",
      ["manage.py", "generateschema", "--urlconf", "api.schema_urls", "--format", "openapi-json"],
      { cwd: path.join(REPO, "tests/django"), encoding: "utf8", maxBuffer: 64 << 20 },
    );
    if (generated.status !== 0) throw new Error(`generateschema failed:\n${generated.stderr}`);
    await writeFile(bundled, generated.stdout);
    const synthetic = path.join(dir, "synthetic.json");
    await writeFile(synthetic, JSON.stringify(syntheticSchema(Number(values.resources))));

    const rows = [];
    for (const [label, file] of [
      ["bundled Django (DRF's generator)", bundled],
      [`synthetic, ${values.resources} resources`, synthetic],
    ]) {
      // Three runs each: the first pays for a cold file cache; the median is quoted.
      const runs = [];
      for (let i = 0; i < 3; i += 1) runs.push(await timeCodegen(file));
      const sorted = runs.map((run) => run.ms).sort((a, b) => a - b);
      rows.push({
        label,
        operations: runs[0].operations,
        medianMs: sorted[1],
        files: runs[0].files,
      });
    }
    for (const row of rows) {
      const sizes = Object.entries(row.files)
        .map(([name, { kB, lines }]) => `${name} ${kB} kB/${lines} lines`)
        .join(", ");
      console.log(
        `${row.label}: ${row.operations} operations in ${row.medianMs} ms (median of 3); ${sizes}`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
