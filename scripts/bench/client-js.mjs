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
 * references; each chunk cut into its modules with Turbopack's sectioned source maps (the copy
 * is built with productionBrowserSourceMaps); modules of the excluded packages and Turbopack's
 * runtime dropped; the rest (our app/ and lib/ code, and packages we chose, e.g. zod) gzipped
 * together at level 9.
 */
export async function measureClientJs(appDir, html) {
  const chunkDir = path.join(appDir, ".next", "static", "chunks");
  const names = [...new Set(html.match(/\/_next\/static\/chunks\/[\w\-.~]+\.js/g) ?? [])].map(
    (url) => path.basename(url),
  );
  const counted = new Map(); // module source → code (a module shared by chunks counts once)
  const byOwner = {};
  let pageBytes = "";
  for (const name of names) {
    const code = await readFile(path.join(chunkDir, name), "utf8");
    pageBytes += code;
    const mapFile = path.join(chunkDir, `${name}.map`);
    if (!existsSync(mapFile)) continue; // no map: a runtime or polyfill chunk, not module code
    const map = JSON.parse(await readFile(mapFile, "utf8"));
    if (!Array.isArray(map.sections)) {
      throw new Error(`${name}.map has no sections: cannot tell modules apart.`);
    }
    for (const { source, text } of cutIntoModules(code, map.sections)) {
      const owner = ownerOf(source);
      if (owner === null || EXCLUDED_PACKAGES.has(owner)) continue;
      if (counted.has(source)) continue;
      counted.set(source, text);
      byOwner[owner] = (byOwner[owner] ?? 0) + text.length;
    }
  }
  const templateCode = [...counted.values()].join("\n");
  return {
    chunks: names.length,
    pageGzipKb: kb(gzipSync(pageBytes, { level: 9 }).length),
    templateGzipKb: kb(gzipSync(templateCode, { level: 9 }).length),
    templateRawKbByOwner: Object.fromEntries(
      Object.entries(byOwner).map(([owner, bytes]) => [owner, kb(bytes)]),
    ),
  };
}

const kb = (bytes) => Number((bytes / 1024).toFixed(2));

function cutIntoModules(code, sections) {
  const lineStarts = [0];
  for (let i = 0; i < code.length; i++) if (code[i] === "\n") lineStarts.push(i + 1);
  const at = ({ line, column }) => (lineStarts[line] ?? code.length) + column;
  return sections.map((section, i) => {
    const next = sections[i + 1];
    const source = (section.map?.sources ?? []).find(Boolean) ?? null;
    return { source, text: code.slice(at(section.offset), next ? at(next.offset) : code.length) };
  });
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
