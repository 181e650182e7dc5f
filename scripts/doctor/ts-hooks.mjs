// Module hooks that let the doctor import auth.config.ts in plain Node: TypeScript files are
// transpiled (types dropped, nothing checked), "@/" is the project root as in tsconfig.json, and
// "server-only" is an empty module. Registered by load-app-config.mjs; never part of the app.
import { stat, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";

let root = process.cwd();

/** @param {{ root: string }} data */
export function initialize(data) {
  root = data.root;
}

const EXTENSIONS = ["", ".ts", ".tsx", ".mjs", ".js", "/index.ts", "/index.tsx"];

async function resolveFile(base) {
  for (const extension of EXTENSIONS) {
    const candidate = `${base}${extension}`;
    if ((await stat(candidate).catch(() => null))?.isFile())
      return { url: pathToFileURL(candidate).href, shortCircuit: true };
  }
  return null;
}

export async function resolve(specifier, context, next) {
  if (specifier === "server-only") return { url: "data:text/javascript,", shortCircuit: true };
  const isFromTs = /\.tsx?$/.test(context.parentURL ?? "");
  const base = specifier.startsWith("@/")
    ? path.join(root, specifier.slice(2))
    : isFromTs && specifier.startsWith(".")
      ? fileURLToPath(new URL(specifier, context.parentURL))
      : null;
  return (base && (await resolveFile(base))) || next(specifier, context);
}

export async function load(url, context, next) {
  if (!/\.tsx?$/.test(url)) return next(url, context);
  const fileName = fileURLToPath(url);
  const { outputText } = ts.transpileModule(await readFile(fileName, "utf8"), {
    fileName,
    compilerOptions: {
      module: ts.ModuleKind.ESNext,
      target: ts.ScriptTarget.ES2022,
      jsx: ts.JsxEmit.ReactJSX,
    },
  });
  return { format: "module", source: outputText, shortCircuit: true };
}
