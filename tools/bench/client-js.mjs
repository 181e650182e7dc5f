import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";

// What the page would load anyway with any Next.js + axios + next-auth app: not the template's.
const EXCLUDED_PACKAGES = new Set([
  "next",
  "react",
  "react-dom",
  "scheduler",
  "@swc/helpers",
  "styled-jsx",
  "axios",
  "next-auth",
  "@babel/runtime",
]);

/**
 * The client JS the template adds to a page, gzipped. Method: the chunks the page's HTML
 * references; every byte of each chunk attributed to its original file through the chunk's
 * source map (the copy is built with productionBrowserSourceMaps); bytes from the excluded
 * packages and Turbopack's runtime dropped; the rest (our app/ and lib/ code, and packages we
 * chose, e.g. zod) gzipped together at level 9.
 */
export async function measureClientJs(appDir, html) {
  const chunkDir = path.join(appDir, ".next", "static", "chunks");
  const names = [...new Set(html.match(/\/_next\/static\/chunks\/[\w\-.~]+\.js/g) ?? [])].map(
    (url) => path.basename(url),
  );
  const counted = new Map(); // source → code (a module in two chunks counts once)
  let pageBytes = "";
  let mapped = 0;
  for (const name of names) {
    const code = await readFile(path.join(chunkDir, name), "utf8");
    pageBytes += code;
    const mapName = code.match(/\/\/# sourceMappingURL=([\w\-.~]+\.map)\s*$/)?.[1];
    if (!mapName || !existsSync(path.join(chunkDir, mapName))) continue; // polyfills: Next's
    mapped++;
    const map = JSON.parse(await readFile(path.join(chunkDir, mapName), "utf8"));
    const perSource = attribute(code, map);
    for (const [index, text] of perSource) {
      const source = map.sources[index];
      const owner = ownerOf(source);
      if (owner === null || EXCLUDED_PACKAGES.has(owner) || counted.has(source)) continue;
      counted.set(source, { owner, text });
    }
  }
  if (mapped === 0) throw new Error("No client chunk has a source map: cannot attribute bytes.");
  const byOwner = {};
  for (const { owner, text } of counted.values())
    byOwner[owner] = `${byOwner[owner] ?? ""}${text}\n`;
  const templateCode = [...counted.values()].map(({ text }) => text).join("\n");
  return {
    chunks: names.length,
    pageGzipKb: kb(gzipSync(pageBytes, { level: 9 }).length),
    templateGzipKb: kb(gzipSync(templateCode, { level: 9 }).length),
    templateGzipKbByOwner: Object.fromEntries(
      Object.entries(byOwner).map(([owner, code]) => [
        owner,
        kb(gzipSync(code, { level: 9 }).length),
      ]),
    ),
  };
}

const kb = (bytes) => Number((bytes / 1024).toFixed(2));

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Source map v3: each generated range, from one mapping to the next, goes to its source. */
function attribute(code, map) {
  const lines = code.split("\n");
  const perSource = new Map();
  let source = 0;
  map.mappings.split(";").forEach((encoded, lineIndex) => {
    const line = lines[lineIndex] ?? "";
    let column = 0;
    let previous = null; // [column, source] of the segment being extended
    for (const segment of encoded.split(",").filter(Boolean)) {
      const fields = decodeVlq(segment);
      column += fields[0];
      if (previous) add(perSource, previous[1], line.slice(previous[0], column));
      if (fields.length > 1) source += fields[1];
      previous = fields.length > 1 ? [column, source] : null;
    }
    if (previous) add(perSource, previous[1], line.slice(previous[0]));
  });
  return perSource;
}

function add(perSource, source, text) {
  perSource.set(source, (perSource.get(source) ?? "") + text);
}

function decodeVlq(segment) {
  const values = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return values;
}
/** "axios", "@swc/helpers", "template" (our own files), or null (Turbopack's runtime). */
function ownerOf(source) {
  if (!source) return null;
  const project = source.indexOf("[project]/");
  if (project === -1) return null;
  const relative = source.slice(project + "[project]/".length);
  const match = relative.match(/(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (match) return match[1];
  return "template";
}
