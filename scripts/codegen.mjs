#!/usr/bin/env node
// `npm run codegen`: typed calls from Django's OpenAPI schema (docs/adapting.md). Reads the schema
// from a URL or a file, writes types, zod schemas and one call per operation into app/_api/.
// Exit 0 when written (or, with --check, unchanged), 1 when it failed or drifted, 2 for usage errors.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";

import { generateFiles, GENERATED_FILES } from "./codegen/generate.mjs";
import { prepareSchema, SchemaError } from "./codegen/prepare-schema.mjs";
import { readSchema } from "./codegen/read-schema.mjs";
import { UsageError } from "./doctor/args.mjs";
import { loadDoctorConfig } from "./doctor/config.mjs";

const USAGE = `Usage: npm run codegen -- [options]

Writes typed calls from your Django's OpenAPI 3 schema (drf-spectacular, or DRF's own generator).

  --schema <url|file>   where the schema is (default: DJANGO_API_URL + schema/); a file may be
                        JSON or YAML (manage.py spectacular --file schema.yml)
  --username <name>     sign in with this account when the schema view asks for it
  --password <secret>   its password
  --out <dir>           the generated folder (default: app/_api)
  --exclude <pattern>   leave out operations matching this regex on "METHOD path" (repeatable),
                        e.g. --exclude "^DELETE " or --exclude "admin/"
  --check               write nothing; exit 1 when the folder differs from what the schema gives
  --help, -h            this text`;

function parseCodegenArgs(argv) {
  try {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        schema: { type: "string" },
        username: { type: "string" },
        password: { type: "string" },
        out: { type: "string", default: "app/_api" },
        exclude: { type: "string", multiple: true, default: [] },
        check: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
    const exclude = values.exclude.map((pattern) => {
      try {
        return new RegExp(pattern);
      } catch (error) {
        throw new UsageError(`--exclude ${pattern}: ${error.message}`);
      }
    });
    return { ...values, exclude };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

async function main() {
  const options = parseCodegenArgs(process.argv.slice(2));
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const started = performance.now();
  const config = await loadDoctorConfig({});
  const source = options.schema ?? `${config.apiUrl}/schema/`;
  const document = await readSchema(source, { ...config, ...options });
  const enginePaths = [config.tokenPath, config.refreshPath, config.blacklistPath];
  if (config.logoutAllPath) enginePaths.push(config.logoutAllPath);
  const prepared = prepareSchema(document, {
    basePath: new URL(config.apiUrl).pathname,
    enginePaths,
    exclude: options.exclude,
  });
  if (prepared.operations.length === 0) {
    throw new SchemaError(`${source} describes no operation under ${config.apiUrl} to generate.`);
  }
  const outDir = path.resolve(options.out);
  const files = await generateFiles(prepared);

  const changed = [];
  for (const name of GENERATED_FILES) {
    const existing = await readFile(path.join(outDir, name), "utf8").catch(() => null);
    if (existing !== files.get(name)) changed.push(name);
  }
  const where = path.relative(process.cwd(), outDir) || ".";
  for (const { label, why } of prepared.leftOut) console.log(`  left out ${label}: ${why}`);
  if (options.check) {
    if (changed.length === 0) {
      console.log(`${where} matches ${source} (${prepared.operations.length} operations).`);
      return 0;
    }
    console.error(
      `${where} differs from what ${source} gives: ${changed.join(", ")}. Run npm run codegen and commit the result.`,
    );
    return 1;
  }
  await mkdir(outDir, { recursive: true });
  for (const name of changed) await writeFile(path.join(outDir, name), files.get(name));
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `${prepared.operations.length} operations from ${source} → ${where} (${changed.length} of ${GENERATED_FILES.length} files changed) in ${seconds} s.`,
  );
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${USAGE}`);
    process.exitCode = 2;
  } else if (error instanceof SchemaError) {
    console.error(error.message);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
