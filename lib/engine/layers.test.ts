import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ENGINE = path.dirname(new URL(import.meta.url).pathname);

/** A file's layer: its folder under lib/, or the file's own name for lib/engine/contract.ts and the like. */
function layerOf(relative: string): string {
  const [first = "", ...rest] = relative.split("/");
  return rest.length > 0 ? first : first.replace(/\.(m?[jt]sx?)$/, "");
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx|mjs)$/.test(entry.name) && !/\.test\./.test(entry.name) ? [full] : [];
  });
}

/** Folder → the folders it imports (`from "@/lib/engine/<folder>/..."`), tests left out. */
function readLayerGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(ENGINE)) {
    const from = layerOf(path.relative(ENGINE, file));
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    const imports = readFileSync(file, "utf8").matchAll(/from "@\/lib\/(?:engine\/)?([^"]+)"/g);
    for (const [, target = ""] of imports) {
      const to = layerOf(target);
      if (to !== from) edges.add(to);
    }
  }
  return graph;
}

/** Every import path that comes back to where it started, e.g. ["session", "auth", "session"]. */
function findCycles(graph: Map<string, Set<string>>): string[][] {
  const cycles: string[][] = [];
  const walk = (node: string, trail: string[]) => {
    for (const next of graph.get(node) ?? []) {
      if (next === trail[0]) cycles.push([...trail, next]);
      else if (!trail.includes(next) && next > trail[0]!) walk(next, [...trail, next]);
    }
  };
  for (const start of graph.keys()) walk(start, [start]);
  return cycles;
}

describe("lib/engine layers", () => {
  it("point one way: no folder imports one that imports it back", () => {
    expect(findCycles(readLayerGraph()).map((cycle) => cycle.join(" → "))).toEqual([]);
  });

  it("keep the browser-safe contract and the bottom layers free of the wiring", () => {
    const graph = readLayerGraph();
    for (const bottom of ["contract", "session", "http", "refresh", "django"]) {
      expect([...(graph.get(bottom) ?? [])], bottom).not.toContain("auth");
    }
    expect([...(graph.get("contract") ?? [])]).toEqual([]);
  });

  it("finds a cycle when there is one", () => {
    const graph = new Map([
      ["a", new Set(["b"])],
      ["b", new Set(["c"])],
      ["c", new Set(["a"])],
    ]);
    expect(findCycles(graph)).toEqual([["a", "b", "c", "a"]]);
  });

  it("import nothing outside the engine but packages, by alias or by relative path", () => {
    expect(importsLeavingEngine(sourceFiles(ENGINE))).toEqual([]);
  });

  it("never read the environment: settings come from createDjangoAuth", () => {
    const readers = sourceFiles(ENGINE).filter((file) =>
      /process\.env/.test(withoutComments(readFileSync(file, "utf8"))),
    );
    expect(readers.map((file) => path.relative(ENGINE, file))).toEqual([]);
  });

  it("finds an import that leaves the engine", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "engine-"));
    const file = path.join(dir, "instrument.ts");
    writeFileSync(file, 'import { auth } from "../auth";\nimport "@/app/page";\nimport "zod";\n');
    try {
      expect(importsLeavingEngine([file], dir)).toEqual([
        "instrument.ts → ../auth",
        "instrument.ts → @/app/page",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** `file → specifier` for each import (static, dynamic, re-export) resolving outside `engine`. */
function importsLeavingEngine(files: string[], engine = ENGINE): string[] {
  const root = path.resolve(ENGINE, "../..");
  return files.flatMap((file) => {
    const source = readFileSync(file, "utf8");
    const specifiers = source.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g);
    return [...specifiers].flatMap(([, specifier = ""]) => {
      const target = specifier.startsWith("@/")
        ? path.join(root, specifier.slice(2))
        : specifier.startsWith(".")
          ? path.resolve(path.dirname(file), specifier)
          : null; // A package.
      if (target === null || target.startsWith(`${engine}${path.sep}`)) return [];
      return [`${path.relative(engine, file)} → ${specifier}`];
    });
  });
}

const withoutComments = (source: string) =>
  source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
